"""The ISU's outreach journey in the browser: a consolidated campaign over the target lists,
generated (PDFs with progress), approved, e-mailed; a letter opened, its answer logged; the
campaign's response rate goes up."""

import datetime

import pytest
from django.core import mail
from playwright.sync_api import expect

from coordinators.models import TargetState
from directory.models import Contact, Mandate
from directory.roles import ISU_STAFF
from outreach.models import Letter, LetterTemplate
from tests.factories import StateFactory, TermFactory, ThematicAreaFactory, user_with_role

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def outreach_world():
    term = TermFactory(start=datetime.date(2016, 9, 7), end=None)
    italy, nzl = StateFactory(iso3="ITA", name="Italy"), StateFactory(iso3="NZL", name="New Zealand")
    afg = StateFactory(iso3="AFG", name="Afghanistan", official_name="Islamic Republic of Afghanistan")
    lbn = StateFactory(iso3="LBN", name="Lebanon", official_name="Lebanese Republic")
    ben = StateFactory(iso3="BEN", name="Benin", official_name="Republic of Benin")
    va = ThematicAreaFactory(name="Victim Assistance", slug="victim-assistance", order=1)
    nim = ThematicAreaFactory(name="National Implementation Measures", slug="national-implementation", order=7)
    Mandate.objects.create(area=va, term=term, state=italy)
    Mandate.objects.create(area=nim, term=term, state=nzl)
    for area, state in ((va, afg), (va, lbn), (nim, afg), (nim, ben)):
        TargetState.objects.create(area=area, term=term, state=state, reason="other")
    LetterTemplate.objects.create(
        name="Consolidated letter", subject="Outreach to {{ state.name }}",
        body="{{ address.salutation }}\n\nWe write to {{ state.official_name }}.\n\n{{ area_paragraphs }}",
    )  # fmt: skip
    LetterTemplate.objects.create(name="VA", kind="paragraph", area=va, body="Victim assistance in {{ state.name }}.")
    LetterTemplate.objects.create(name="NIM", kind="paragraph", area=nim, body="Legislation in {{ state.name }}.")
    for state in (afg, lbn, ben):
        Contact.objects.create(state=state, kind="geneva_mission", name=f"Mission of {state.name}",
                               email=f"mission@{state.iso3.lower()}.invalid", is_primary=True)  # fmt: skip
    user_with_role("isu", ISU_STAFF)


def test_isu_runs_a_consolidated_campaign_to_a_logged_answer(page, outreach_world):
    log_in(page, "isu")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Outreach", exact=True).click()
    page.get_by_role("link", name="New campaign").click()
    page.get_by_role("textbox", name="Title*").fill("Consolidated letter to the target States")
    page.get_by_label("Letter template").select_option(label="Consolidated letter (English)")
    page.get_by_label("Consolidated: one letter per State").check()
    page.get_by_role("textbox", name="Signatory*").fill("H.E. the President")
    page.get_by_label("Show letters already sent since").fill("2016-12-01")
    page.get_by_label("Victim Assistance").check()
    page.get_by_label("National Implementation Measures").check()
    page.get_by_role("button", name="Preview the recipients").click()
    expect(page.get_by_role("heading", name="3 recipients")).to_be_visible()
    page.get_by_role("button", name="Create the campaign").click()
    expect(page.get_by_text("Campaign created with 3 recipients")).to_be_visible()

    page.get_by_role("button", name="Generate letters").click()
    expect(page.get_by_text("3 letters created")).to_be_visible()
    expect(page.locator(".progress-count")).to_have_text("3 of 3 PDFs ready")
    afghanistan = page.locator("tr[data-state=AFG]")
    expect(afghanistan).to_contain_text("Victim Assistance, National Implementation Measures")

    page.get_by_role("button", name="Approve all drafts").click()
    expect(page.get_by_text("3 letters approved")).to_be_visible()
    page.get_by_role("link", name="Send 3 approved letters by e-mail…").click()
    expect(page.locator("#confirm-what")).to_contain_text("E-mail 3 letters of Consolidated letter to the target")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="E-mail 3 letters").click()
    expect(page.get_by_text("3 letters e-mailed with their PDF")).to_be_visible()
    assert len(mail.outbox) == 3 and all(m.attachments[0][2] == "application/pdf" for m in mail.outbox)
    expect(page.locator(".response-rate")).to_have_text("Response rate: 0 of 3 sent")

    afghanistan.get_by_role("link", name="CCM/ISU/").click()
    expect(page.get_by_role("heading", name="Letter to Afghanistan")).to_contain_text("Sent")
    page.get_by_label("Channel").select_option(label="Note verbale")
    page.get_by_label("Summary").fill("The Ministry will report on its victim assistance plan by June.")
    page.get_by_role("button", name="Log the answer").click()
    expect(page.get_by_text("Answer logged")).to_be_visible()
    expect(page.get_by_role("heading", name="Letter to Afghanistan")).to_contain_text("Answered")

    page.get_by_role("link", name="Consolidated letter to the target States").click()
    expect(page.locator(".response-rate")).to_have_text("Response rate: 1 of 3 sent")
    expect(page.locator(".rate-percent")).to_have_text("33%")
    assert Letter.objects.filter(status="answered").count() == 1
