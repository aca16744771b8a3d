"""The slots of directory/hooks.py in templates.

{% load directory_hooks %}
{% hook_links "state-page" state as links %}
{% for link in links %}<a href="{{ link.url }}">{{ link.label }}</a>{% endfor %}
{% hook_panels "public-home" %}
"""

from django import template
from django.utils.safestring import mark_safe

from directory import hooks

register = template.Library()


def _user(context):
    request = context.get("request")
    return context.get("user") or getattr(request, "user", None)


@register.simple_tag(takes_context=True)
def hook_links(context, where, obj=None):
    """The links registered for the slot `where` that the current user may follow (label, url)."""
    user = _user(context)
    return hooks.links_for(where, user=user, obj=obj) if user is not None else []


@register.simple_tag(takes_context=True)
def hook_panels(context, where, obj=None):
    """The panels registered for the slot `where`, rendered with the page's context."""
    user = _user(context)
    if user is None:
        return ""
    html = []
    for name in hooks.panels_for(where, user=user, obj=obj):
        panel = context.template.engine.get_template(name)
        with context.push(obj=obj):
            html.append(panel.render(context))
    return mark_safe("".join(html))  # rendered by the template engine, which escaped the values
