"""Where each person lands after logging in (when the login URL carried no `next`).

- ISU staff (and anyone the landings below do not claim): the dashboard (LOGIN_REDIRECT_URL).
- A Coordinator: their thematic area's page for the current term; the higher app that owns the
  areas (coordinators) registers that landing here in its AppConfig.ready(), so this module never
  imports it:

      register_landing(coordinator_landing, order=10)

- A State focal point: their State's page (directory:state-profile, which a focal point may read
  for their own State only).

A landing is a function of the user that returns a URL, or None to let the next one (by `order`)
decide. The first URL wins; none gives the default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from . import roles

Finder = Callable[[object], "str | None"]


@dataclass(frozen=True, eq=False)
class Landing:
    finder: Finder
    order: int


_landings: list[Landing] = []


def register_landing(finder: Finder, *, order: int = 100) -> Landing:
    """Ask `finder(user)` for a landing URL, lower `order` first. Registering the same function
    again (a second ready()) replaces the first registration."""
    global _landings
    landing = Landing(finder, order)
    others = [item for item in _landings if item.finder is not finder]
    _landings = sorted([*others, landing], key=lambda item: item.order)
    return landing


def unregister_landing(landing: Landing) -> None:
    if landing in _landings:
        _landings.remove(landing)


def focal_point_landing(user) -> str | None:
    """A focal point's own State page."""
    if not roles.is_focal_point(user):
        return None
    state = roles.state_of(user)
    return reverse("directory:state-profile", args=[state.iso3]) if state is not None else None


register_landing(focal_point_landing, order=50)


def landing_url(user, default: str | None = None) -> str:
    """The URL this logged-in user starts from: the first registered landing that claims them,
    else `default` (LOGIN_REDIRECT_URL, the dashboard). ISU staff always get the default."""
    fallback = resolve_url(default or settings.LOGIN_REDIRECT_URL)
    if not user.is_authenticated or roles.is_isu_staff(user):
        return fallback
    for landing in _landings:
        url = landing.finder(user)
        if url:
            return url
    return fallback
