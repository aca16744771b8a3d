"""The Chatham House journey in a real browser: the ISU categorises the delegations, generates
the summary, sees a leak flagged, fixes it and publishes; an anonymous visitor reads it and
downloads its PDF. The public pages pass axe-core with no serious or critical violation."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from directory.models import Convention, Obligation, Organisation, TreatyStatus
from directory.roles import ISU_STAFF
from meetings import services
from meetings.models import Meeting
from meetings.services import AttendanceRow
from tests.factories import MeetingFactory, OrganisationFactory, StateFactory, UserFactory

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def informal_meeting():
    ccm = Convention.objects.create(code="ccm", short_name="CCM", name="Convention on Cluster Munitions")
    states = {}
    for iso3, name, demonym in [("AUS", "Australia", "Australian"), ("IRQ", "Iraq", "Iraqi"), ("NOR", "Norway", "")]:
        states[iso3] = StateFactory(iso3=iso3, name=name, demonyms=demonym)
        TreatyStatus.objects.create(
            state=states[iso3], convention=ccm, status="party", entry_into_force=datetime.date(2013, 11, 1)
        )
    Obligation.objects.create(state=states["IRQ"], article=4, original_deadline=datetime.date(2023, 11, 1))
    isu = OrganisationFactory(name="Implementation Support Unit", acronym="ISU", kind=Organisation.Kind.ISU)
    meeting = MeetingFactory(
        kind=Meeting.Kind.INFORMAL,
        title="Informal meeting on Enhancing International Cooperation and Assistance",
        date=datetime.date(2017, 6, 9),
        start_time=datetime.time(13, 0),
        end_time=datetime.time(15, 0),
        venue="Room C2, World Meteorological Organisation",
        status=Meeting.Status.HELD,
        confidentiality=Meeting.Confidentiality.CHATHAM_HOUSE,
    )
    meeting.hosts.set([states["AUS"].delegation])
    services.attendance_record(
        meeting=meeting,
        rows=[AttendanceRow(s.delegation, "present") for s in states.values()]
        + [AttendanceRow(isu.delegation, "present")],
    )
    key_points = services.agenda_item_add(meeting=meeting, title="Key points raised")
    record = services.agenda_item_add(meeting=meeting, title="General exchange of views")
    minutes = services.minutes_start(meeting=meeting)
    minutes.items.filter(agenda_item=key_points).update(
        text="- There was a clear interest in country-focused meetings."
    )
    services.statement_add(agenda_item=record, delegation=states["NOR"].delegation, text="Norway funds mine action.")
    services.statement_add(
        agenda_item=record, delegation=states["IRQ"].delegation, text="It had 232 registered victims."
    )
    UserFactory(username="isu", roles=[ISU_STAFF])
    return meeting


def assert_accessible(page):
    results = Axe().run(page)
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], results.generate_report()


def test_isu_publishes_a_sanitised_summary_that_the_public_reads(page, informal_meeting, browser, live_server):
    log_in(page, "isu")
    page.goto(f"/meetings/{informal_meeting.pk}/summary/")
    page.get_by_role("button", name="Propose from the register").click()
    expect(page.get_by_text("Categories proposed for 4 delegations")).to_be_visible()
    expect(page.get_by_label("Category of Iraq")).to_have_value(
        str(informal_meeting.participants.get(delegation__name="Iraq").category_id)
    )
    page.get_by_role("button", name="Confirm the categories").click()
    expect(page.get_by_text("Categories confirmed.")).to_be_visible()

    page.get_by_role("button", name="Generate the summary").click()
    expect(page.get_by_text("A donor/partner State said:")).to_be_visible()
    expect(page.get_by_text("An affected State said:")).to_be_visible()  # its deadline is 6 years away
    expect(page.get_by_role("paragraph").filter(has_text="232 registered victims")).to_be_visible()

    # a slip names a State: publication is blocked with the finding shown
    page.get_by_role("link", name="Edit title, introduction and key points").click()
    page.get_by_label("Key points").fill("- Iraq asked for more country-focused meetings.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Publish…").click()
    expect(page.locator("#confirm-what")).to_contain_text("it becomes public at")
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("could identify a participant")).to_be_visible()
    expect(page.locator(".leak-finding")).to_contain_text("Iraq")
    expect(page.locator(".leak-finding")).to_contain_text("key points")

    # fixed in the text, the summary publishes
    page.get_by_role("link", name="Edit title, introduction and key points").click()
    page.get_by_label("Key points").fill("- An affected State asked for more country-focused meetings.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("link", name="Publish…").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Summary published on the public pages")).to_be_visible()

    # an anonymous visitor reads it and downloads its PDF
    visitor = browser.new_context(base_url=live_server.url).new_page()
    visitor.goto("/")
    assert_accessible(visitor)
    visitor.get_by_role("link", name="Informal meeting on Enhancing International Cooperation and Assistance").click()
    expect(visitor.get_by_text("An affected State asked for more country-focused meetings.")).to_be_visible()
    expect(visitor.get_by_text("Norway")).to_have_count(0)
    assert_accessible(visitor)
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name="Download the PDF").click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    visitor.goto("/public/search/?q=country")
    expect(visitor.get_by_text("1 summary found.")).to_be_visible()
    assert_accessible(visitor)
    visitor.context.close()
