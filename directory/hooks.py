"""Slots on a lower app's pages that the higher apps fill: the layers hold in the templates too.

A lower app's template never names a higher app's URLs or templates. It leaves a slot instead
(`{% hook_links "state-page" state as links %}`, `{% hook_panels "public-home" %}`, from
`directory_hooks`), and the higher app registers what goes there in its AppConfig.ready():

    register_link("state-page", label=_("Invoices and payments"), url_name="finance:state-account",
                  url_args=lambda state: [state.iso3], predicate=roles.is_isu_staff, order=20)
    register_panel("public-home", template="coordinators/_public_home_panel.html")

A predicate is a `rules` predicate (or a function) of (user, obj): a link or panel is served only
to the users it lets in, so a slot shows exactly what each role showed before it was a slot.

Slots in use: "state-page" (directory/state_profile.html, obj = the State) and "public-home"
(public/home.html, the meetings' public home page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rules
from django.urls import reverse


def _everyone(user, obj=None) -> bool:
    return True


@dataclass(frozen=True, eq=False)
class Link:
    where: str
    label: Any  # a (lazy) translated string
    url_name: str
    url_args: Callable[[Any], list] | None
    predicate: rules.Predicate
    order: int


@dataclass(frozen=True, eq=False)
class Panel:
    where: str
    template: str
    predicate: rules.Predicate
    order: int


@dataclass(frozen=True)
class RenderedLink:
    label: str
    url: str


_links: dict[str, list[Link]] = {}
_panels: dict[str, list[Panel]] = {}


def _as_predicate(predicate) -> rules.Predicate:
    if predicate is None:
        predicate = _everyone
    return predicate if isinstance(predicate, rules.Predicate) else rules.predicate(predicate)


def register_link(
    where: str,
    *,
    label,
    url_name: str,
    url_args: Callable[[Any], list] | None = None,
    predicate=None,
    order: int = 100,
) -> Link:
    """Show a link to `url_name` (its arguments drawn from the page's object by `url_args`) in the
    slot `where`, to the users `predicate(user, obj)` lets in; lower `order` first. Registering the
    same URL name in the same slot again replaces the first registration."""
    link = Link(where, label, url_name, url_args, _as_predicate(predicate), order)
    others = [item for item in _links.get(where, []) if item.url_name != url_name]  # a second ready() replaces
    _links[where] = sorted([*others, link], key=lambda item: item.order)
    return link


def register_panel(where: str, *, template: str, predicate=None, order: int = 100) -> Panel:
    """Render `template` (with the page's context) in the slot `where`, for the users `predicate` lets in."""
    panel = Panel(where, template, _as_predicate(predicate), order)
    others = [item for item in _panels.get(where, []) if item.template != template]
    _panels[where] = sorted([*others, panel], key=lambda item: item.order)
    return panel


def unregister(entry: Link | Panel) -> None:
    registry = _links if isinstance(entry, Link) else _panels
    if entry in registry.get(entry.where, []):
        registry[entry.where].remove(entry)


def links_for(where: str, *, user, obj=None) -> list[RenderedLink]:
    """The links of a slot that this user may follow, in order, with their URLs."""
    return [
        RenderedLink(
            label=str(link.label), url=reverse(link.url_name, args=link.url_args(obj) if link.url_args else ())
        )
        for link in _links.get(where, [])
        if link.predicate.test(user, obj)
    ]


def panels_for(where: str, *, user, obj=None) -> list[str]:
    """The template names of a slot's panels that this user may see, in order."""
    return [panel.template for panel in _panels.get(where, []) if panel.predicate.test(user, obj)]
