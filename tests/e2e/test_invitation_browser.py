"""Issue 16: the ISU sends the invitation from the meeting page, a Coordinator answers for their
delegation, and the ISU sees the answer and downloads the meeting pack, on a phone."""

import subprocess

import pytest
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import expect

from directory.models import Mandate
from directory.roles import COORDINATORS, ISU_STAFF
from tests.factories import AgendaItemFactory, MeetingFactory, StateFactory, TermFactory, ThematicAreaFactory
from tests.factories import user_with_role as persona

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_isu_invites_a_delegation_answers_and_the_pack_is_downloaded(page):
    arcadia, borduria = StateFactory(iso3="QAR", name="Arcadia"), StateFactory(iso3="QBO", name="Borduria")
    term = TermFactory(name="9MSP", presidency=arcadia)
    Mandate.objects.create(term=term, state=borduria, area=ThematicAreaFactory(name="Clearance", slug="clearance"))
    persona("isu", ISU_STAFF)
    persona("coordinator-borduria", COORDINATORS, state=borduria)
    meeting = MeetingFactory(title="Okapi Committee meeting", term=term, date="2041-05-06")
    AgendaItemFactory(meeting=meeting, title="Okapi clearance update", position=1, number="1")

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "isu")
    page.goto(f"/meetings/{meeting.pk}/")
    expect(page.locator(".card-header", has_text="Invitation").get_by_text("not sent")).to_be_visible()
    page.get_by_role("button", name="Send the invitation to the Committee").click()
    expect(page.get_by_text("The invitation was sent (version 0).")).to_be_visible()
    (message,) = mail.outbox
    assert message.to == ["coordinator-borduria@example.org"]
    attachments = {name: content for name, content, _type in message.attachments}
    assert set(attachments) == {"invitation.ics", "meeting-pack-2041-05-06.pdf"}
    calendar = Calendar.from_ical(attachments["invitation.ics"])
    (event,) = calendar.walk("VEVENT")
    assert (str(calendar["METHOD"]), str(event["SUMMARY"])) == ("REQUEST", "Okapi Committee meeting")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@ccm-portal"
    assert f"/meetings/{meeting.pk}/rsvp/" in message.body

    page.context.clear_cookies()
    log_in(page, "coordinator-borduria")
    page.goto(f"/meetings/{meeting.pk}/rsvp/")
    page.get_by_label("Attending remotely").check()
    page.get_by_label("Who will attend").fill("Ms. Bela Brandt")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Your delegation's answer was recorded.")).to_be_visible()

    page.context.clear_cookies()
    log_in(page, "isu")
    page.goto(f"/meetings/{meeting.pk}/")
    answers = page.locator(".invitation-answers")
    expect(answers).to_contain_text("Borduria")
    expect(answers).to_contain_text("Ms. Bela Brandt")
    expect(answers).to_contain_text("no answer yet")  # the Presidency, Arcadia
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="Attendance").first.click()  # the answer pre-fills the form
    borduria_line = page.locator("tr", has=page.locator("option[selected]", has_text="Borduria")).first
    expect(borduria_line.locator("select[name$='-status']")).to_have_value("remote")
    page.goto(f"/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Meeting pack (PDF)").click()
    with page.expect_download() as download:
        page.locator(".meeting-pack-status").get_by_role("link", name="Download PDF").click()
    text = subprocess.run(["pdftotext", download.value.path(), "-"], capture_output=True, check=True).stdout.decode()
    assert "Okapi clearance update" in text
