"""A State's outreach history does not draw its blank forms: adding a contact and planning a
démarche load their form when opened (htmx), and without JavaScript a link leads to a page
holding the same form. Both ways the form is posted and the history shows the result."""

import datetime

import pytest
from playwright.sync_api import expect

from directory.models import Contact
from directory.roles import ISU_STAFF
from outreach.models import FollowUp
from tests.factories import StateFactory, user_with_role

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def quendia():
    user_with_role("isu", ISU_STAFF)
    return StateFactory(iso3="QND", name="Quendia", official_name="Republic of Quendia")


def test_the_forms_load_when_opened_and_post_from_the_history(page, quendia):
    log_in(page, "isu")
    page.goto(f"/outreach/states/{quendia.pk}/")
    expect(page.get_by_role("heading", name="Outreach with Quendia")).to_be_visible()
    assert page.locator("#contact-add form").count() == 0  # not drawn until opened

    page.locator("#contact-add summary").click()
    contact_form = page.locator("#contact-add form")
    expect(contact_form.get_by_label("Name")).to_be_visible()
    contact_form.get_by_label("Kind").select_option(label="Embassy")
    contact_form.get_by_label("Name").fill("Embassy of Quendia in Bern")
    contact_form.get_by_label("E-mail").fill("bern@quendia.invalid")
    contact_form.get_by_role("button", name="Add the contact").click()
    expect(page.get_by_text("Contact added.")).to_be_visible()
    expect(page.locator("#contacts-title").locator("..")).to_contain_text("Embassy of Quendia in Bern")
    assert Contact.objects.filter(state=quendia, name="Embassy of Quendia in Bern").exists()

    page.locator("#followup-add summary").click()
    plan = page.locator("#followup-add form")
    plan.get_by_label("Kind").select_option(label="Démarche")
    plan.get_by_label("Planned on").fill("2030-05-04")
    plan.get_by_label("Place").fill("Quendia City")
    plan.get_by_role("button", name="Plan").click()
    expect(page.get_by_text("Planned.")).to_be_visible()
    expect(page.locator("#followups-title").locator("..")).to_contain_text("Quendia City")
    assert FollowUp.objects.get(state=quendia).planned_on == datetime.date(2030, 5, 4)


def test_without_javascript_a_link_leads_to_the_form(browser, live_server, quendia):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, "isu")
        page.goto(f"/outreach/states/{quendia.pk}/")
        page.locator("#followup-add summary").click()
        page.locator("#followup-add").get_by_role("link", name="Plan").click()
        expect(page.get_by_role("heading", name="Plan a démarche, meeting or follow-up")).to_be_visible()
        page.get_by_label("Kind").select_option(label="Bilateral meeting")
        page.get_by_label("Planned on").fill("2030-06-01")
        page.get_by_label("Who").fill("The Presidency")
        page.get_by_role("button", name="Plan").click()
        expect(page.get_by_text("Planned.")).to_be_visible()
        expect(page.get_by_role("heading", name="Outreach with Quendia")).to_be_visible()
        expect(page.locator("#followups-title").locator("..")).to_contain_text("The Presidency")

        page.locator("#contact-add summary").click()
        page.locator("#contact-add").get_by_role("link", name="Add a contact").click()
        page.get_by_label("Kind").select_option(label="Ministry in the capital")
        page.get_by_label("Name").fill("Ministry of Foreign Affairs of Quendia")
        page.get_by_role("button", name="Add the contact").click()
        expect(page.get_by_text("Contact added.")).to_be_visible()
        assert Contact.objects.filter(state=quendia, kind="capital_ministry").exists()
    finally:
        context.close()
