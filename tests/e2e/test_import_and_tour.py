"""The ISU imports old minutes through the review screen, correcting what the parser read there
(an apology that was in fact present, the date); then a tour of the remaining pages in the
browser (each opens, shows its heading, and has no serious accessibility violation)."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from coordinators.models import ActionPlan, CountryCoalition, Output, TargetState
from directory.models import Mandate
from directory.roles import ISU_STAFF
from meetings.models import Meeting
from tests.factories import StateFactory, TermFactory, ThematicAreaFactory, UserFactory

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
FIXTURE = Path(__file__).parents[1] / "meetings" / "fixtures" / "cc-2017-03-01.md"


@pytest.fixture
def world():
    UserFactory(username="isu", roles=[ISU_STAFF])
    italy = StateFactory(iso3="ITA", name="Italy")
    afghanistan = StateFactory(iso3="AFG", name="Afghanistan")
    term = TermFactory(start=datetime.date(2016, 9, 7), end=None)
    va = ThematicAreaFactory(name="Victim Assistance", slug="victim-assistance", order=1)
    nim = ThematicAreaFactory(name="National Implementation Measures", slug="nim", order=7)
    Mandate.objects.create(area=va, term=term, state=italy)
    plan = ActionPlan.objects.create(area=va, term=term, title="VA plan", starts=datetime.date(2016, 12, 1))
    Output.objects.create(
        plan=plan, number=1, text="Five States respond", indicator="States", target_value=Decimal(5),
        unit="States", deadline=datetime.date(2017, 6, 30),
    )  # fmt: skip
    for area in (va, nim):
        TargetState.objects.create(area=area, term=term, state=afghanistan, reason="legislation")
    CountryCoalition.objects.create(state=afghanistan, purpose="Clearance and victim assistance.")
    return plan


def test_isu_imports_minutes_and_tours_the_pages(page, world):
    log_in(page, "isu")
    page.goto("/meetings/import/")
    page.get_by_label("Minutes (.docx, .pdf, .md or .txt, at most 5 MB)").set_input_files(str(FIXTURE))
    page.get_by_role("button", name="Read the file").click()
    expect(page.get_by_text("6 delegations, 8 people present, 2 apologies")).to_be_visible()
    expect(page.get_by_text("What the portal was unsure of")).to_be_visible()
    page.get_by_role("button", name="Move Ms. Jane Doe to present").click()
    expect(page.get_by_text("Ms. Jane Doe moved to the people present (CMC).")).to_be_visible()
    expect(page.get_by_text("7 delegations, 9 people present, 1 apologies")).to_be_visible()
    page.get_by_label("Correct the date").fill("2017-03-02")
    page.get_by_role("button", name="Save the date").click()
    expect(page.get_by_text("The date of the meeting is now 2 March 2017.")).to_be_visible()
    page.get_by_role("button", name="Import as a draft meeting").click()
    expect(page.get_by_text("Minutes imported as a draft meeting")).to_be_visible()
    expect(page.get_by_text("Ms. Giulia Rossi")).to_be_visible()
    meeting = Meeting.objects.get()
    assert meeting.date == datetime.date(2017, 3, 2)
    assert meeting.attendances.get(person__last_name="Doe").status == "present"

    tour = [
        ("/dashboard/", "Dashboard"),
        ("/meetings/actions/", "Action items"),
        ("/coordinators/", "Thematic areas and action plans"),
        (f"/coordinators/plans/{world.pk}/concept-note/", "Concept note"),
        ("/coordinators/targets/", "Target lists and overlaps"),
        ("/coordinators/coalitions/", "Country Coalitions"),
        ("/states/", "States"),
        ("/states/AFG/", "Afghanistan"),
    ]
    for url, heading in tour:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        violations = Axe().run(page).response["violations"]
        assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == [], url
