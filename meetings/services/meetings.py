"""Meetings themselves: created (with the standard agenda if asked) and edited."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from directory.models import Convention, Delegation

from ..models import Meeting
from .agenda import agenda_propose


@transaction.atomic
def meeting_create(
    *,
    by: AbstractBaseUser,
    conventions: Iterable[Convention] = (),
    hosts: Iterable[Delegation] = (),
    propose_agenda: bool = False,
    **fields,
) -> Meeting:
    """Create a meeting from its fields (kind, title, term, date, ...), with the standard agenda
    proposed when asked: all or nothing."""
    meeting = Meeting(created_by=by, **fields)
    meeting.save()
    meeting.conventions.set(conventions)
    meeting.hosts.set(hosts)
    if propose_agenda:
        agenda_propose(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    conventions: Iterable[Convention] | None = None,
    hosts: Iterable[Delegation] | None = None,
    **fields,
) -> Meeting:
    """Change a meeting's fields (and its conventions and hosts when given)."""
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save()
    if conventions is not None:
        meeting.conventions.set(conventions)
    if hosts is not None:
        meeting.hosts.set(hosts)
    return meeting
