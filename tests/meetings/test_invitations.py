"""Issue 16: the invitation of a meeting, e-mailed to the Committee with a calendar entry, and
each invited delegation's answer, which pre-fills the attendance form."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from directory.models import Contact, Mandate
from directory.roles import COORDINATORS
from meetings import services
from meetings.models import RSVP
from tests.factories import AgendaItemFactory, MeetingFactory, TermFactory, ThematicAreaFactory, user_with_role

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
    assert {"delegation": italy.delegation.pk, "person": None, "status": "remote"} in rows
    assert 'value="remote" selected' in page.content.decode()


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
