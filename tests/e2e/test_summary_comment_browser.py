"""Issue 16: the ISU circulates a draft summary; a participant follows the e-mailed link (no
account), comments on paragraph b) on a phone-sized screen; the ISU sees the comment beside
paragraph b) and takes it in."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from directory.models import Contact
from directory.roles import ISU_STAFF
from meetings import services
from meetings.models import Meeting, SummaryComment
from meetings.services import AttendanceRow, summaries
from tests.factories import MeetingFactory, StateFactory, UserFactory

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def draft():
    isu = UserFactory(username="isu", roles=[ISU_STAFF])
    norway, laos = StateFactory(iso3="NOR", name="Norway"), StateFactory(iso3="LAO", name="Laos")
    Contact.objects.create(state=laos, kind="geneva_mission", name="Mission", email="mission@laos.example.org")
    meeting = MeetingFactory(
        kind=Meeting.Kind.INFORMAL, title="Pangolin workshop", date=datetime.date.today() - datetime.timedelta(days=3),
        status=Meeting.Status.HELD, confidentiality=Meeting.Confidentiality.CHATHAM_HOUSE,
    )  # fmt: skip
    services.attendance_record(meeting=meeting, rows=[AttendanceRow(s.delegation, "present") for s in (norway, laos)])
    item = services.agenda_item_add(meeting=meeting, title="Exchange of views")
    services.statement_add(agenda_item=item, delegation=norway.delegation, text="It will fund clearance.")
    services.statement_add(agenda_item=item, delegation=laos.delegation, text="It has 232 registered victims.")
    for participant in summaries.participants_propose(meeting=meeting):
        summaries.participant_categorise(
            participant=participant, category=participant.category, named_openly=False, by=isu
        )
    return summaries.summary_generate(meeting=meeting, by=isu)


def test_a_participant_comments_through_the_link_and_the_isu_takes_it_in(page, browser, live_server, draft):
    meeting = draft.meeting
    log_in(page, "isu")
    page.goto(f"/meetings/{meeting.pk}/summary/")
    deadline = datetime.date.today() + datetime.timedelta(days=10)
    page.get_by_label("Input from participants until").fill(deadline.isoformat())
    page.get_by_role("button", name="Circulate to participants").click()
    expect(page.get_by_text("The link to the draft was e-mailed to 1 address of 1 delegation(s).")).to_be_visible()

    (message,) = mail.outbox
    assert message.to == ["mission@laos.example.org"]
    # the link as e-mailed, on the test's own server (PORTAL_BASE_URL names the real one)
    link = re.search(r"https?://[^/\s]+(/public/summaries/review/\S+/)", message.body).group(1)

    participant = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}).new_page()
    participant.goto(link)
    expect(participant.get_by_text("Draft for comment — not for publication.")).to_be_visible()
    b = draft.entries.get(letter="b")
    paragraph = participant.locator(f"#entry-{b.pk}")
    expect(paragraph).to_contain_text("It has 232 registered victims.")
    paragraph.get_by_text("Comment on b)", exact=True).click()
    paragraph.get_by_label("Your name").fill("Khamsone")
    paragraph.get_by_label("Your comment").fill("Say 233 registered victims.")
    paragraph.get_by_role("button", name="Send the comment on b)").click()
    expect(participant.get_by_text("your comment on b) was received")).to_be_visible()
    expect(participant.locator(f"#entry-{b.pk} .review-comments")).to_contain_text("Say 233 registered victims.")
    assert participant.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    participant.context.close()

    page.reload()
    beside = page.locator(f"#entry-{b.pk} .summary-comments")
    expect(beside).to_contain_text("Laos · Khamsone")
    expect(beside).to_contain_text("Say 233 registered victims.")
    beside.get_by_label("Taken in").check()
    beside.get_by_role("button", name="Settle").click()
    expect(page.get_by_text("Comment settled.")).to_be_visible()
    expect(page.locator(f"#entry-{b.pk} .summary-comments .badge")).to_have_text("Taken in")
    comment = SummaryComment.objects.get()
    assert (comment.entry_id, comment.resolution, comment.resolved_by.username) == (b.pk, "taken_in", "isu")
