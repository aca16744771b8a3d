"""The navigation bar of every page ({% navbar %} in base.html), drawn once per what it shows.

Drawing it took about 2 ms of each staff page's build on the bench's machine: thirteen links
reversed, twenty labels translated and two includes, the same for every page of a section.
`_navbar.html` is rendered from a context holding only the values it shows (so its output depends
on nothing else) and kept in this process under those values; the two that change with each
request, the CSRF token and the page's address in the language switcher, are put in afterwards in
place of stand-ins. The links and labels depend on the URL configuration and the catalogues too,
fixed while a process runs; a changed setting (a test's override_settings) empties what is kept.
"""

from __future__ import annotations

from django import template
from django.core.exceptions import ObjectDoesNotExist
from django.core.signals import setting_changed
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# Stand-ins: letters and digits only, so escaping leaves them as they are.
TOKEN = "navbarCsrfToken7d3f1e0b9a"
PATH = "navbarFullPath4c8e2a6d1f"
KEPT_MAX = 512  # distinct navigation bars kept per process (language x section x roles x name)

_kept: dict[tuple, str] = {}


class _Page:
    """What the language switcher reads of the request: its address (a stand-in here)."""

    @staticmethod
    def get_full_path() -> str:
        return PATH


@register.simple_tag(takes_context=True)
def navbar(context) -> str:
    request = context.get("request")
    user = context.get("user")
    match = getattr(request, "resolver_match", None)
    authenticated = bool(user is not None and user.is_authenticated)
    is_isu_staff = bool(context.get("is_isu_staff"))
    is_committee_member = bool(context.get("is_committee_member"))
    values = {
        "url_name": match.url_name if match else None,
        "namespace": match.namespace if match else None,
        "is_isu_staff": is_isu_staff,
        "is_committee_member": is_committee_member,
        "is_focal_point": bool(context.get("is_focal_point")),
        "is_authenticated": authenticated,
        "is_staff": bool(authenticated and user.is_staff),
        # read only where the bar shows it, as the template's "and" did (a query for a Coordinator)
        "has_person": bool(authenticated and is_committee_member and not is_isu_staff and _person_of(user) is not None),
        "display_name": (user.get_full_name() or user.get_username()) if authenticated else "",
    }
    token = context.get("csrf_token")
    key = (get_language(), get_script_prefix(), get_urlconf(), token is not None, request is not None, *values.values())
    html = _kept.get(key)
    if html is None:
        shown = {**values, "request": _Page() if request is not None else None}
        if token is not None:
            shown["csrf_token"] = TOKEN
        html = get_template("_navbar.html").render(shown)
        if len(_kept) >= KEPT_MAX:
            _kept.clear()
        _kept[key] = html
    if token is not None:
        html = html.replace(TOKEN, str(token))
    if request is not None:
        html = html.replace(PATH, escape(request.get_full_path()))
    return mark_safe(html)  # noqa: S308 (a template's output, escaped there; the path escaped here)


def _person_of(user):
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


def _forget(**kwargs) -> None:
    _kept.clear()


setting_changed.connect(_forget)
