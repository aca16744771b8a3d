"""The ISU's month of Committee work, in a real browser: a meeting, its attendance, its minutes
written, circulated, commented on by a Coordinator, settled and approved at the next meeting."""

import datetime

import pytest
from playwright.sync_api import expect

from directory.roles import COORDINATORS, ISU_STAFF
from meetings.models import Meeting, Minutes
from tests.factories import ConventionFactory, PersonFactory, StateFactory, UserFactory

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def committee():
    ConventionFactory()
    italy = StateFactory(iso3="ITA", name="Italy")
    australia = StateFactory(iso3="AUS", name="Australia")
    PersonFactory(title="Ms.", first_name="Palma", last_name="D'Ambrosio", delegation=italy.delegation)
    PersonFactory(title="Dr.", first_name="Silvia", last_name="Cattaneo", delegation=italy.delegation)
    PersonFactory(title="Mr.", first_name="Hugh", last_name="Watson", delegation=australia.delegation)
    UserFactory(username="isu", roles=[ISU_STAFF])
    coordinator = UserFactory(username="coordinator-va", roles=[COORDINATORS])
    PersonFactory(user=coordinator, delegation=italy.delegation, last_name="Coordinator")


def create_meeting(page, *, title, date, status="Held"):
    page.goto("/meetings/new/")
    page.get_by_label("Kind").select_option(label="Coordination Committee")
    page.get_by_label("Title").fill(title)
    page.get_by_label("CCM").check()
    page.get_by_label("Date").fill(date)
    page.get_by_label("Starts (Geneva time)").fill("10:00")
    page.get_by_label("Ends (Geneva time)").fill("11:30")
    page.get_by_label("Venue").fill("Permanent Mission of the Federal Republic of Germany")
    page.get_by_label("Status").select_option(label=status)
    page.get_by_role("button", name="Create the meeting").click()
    expect(page.get_by_text("Meeting created.")).to_be_visible()


def test_isu_records_a_meeting_and_has_its_minutes_approved_at_the_next(page, committee, browser, live_server):
    log_in(page, "isu")
    expect(page).to_have_url(f"{live_server.url}/dashboard/")

    create_meeting(page, title="Third Coordination Committee meeting", date="2016-12-07")
    meeting = Meeting.objects.get(title="Third Coordination Committee meeting")
    expect(page.get_by_text("Opening remarks").first).to_be_visible()

    # attendance: one form for the whole meeting
    page.goto(f"/meetings/{meeting.pk}/attendance/")
    page.get_by_label("Add all people of a delegation").select_option(label="Italy")
    page.get_by_role("button", name="Add their lines").click()
    page.get_by_label("Add all people of a delegation").select_option(label="Australia")
    page.get_by_role("button", name="Add their lines").click()
    page.get_by_role("button", name="Save attendance").first.click()
    expect(page.get_by_text("Dr. Silvia Cattaneo").first).to_be_visible()
    assert meeting.attendances.filter(status="present").count() == 4  # three delegates and the Coordinator

    # minutes: start, write the opening remarks
    page.goto(f"/meetings/{meeting.pk}/minutes/")
    page.get_by_role("button", name="Start the minutes").click()
    page.get_by_role("link", name="Edit text").first.click()
    page.locator("textarea").first.fill("The President opened the **third** meeting under the German presidency.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("opened the third meeting")).to_be_visible()

    # circulate for comments
    deadline = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    page.get_by_label("Comments due by").fill(deadline)
    page.get_by_role("button", name="Circulate").click()
    expect(page.locator(".minutes-status .badge").first).to_have_text("Circulated")

    # a Coordinator comments on the circulated item
    coordinator = browser.new_context(base_url=live_server.url).new_page()
    log_in(coordinator, "coordinator-va")
    coordinator.goto(f"/meetings/{meeting.pk}/minutes/")
    coordinator.get_by_text("Comment on this item").first.click()
    coordinator.get_by_label("Your comment").first.fill("Please name the Presidency in full.")
    coordinator.get_by_role("button", name="Send the comment").first.click()
    expect(coordinator.get_by_text("Please name the Presidency in full.")).to_be_visible()
    coordinator.context.close()

    # the next meeting proposes the approval of these minutes
    create_meeting(page, title="Fourth Coordination Committee meeting", date="2017-01-25")
    expect(page.get_by_text("Approval of the minutes of 7 December 2016")).to_be_visible()

    # approval waits for the comment to be settled
    page.goto(f"/meetings/{meeting.pk}/minutes/")
    page.get_by_role("button", name="Approve as a correct record…").click()
    expect(page.get_by_text("not settled yet")).to_be_visible()
    page.get_by_role("link", name="Back").click()
    page.get_by_label("Taken in").first.check()
    page.get_by_role("button", name="Settle").first.click()
    page.get_by_role("button", name="Approve as a correct record…").click()
    expect(page.locator("#confirm-what")).to_contain_text("the approved PDF is frozen and can no longer be edited")
    page.get_by_role("button", name="Approve and freeze").click()
    expect(page.locator(".minutes-status .badge").first).to_have_text("Approved")
    expect(page.get_by_text("Approved as a correct record at")).to_be_visible()

    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_at_meeting.title == "Fourth Coordination Committee meeting"
