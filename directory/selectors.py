"""Who sees which State's profile: the loader the directory pages use.

A State a user may not see answers 404, exactly like a State that does not exist."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from . import roles
from .models import State


def states_visible_to(user):
    """The States this user may see; 404 when they may see none (the list is not theirs)."""
    if not (roles.is_committee_member(user) or roles.state_of(user) is not None):
        raise Http404
    return State.objects.visible_to(user)


def state_for(user, iso3: str, *, queryset=None) -> State:
    """The State with this ISO code, if this user may see it (404 otherwise, whether it exists or not)."""
    queryset = queryset if queryset is not None else State.objects.all()
    return get_object_or_404(queryset.visible_to(user), iso3=str(iso3).upper())
