"""A Coordinator updates the progress of an output and sees its status change; the Coordinator
of another area reads the same plan but cannot edit it."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from coordinators.models import ActionPlan, Output
from directory.models import Mandate
from directory.roles import COORDINATORS
from tests.factories import PersonFactory, StateFactory, TermFactory, ThematicAreaFactory, UserFactory

from .conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan():
    italy = StateFactory(iso3="ITA", name="Italy")
    australia = StateFactory(iso3="AUS", name="Australia")
    term = TermFactory(start=datetime.date(2016, 9, 7), end=None)
    va = ThematicAreaFactory(name="Victim Assistance", slug="victim-assistance", order=1)
    ica = ThematicAreaFactory(name="International Cooperation and Assistance", slug="ica", order=5)
    Mandate.objects.create(area=va, term=term, state=italy)
    Mandate.objects.create(area=ica, term=term, state=australia)
    for username, state in (("coordinator-va", italy), ("coordinator-ica", australia)):
        PersonFactory(user=UserFactory(username=username, roles=[COORDINATORS]), delegation=state.delegation)
    plan = ActionPlan.objects.create(
        area=va,
        term=term,
        title="Victim Assistance Action Plan",
        starts=datetime.date.today() - datetime.timedelta(days=100),
    )
    Output.objects.create(
        plan=plan,
        number=2,
        text="At least five States Parties with the capacity to do so have responded constructively",
        indicator="States Parties responding",
        target_value=Decimal(5),
        unit="States Parties",
        deadline=datetime.date.today() + datetime.timedelta(days=100),
    )
    return plan


def test_coordinator_updates_progress_and_the_other_coordinator_cannot(page, plan, browser, live_server):
    log_in(page, "coordinator-va")
    expect(page).to_have_url(re.compile(rf"/coordinators/plans/{plan.pk}/$"))  # lands on the area's plan
    page.get_by_role("link", name="Action plans").click()
    page.get_by_role("link", name="Victim Assistance Action Plan").click()
    expect(page.locator("#my-outputs-at-risk")).to_contain_text("Output 2 of Victim Assistance")  # the landing panel
    status = page.locator("section[id^=output-] .output-status").first
    expect(status).to_have_text("Off track")  # half the time gone, nothing reported

    page.get_by_label("Date").fill(datetime.date.today().isoformat())
    page.get_by_label("Value reached").fill("3")
    page.get_by_label("What happened").fill("Three States Parties answered the letters.")
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_text("output 2 is On track")).to_be_visible()
    expect(status).to_have_text("On track")
    expect(page.locator("#my-outputs-at-risk")).to_contain_text("No output of your plans is at risk")  # panel follows
    expect(page.locator(".output-value")).to_contain_text("3 States Parties")

    other = browser.new_context(base_url=live_server.url).new_page()
    log_in(other, "coordinator-ica")
    other.goto(f"/coordinators/plans/{plan.pk}/")
    expect(other.get_by_text("Read only")).to_be_visible()
    expect(other.get_by_role("button", name="Record progress")).to_have_count(0)
    other.context.close()
