"""The invitation to a meeting, e-mailed to the Committee with a calendar entry (.ics), and
each invited delegation's answer (RSVP).

Recipients: see meetings.selectors.invitations (the correspondence contacts of the States
holding a mandate in the meeting's term and of its Presidency, and the portal users of those
delegations). One e-mail per address and SEQUENCE (its notify key): sending again with nothing
changed sends nothing more. Each e-mail is in its reader's language
(directory.selectors.languages_for_addresses: a user's choice, a State contact's State's language
of correspondence, else English); a reminder to a delegation whose addresses read different
languages is one e-mail per language. After the date, the times or the venue changed, the SEQUENCE is
raised and everybody gets the updated entry, with the same UID. The e-mail carries the meeting
pack (meetings/pack.py) as it stands, and links the latest.

When the meeting is cancelled (meetings.services.meetings.meeting_update), every invitee gets the
cancellation once: METHOD:CANCEL, the same UID, the SEQUENCE raised, STATUS:CANCELLED. A few
days before a planned meeting (INVITATION_REMINDER_DAYS), the delegations that have not answered
are reminded, once per meeting and delegation (the daily beat task
meetings.tasks.remind_unanswered_invitations)."""

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
from directory.selectors import addresses_by_language, languages_for_addresses
from outbox import notify
from outbox.models import Notification

from ..models import RSVP, Invitation, Meeting
from ..pack import pack_render_now
from ..selectors.invitations import delegation_addresses, invitation_addresses, invited_delegations

GENEVA = ZoneInfo("Europe/Zurich")
# The kinds of e-mail about a meeting's invitation (Notification.kind; ref: the meeting's pk).
INVITATION_EMAIL = "meeting-invitation"
CANCELLATION_EMAIL = "meeting-cancellation"
REMINDER_EMAIL = "meeting-invitation-reminder"


def _details(meeting: Meeting) -> dict:
    return {
        "sent_date": meeting.date,
        "sent_start_time": meeting.start_time,
        "sent_end_time": meeting.end_time,
        "sent_venue": meeting.venue,
    }


def invitation_ics(meeting: Meeting, *, sequence: int, method: str = "REQUEST") -> bytes:
    """The calendar entry of the meeting, one UID per meeting: METHOD:REQUEST, or METHOD:CANCEL
    (STATUS:CANCELLED) when it is cancelled."""
    calendar = Calendar()
    calendar.add("prodid", "-//ISU-CCM//CCM Portal//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@ccm-portal")
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("sequence", sequence)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
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
    elif invitation.cancelled_at is not None or any(
        getattr(invitation, name) != value for name, value in details.items()
    ):
        # changed, or announced again after a cancellation: a new version of the entry
        invitation.sequence += 1
        invitation.cancelled_at = None
        for name, value in details.items():
            setattr(invitation, name, value)
    invitation.sent_at, invitation.sent_by = timezone.now(), by
    invitation.save()
    agenda = sorted(meeting.agenda_items.all(), key=lambda item: item.sort_key)
    context = {**_links(meeting), "meeting": meeting, "agenda": agenda, "updated": invitation.sequence > 0}
    ics = ("invitation.ics", invitation_ics(meeting, sequence=invitation.sequence), "text/calendar; method=REQUEST")
    spoken = languages_for_addresses(addresses)
    packs = {}  # the pack in each recipient's language: a stored, frozen file, one per language
    for language in sorted(set(spoken.values())):
        pack = pack_render_now(meeting, language=language)
        packs[language] = [(pack.filename, pack.file, "application/pdf")] if pack is not None else []
    for address in addresses:
        attachments = [ics, *packs[spoken[address.lower()]]]
        notify.notify(
            key=f"meeting-invitation:{meeting.pk}:{invitation.sequence}:{address.lower()}",
            to=[address],
            template="meetings/email/invitation",
            context=context,
            language=spoken[address.lower()],
            attachments=attachments,
            kind=INVITATION_EMAIL,
            ref=meeting.pk,
        )
    return invitation


def _links(meeting: Meeting) -> dict:
    base = settings.PORTAL_BASE_URL
    return {
        "url": base + reverse("meetings:meeting-detail", args=[meeting.pk]),
        "rsvp_url": base + reverse("meetings:rsvp", args=[meeting.pk]),
        "pack_url": base + reverse("meetings:meeting-pack", args=[meeting.pk]),
    }


@transaction.atomic
def invitation_cancel(*, meeting: Meeting) -> Invitation | None:
    """Tell every invitee that the meeting is cancelled, once: an e-mail with the calendar entry's
    cancellation (METHOD:CANCEL, same UID, SEQUENCE raised). The e-mails of the invitation and its
    reminders not sent yet are dropped. Nothing for a meeting whose invitation never went."""
    invitation = Invitation.objects.select_for_update().filter(meeting=meeting).first()
    if invitation is None or invitation.cancelled_at is not None:
        return invitation
    invitation.sequence += 1
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["sequence", "cancelled_at"])
    notify.cancel(kind=INVITATION_EMAIL, ref=meeting.pk)
    notify.cancel(kind=REMINDER_EMAIL, ref=meeting.pk)
    # Those the invitation went to, and whoever is on the Committee now.
    sent = Notification.objects.filter(kind=INVITATION_EMAIL, ref=str(meeting.pk)).values_list("to", flat=True)
    recipients = {a.strip().lower(): a.strip() for to in sent for a in to}
    recipients.update({a.lower(): a for a in invitation_addresses(meeting)})
    ics = invitation_ics(meeting, sequence=invitation.sequence, method="CANCEL")
    context = {**_links(meeting), "meeting": meeting}
    spoken = languages_for_addresses(recipients)
    for key in sorted(recipients):
        notify.notify(
            key=f"meeting-cancellation:{meeting.pk}:{invitation.sequence}:{key}",
            to=[recipients[key]],
            template="meetings/email/invitation_cancelled",
            context=context,
            language=spoken[key],
            attachments=[("cancellation.ics", ics, "text/calendar; method=CANCEL")],
            kind=CANCELLATION_EMAIL,
            ref=meeting.pk,
        )
    return invitation


def invitation_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the invited delegations that have not answered, INVITATION_REMINDER_DAYS days (or
    fewer) before a planned meeting to come whose invitation went: one e-mail per meeting and
    delegation and language, ever (its notify key). Returns how many were asked for now."""
    today = today or timezone.localdate()
    window_end = today + datetime.timedelta(days=settings.INVITATION_REMINDER_DAYS)
    meetings = Meeting.objects.filter(
        status=Meeting.Status.PLANNED,
        date__gt=today,
        date__lte=window_end,
        invitation__isnull=False,
        invitation__cancelled_at__isnull=True,
    ).order_by("date", "pk")
    asked = 0
    for meeting in meetings:
        waiting = invited_delegations(meeting).exclude(rsvps__meeting=meeting).order_by("name")
        addresses = delegation_addresses(waiting)
        context = {**_links(meeting), "meeting": meeting}
        for delegation in waiting:
            key = f"meeting-invitation-reminder:{meeting.pk}:{delegation.pk}"
            # one e-mail per language of the delegation's addresses (the default's keeps the key)
            for language, to in addresses_by_language(addresses.get(delegation.pk, [])).items():
                language_key = notify.language_key(key, language)
                if Notification.objects.filter(key=language_key).exists():
                    continue
                notify.notify(
                    key=language_key,
                    to=to,
                    template="meetings/email/invitation_reminder",
                    context={**context, "delegation": delegation},
                    language=language,
                    kind=REMINDER_EMAIL,
                    ref=meeting.pk,
                )
                asked += 1
    return asked


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
