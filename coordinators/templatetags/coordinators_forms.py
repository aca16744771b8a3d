"""{% form_fields form %}: a form's fields in the Bootstrap 5 markup crispy-forms gives them,
without its <form> tag (coordinators/_form_fields.html), rendered once per page for a form
object shown several times (the blank activity form under each output of a plan)."""

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag(takes_context=True)
def form_fields(context, form):
    rendered = context.render_context.setdefault("coordinators_form_fields", {})
    if id(form) not in rendered:
        rendered[id(form)] = render_to_string("coordinators/_form_fields.html", {"form": form})
    return rendered[id(form)]
