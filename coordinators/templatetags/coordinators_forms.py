"""A form's fields in the Bootstrap 5 markup crispy-forms gives them, without its <form> tag
(coordinators/_form_fields.html): {% form_fields form %} in a template, fields_html(form) in a
view. A blank form is rendered once per language for the process (blank_fields: the blank
progress form under each output of a plan, with each output's prefix; the blank activity form),
a bound one once per form object."""

import functools

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# A prefix that no label or attribute of a form's markup holds, replaced by each real prefix.
_PREFIX_SLOT = "zzprefixslotzz"


def fields_html(form) -> SafeString:
    """The form's fields, rendered once per form object (kept on the object)."""
    html = getattr(form, "_fields_html", None)
    if html is None:
        html = form._fields_html = render_to_string("coordinators/_form_fields.html", {"form": form})
    return html


@functools.lru_cache(maxsize=32)
def _blank_html(form_class, prefix: str | None, language: str | None) -> SafeString:
    # a blank form's markup depends on nothing but its class, its prefix and the language of its labels
    return fields_html(form_class(prefix=prefix))


def blank_fields(form_class, prefixes=None) -> SafeString | dict[str, SafeString]:
    """A blank form_class()'s fields; with prefixes, {prefix: fields} of a blank
    form_class(prefix=prefix) for each (names and ids are all that differ between them)."""
    # (a form whose blank markup changes by the day, an initial date of today, is not one for this)
    language = translation.get_language()
    if settings.DEBUG:  # templates edited while the server runs show at once
        _blank_html.cache_clear()
    if prefixes is None:
        return _blank_html(form_class, None, language)
    html = _blank_html(form_class, _PREFIX_SLOT, language)
    # the slot and each prefix are plain identifiers: the replacement keeps the markup safe
    return {prefix: mark_safe(html.replace(_PREFIX_SLOT, prefix)) for prefix in prefixes}


@register.simple_tag
def form_fields(form):
    return fields_html(form)
