"""Issue 16: the ISU pre-fills the attendance with the Committee's members, adds a person the
register does not know on a delegation's line without leaving the page, and saves."""

import pytest
from playwright.sync_api import expect

from directory.models import Mandate, Person
from directory.roles import ISU_STAFF
from tests.factories import MeetingFactory, PersonFactory, StateFactory, TermFactory, ThematicAreaFactory, UserFactory

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_isu_prefills_the_committee_and_adds_a_new_person_on_a_line(page):
    arcadia = StateFactory(iso3="QAR", name="Arcadia")
    borduria = StateFactory(iso3="QBO", name="Borduria")
    carpania = StateFactory(iso3="QCA", name="Carpania")  # the register knows nobody of Carpania
    term = TermFactory(name="9MSP", presidency=arcadia)
    for order, state in enumerate((borduria, carpania)):
        Mandate.objects.create(term=term, state=state, area=ThematicAreaFactory(slug=f"area-{order}", order=order))
    PersonFactory(title="Mr.", first_name="Arto", last_name="Aho", delegation=arcadia.delegation)
    PersonFactory(title="Ms.", first_name="Bela", last_name="Brandt", delegation=borduria.delegation)
    UserFactory(username="isu", roles=[ISU_STAFF])
    meeting = MeetingFactory(title="Okapi Committee meeting", term=term)

    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "isu")
    page.goto(f"/meetings/{meeting.pk}/attendance/")
    page.get_by_role("button", name="Pre-fill the Committee's members").click()
    expect(page.get_by_text("3 lines added for the Committee of 9MSP (Arcadia)")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the table scrolls, not the page

    page.locator("tbody details").nth(2).locator("summary").click()  # line 3: Carpania alone
    page.locator("#id_new-2-title").select_option("Dr.")
    page.locator("#id_new-2-first_name").fill("Cora")
    page.locator("#id_new-2-last_name").fill("Castell")
    page.locator("#id_new-2-function").fill("Counsellor")
    page.get_by_role("button", name="Add to the register and to line 3").click()
    expect(page.get_by_text("Dr. Cora Castell was added to the register for Carpania")).to_be_visible()
    expect(page.get_by_label("Person, line 3").locator("option:checked")).to_have_text("Dr. Cora Castell")

    page.get_by_label("Status, line 1").select_option(label="Present")
    page.get_by_label("On behalf of, line 3").select_option(label="Borduria")
    page.get_by_role("button", name="Save attendance").first.click()
    expect(page.get_by_text("Attendance saved: 2 lines.")).to_be_visible()
    expect(page.get_by_text("Dr. Cora Castell").first).to_be_visible()
    expect(page.get_by_text("(Borduria)").first).to_be_visible()
    assert Person.objects.get(last_name="Castell").delegation == carpania.delegation
    assert [(a.person.last_name, a.status) for a in meeting.attendances.select_related("person")] == [
        ("Aho", "present"),
        ("Castell", "present"),
    ]
