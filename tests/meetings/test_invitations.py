"""Issue 16: the invitation of a meeting, e-mailed to the Committee with a calendar entry, and
each invited delegation's answer, which pre-fills the attendance form."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from directory.models import Contact, Mandate
from directory.roles import COORDINATORS
from meetings import services
from meetings.models import RSVP, Meeting
from meetings.tasks import remind_unanswered_invitations
from tests.factories import (
    AgendaItemFactory,
    MeetingFactory,
    PersonFactory,
    TermFactory,
    ThematicAreaFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

# Who must receive the invitation, from the world below: never anybody else.
EXPECTED = {
    "mission@italy.example.org",  # Italy holds a mandate: its correspondence contact
    "coordinator-va@example.org",  # a portal user of Italy's delegation
    "mission@germany.example.org",  # the Presidency's correspondence contact
}


@pytest.fixture
def world(italy, iraq, coordinator_va, focal_point_iraq):
    term = TermFactory()  # 7MSP, Presidency: Germany
    Mandate.objects.create(area=ThematicAreaFactory(name="Victim Assistance", slug="va"), term=term, state=italy)
    Contact.objects.create(
        state=italy, kind="geneva_mission", name="Mission of Italy", email="mission@italy.example.org"
    )
    Contact.objects.create(
        state=italy, kind="capital_ministry", name="Finance", email="finance@italy.example.org",
        for_mission=False, for_finance=True,
    )  # fmt: skip
    Contact.objects.create(
        state=term.presidency, kind="geneva_mission", name="Mission of Germany", email="mission@germany.example.org"
    )
    Contact.objects.create(state=iraq, kind="geneva_mission", name="Mission of Iraq", email="mission@iraq.example.org")
    meeting = MeetingFactory(
        title="Fourth Aardvark meeting", term=term, date=datetime.date(2031, 3, 4),
        start_time=datetime.time(10, 0), end_time=datetime.time(12, 30), venue="Palais des Nations, Room XII",
    )  # fmt: skip
    AgendaItemFactory(meeting=meeting, title="Adoption of the agenda", position=1)
    AgendaItemFactory(meeting=meeting, title="Victim assistance update", position=2)
    services.agenda_renumber(meeting=meeting)
    return meeting


def _send(meeting, by, capture):
    with capture(execute=True):
        return services.invitation_send(meeting=meeting, by=by)


def _ics(message) -> Calendar:
    (attachment,) = [a for a in message.attachments if a[0] == "invitation.ics"]
    return Calendar.from_ical(attachment[1])


def test_the_isu_sends_each_recipient_the_invitation_once(client, world, isu_staff, django_capture_on_commit_callbacks):
    client.force_login(isu_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("meetings:invitation-send", args=[world.pk]))
    assert response.status_code == 302
    assert sorted(address for m in mail.outbox for address in m.to) == sorted(EXPECTED)
    message = mail.outbox[0]
    assert "Fourth Aardvark meeting" in message.subject
    assert "1. Adoption of the agenda" in message.body
    assert "2. Victim assistance update" in message.body
    assert f"/meetings/{world.pk}/" in message.body
    assert "Palais des Nations, Room XII" in message.body
    event = _ics(message).walk("VEVENT")[0]
    assert str(_ics(message)["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"meeting-{world.pk}@ccm-portal"
    assert int(event["SEQUENCE"]) == 0
    assert str(event["SUMMARY"]) == "Fourth Aardvark meeting"
    assert str(event["LOCATION"]) == "Palais des Nations, Room XII"
    assert event["DTSTART"].params["TZID"] == "Europe/Zurich"
    assert event.decoded("DTSTART").replace(tzinfo=None) == datetime.datetime(2031, 3, 4, 10, 0)
    assert event.decoded("DTEND").replace(tzinfo=None) == datetime.datetime(2031, 3, 4, 12, 30)
    # Sent again with nothing changed: nobody receives it twice.
    _send(world, isu_staff, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == len(EXPECTED)


def test_a_change_of_time_sends_sequence_1_with_the_same_uid(world, isu_staff, django_capture_on_commit_callbacks):
    _send(world, isu_staff, django_capture_on_commit_callbacks)
    world.start_time, world.end_time = datetime.time(15, 0), datetime.time(17, 0)
    world.save()
    invitation = _send(world, isu_staff, django_capture_on_commit_callbacks)
    assert invitation.sequence == 1
    later = mail.outbox[len(EXPECTED) :]
    assert sorted(address for m in later for address in m.to) == sorted(EXPECTED)
    event = _ics(later[0]).walk("VEVENT")[0]
    assert str(event["UID"]) == f"meeting-{world.pk}@ccm-portal"
    assert int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART").replace(tzinfo=None) == datetime.datetime(2031, 3, 4, 15, 0)


def test_only_the_isu_sends_it(client, world, coordinator_va):
    client.force_login(coordinator_va)
    assert client.post(reverse("meetings:invitation-send", args=[world.pk])).status_code == 403
    assert mail.outbox == []


def test_a_delegation_member_answers_and_the_attendance_form_is_prefilled(
    client, world, isu_staff, coordinator_va, italy, django_capture_on_commit_callbacks
):
    _send(world, isu_staff, django_capture_on_commit_callbacks)
    client.force_login(coordinator_va)
    url = reverse("meetings:rsvp", args=[world.pk])
    assert "Fourth Aardvark meeting" in client.get(url).content.decode()
    response = client.post(url, {"answer": "remote", "names": "Ms. Zephyrine Quill"})
    assert response.status_code == 302
    rsvp = RSVP.objects.get(meeting=world, delegation=italy.delegation)
    assert (rsvp.answer, rsvp.names, rsvp.answered_by) == ("remote", "Ms. Zephyrine Quill", coordinator_va)

    client.force_login(isu_staff)
    page = client.get(reverse("meetings:attendance-edit", args=[world.pk]))
    rows = [f.initial for f in page.context["formset"].forms if f.initial]
    assert {"delegation": italy.delegation.pk, "person": None, "status": "remote"} in rows  # nobody known named
    assert 'value="remote" selected' in page.content.decode()

    # The people an answer names who are in the register get their own lines, misspelt or titled.
    quill = PersonFactory(first_name="Zephyrine", last_name="Quill", delegation=italy.delegation)
    brandt = PersonFactory(first_name="Bela", last_name="Brandt", delegation=italy.delegation)
    otto = PersonFactory(first_name="Otto", last_name="Unnamed", delegation=italy.delegation)
    client.force_login(coordinator_va)
    client.post(url, {"answer": "attending", "names": "H.E. Ms. Bela Brant\nMs. Zephyrine Quill\nMr. Nobody Known"})
    client.force_login(isu_staff)
    page = client.get(reverse("meetings:attendance-edit", args=[world.pk]))
    italy_rows = [
        f.initial for f in page.context["formset"].forms if f.initial.get("delegation") == italy.delegation.pk
    ]
    assert [(row["person"], row["status"]) for row in italy_rows][:2] == [(brandt.pk, "present"), (quill.pk, "present")]
    rest = {row["person"]: row["status"] for row in italy_rows[2:]}
    assert rest[otto.pk] == "" and brandt.pk not in rest and quill.pk not in rest  # Otto offered unticked


def test_a_non_member_gets_404(client, world, isu_staff, focal_point_iraq, django_capture_on_commit_callbacks):
    _send(world, isu_staff, django_capture_on_commit_callbacks)
    url = reverse("meetings:rsvp", args=[world.pk])
    outsider = user_with_role("zebulon", COORDINATORS)  # a Coordinator without a delegation
    for user in (focal_point_iraq, outsider, isu_staff):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"answer": "attending"}).status_code == 404
    assert not RSVP.objects.exists()


def test_no_answer_before_the_invitation_went(client, world, coordinator_va):
    client.force_login(coordinator_va)
    assert client.get(reverse("meetings:rsvp", args=[world.pk])).status_code == 404


def test_cancelling_the_meeting_sends_every_invitee_method_cancel_once(
    world, isu_staff, django_capture_on_commit_callbacks
):
    _send(world, isu_staff, django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(meeting=world, status=Meeting.Status.CANCELLED)
    cancellations = mail.outbox[sent:]
    assert sorted(address for m in cancellations for address in m.to) == sorted(EXPECTED)
    assert "Cancelled: Fourth Aardvark meeting" in cancellations[0].subject
    (attachment,) = cancellations[0].attachments
    assert attachment[0] == "cancellation.ics"
    calendar = Calendar.from_ical(attachment[1])
    event = calendar.walk("VEVENT")[0]
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["UID"]) == f"meeting-{world.pk}@ccm-portal"
    assert int(event["SEQUENCE"]) == 1  # the invitation went as 0
    assert str(event["STATUS"]) == "CANCELLED"
    # Saved again while cancelled: nobody is told twice.
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(meeting=world, venue="Elsewhere", status=Meeting.Status.CANCELLED)
    assert len(mail.outbox) == sent + len(EXPECTED)
    # A meeting whose invitation never went is cancelled quietly.
    quiet = MeetingFactory(title="Quiet Aardvark meeting", term=world.term, date=datetime.date(2031, 4, 1))
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(meeting=quiet, status=Meeting.Status.CANCELLED)
    assert len(mail.outbox) == sent + len(EXPECTED)


def test_the_reminder_goes_to_the_delegations_without_an_answer_once(
    client, world, isu_staff, italy, coordinator_va, settings, django_capture_on_commit_callbacks
):
    settings.INVITATION_REMINDER_DAYS = 3
    today = timezone.localdate()
    world.date = today + datetime.timedelta(days=3)
    world.save()
    _send(world, isu_staff, django_capture_on_commit_callbacks)
    services.rsvp_answer(
        meeting=world, delegation=italy.delegation, answer="remote", names="Ms. Zephyrine Quill", by=coordinator_va
    )
    # Another meeting in the window, announced then cancelled: no reminder for it.
    other = MeetingFactory(title="Cancelled Aardvark meeting", term=world.term, date=today + datetime.timedelta(days=2))
    _send(other, isu_staff, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(meeting=other, status=Meeting.Status.CANCELLED)
    mail.outbox.clear()

    def remind(on):
        with django_capture_on_commit_callbacks(execute=True):
            return services.invitation_reminders_send(today=on)

    assert remind(today - datetime.timedelta(days=1)) == 0  # four days before: not yet
    assert remind(world.date) == 0  # the day itself: too late
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_unanswered_invitations.delay().get() == 1  # the beat's task, today: three days before
    # Italy answered; the Presidency (Germany) did not.
    assert [m.to for m in mail.outbox] == [["mission@germany.example.org"]]
    assert "Fourth Aardvark meeting" in mail.outbox[0].subject
    assert f"/meetings/{world.pk}/rsvp/" in mail.outbox[0].body
    assert remind(today) == 0  # once only
    assert remind(today + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1
    assert "meetings.tasks.remind_unanswered_invitations" in [
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    ]

    # The ISU sees each delegation's answer on the meeting page; a Coordinator sees the invitation went.
    client.force_login(isu_staff)
    page = client.get(reverse("meetings:meeting-detail", args=[world.pk])).content.decode()
    assert "invitation sent" in page and "(version 0)" in page
    assert "Ms. Zephyrine Quill" in page and "no answer yet" in page
    assert "0 attending · 1 remote · 0 apologies · 1 no answer yet" in page
    client.force_login(coordinator_va)
    page = client.get(reverse("meetings:meeting-detail", args=[world.pk])).content.decode()
    assert "invitation sent" in page and "Ms. Zephyrine Quill" not in page
