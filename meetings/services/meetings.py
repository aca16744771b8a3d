"""Meetings themselves: created (with the standard agenda if asked) and edited."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from directory.models import Convention, Delegation

from ..models import Meeting
from .agenda import agenda_propose
from .invitations import invitation_cancel


def meeting_held_check(meeting: Meeting) -> None:
    """A meeting is marked held only on or after its date (Geneva time): a meeting that has not
    taken place cannot have been held, nor approve minutes (meetings.services.minutes)."""
    if meeting.status == Meeting.Status.HELD and meeting.date and meeting.date > timezone.localdate():
        raise ValidationError(
            {
                "status": _("A meeting can be marked held only on or after its date (%(date)s).")
                % {"date": date_format(meeting.date, "j F Y")}
            }
        )


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
    meeting_held_check(meeting)
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
    """Change a meeting's fields (and its conventions and hosts when given). A meeting whose
    invitation went and that is now cancelled: the invitees are told (invitation_cancel)."""
    was = Meeting.objects.filter(pk=meeting.pk).values_list("status", flat=True).first()
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting_held_check(meeting)
    meeting.save()
    if meeting.status == Meeting.Status.CANCELLED and was != Meeting.Status.CANCELLED:
        invitation_cancel(meeting=meeting)
    if conventions is not None:
        meeting.conventions.set(conventions)
    if hosts is not None:
        meeting.hosts.set(hosts)
    return meeting
