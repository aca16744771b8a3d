"""The invitation to a meeting, e-mailed to the Committee with a calendar entry (.ics), and
each invited delegation's answer (RSVP).

Recipients: see meetings.selectors.invitations (the correspondence contacts of the States
holding a mandate in the meeting's term and of its Presidency, and the portal users of those
delegations). One e-mail per address and SEQUENCE (its notify key): sending again with nothing
changed sends nothing more; after the date, the times or the venue changed, the SEQUENCE is
raised and everybody gets the updated entry, with the same UID."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress

from directory.models import Delegation
from outbox import notify

from ..models import RSVP, Invitation, Meeting
from ..selectors.invitations import invitation_addresses

GENEVA = ZoneInfo("Europe/Zurich")


def _details(meeting: Meeting) -> dict:
    return {
        "sent_date": meeting.date,
        "sent_start_time": meeting.start_time,
        "sent_end_time": meeting.end_time,
        "sent_venue": meeting.venue,
    }


def invitation_ics(meeting: Meeting, *, sequence: int) -> bytes:
    """The calendar entry of the meeting (METHOD:REQUEST), one UID per meeting."""
    calendar = Calendar()
    calendar.add("prodid", "-//ISU-CCM//CCM Portal//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@ccm-portal")
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("sequence", sequence)
    event.add("summary", meeting.title)
    if meeting.venue:
        event.add("location", meeting.venue)
    if meeting.start_time:
        start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=GENEVA)
        end = (
            datetime.datetime.combine(meeting.date, meeting.end_time, tzinfo=GENEVA)
            if meeting.end_time
            else start + datetime.timedelta(hours=1)
        )
    else:  # no time yet: the whole day
        start, end = meeting.date, meeting.date + datetime.timedelta(days=1)
    event.add("dtstart", start)
    event.add("dtend", end)
    organizer = vCalAddress(f"mailto:{_address_of(settings.DEFAULT_FROM_EMAIL)}")
    organizer.params["cn"] = "ISU-CCM"
    event.add("organizer", organizer)
    event.add("url", settings.PORTAL_BASE_URL + reverse("meetings:meeting-detail", args=[meeting.pk]))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _address_of(from_email: str) -> str:
    return from_email.rsplit("<", 1)[-1].rstrip(">").strip()


@transaction.atomic
def invitation_send(*, meeting: Meeting, by: AbstractBaseUser) -> Invitation:
    """Send (or send again) the invitation of a planned meeting to the Committee; the e-mails
    go once the transaction commits. The SEQUENCE is raised when the date, the times or the
    venue changed since the last sending."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(_("Only a planned meeting can be announced."))
    addresses = invitation_addresses(meeting)
    if not addresses:
        raise ValidationError(_("Nobody to invite: the meeting has no term, or its Committee has no e-mail address."))
    details = _details(meeting)
    invitation = Invitation.objects.filter(meeting=meeting).first()
    if invitation is None:
        invitation = Invitation(meeting=meeting, sequence=0, **details)
    elif any(getattr(invitation, name) != value for name, value in details.items()):
        invitation.sequence += 1
        for name, value in details.items():
            setattr(invitation, name, value)
    invitation.sent_at, invitation.sent_by = timezone.now(), by
    invitation.save()
    agenda = sorted(meeting.agenda_items.all(), key=lambda item: item.sort_key)
    base = settings.PORTAL_BASE_URL
    context = {
        "meeting": meeting,
        "agenda": agenda,
        "updated": invitation.sequence > 0,
        "url": base + reverse("meetings:meeting-detail", args=[meeting.pk]),
        "rsvp_url": base + reverse("meetings:rsvp", args=[meeting.pk]),
    }
    ics = invitation_ics(meeting, sequence=invitation.sequence)
    for address in addresses:
        notify.notify(
            key=f"meeting-invitation:{meeting.pk}:{invitation.sequence}:{address.lower()}",
            to=[address],
            template="meetings/email/invitation",
            context=context,
            language=settings.LANGUAGE_CODE,  # the portal keeps no language per recipient
            attachments=[("invitation.ics", ics, "text/calendar; method=REQUEST")],
            kind="meeting-invitation",
            ref=meeting.pk,
        )
    return invitation


@transaction.atomic
def rsvp_answer(*, meeting: Meeting, delegation: Delegation, answer: str, names: str, by: AbstractBaseUser) -> RSVP:
    """Record (or replace) a delegation's answer to the invitation of a meeting."""
    if answer not in RSVP.Answer.values:
        raise ValidationError(_("Unknown answer: %(answer)s") % {"answer": answer})
    rsvp, _created = RSVP.objects.update_or_create(
        meeting=meeting,
        delegation=delegation,
        defaults={"answer": answer, "names": names.strip(), "answered_by": by, "answered_at": timezone.now()},
    )
    return rsvp
