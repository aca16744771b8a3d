"""After logging in through the login form, each person lands where their work is, unless the
login URL carried a (safe) `next`."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.landing import landing_url, register_landing, unregister_landing
from directory.models import Mandate
from directory.roles import COORDINATORS
from meetings.models import ActionItem

from .factories import (
    ActionItemFactory,
    ActionPlanFactory,
    MeetingFactory,
    OutputFactory,
    ProgressUpdateFactory,
    StateFactory,
    TermFactory,
    ThematicAreaFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim_assistance_plan(italy):
    """Italy coordinates Victim Assistance in the current term, which has its action plan."""
    term = TermFactory(name="Testland term", start=datetime.date(2020, 9, 1), end=None)
    area = ThematicAreaFactory(name="Victim Assistance", slug="victim-assistance")
    Mandate.objects.create(area=area, term=term, state=italy)
    return ActionPlanFactory(area=area, term=term, title="Victim Assistance Action Plan")


def _log_in(client, username, next_url=None):
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"username": username, "password": "demo"})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def test_each_person_lands_on_their_own_work(
    client, isu_staff, coordinator_va, focal_point_iraq, victim_assistance_plan
):
    user_with_role("no-role-person", None)
    expected = {
        "isu": reverse("dashboard"),
        "coordinator-va": reverse("coordinators:plan-detail", args=[victim_assistance_plan.pk]),
        "focal-iraq": "/states/IRQ/",
        "no-role-person": reverse("dashboard"),
    }
    for username, target in expected.items():
        client.logout()
        assert _log_in(client, username) == target, username


def test_the_landing_page_opens_for_each(client, coordinator_va, focal_point_iraq, victim_assistance_plan):
    for username, text in (("coordinator-va", "Victim Assistance Action Plan"), ("focal-iraq", "Iraq")):
        client.logout()
        response = client.get(_log_in(client, username))
        assert response.status_code == 200
        assert text in response.content.decode()


def test_a_coordinator_of_two_areas_chooses_on_the_areas_page(client, coordinator_va, victim_assistance_plan, italy):
    other = ThematicAreaFactory(name="Clearance", slug="clearance")
    Mandate.objects.create(area=other, term=victim_assistance_plan.term, state=italy)
    assert _log_in(client, "coordinator-va") == reverse("coordinators:area-list")


def test_a_coordinator_whose_area_has_no_plan_yet_lands_on_the_areas_page(client, coordinator_va, italy):
    term = TermFactory(name="Testland term", start=datetime.date(2020, 9, 1), end=None)
    area = ThematicAreaFactory(name="Stockpile Destruction", slug="stockpile-destruction")
    Mandate.objects.create(area=area, term=term, state=italy)
    assert _log_in(client, "coordinator-va") == reverse("coordinators:area-list")


def test_a_coordinator_without_an_area_this_term_lands_on_the_dashboard(client, victim_assistance_plan):
    user_with_role("coordinator-zed", COORDINATORS, state=StateFactory(iso3="ZZA", iso2="ZA", name="Zedland"))
    assert _log_in(client, "coordinator-zed") == reverse("dashboard")


def test_a_past_terms_mandate_does_not_count(client, coordinator_va, victim_assistance_plan):
    TermFactory(name="Later term", start=datetime.date(2024, 9, 1), end=None)  # now the current term
    assert _log_in(client, "coordinator-va") == reverse("dashboard")


@pytest.mark.parametrize("username", ["isu", "coordinator-va", "focal-iraq"])
def test_a_safe_next_wins(client, isu_staff, coordinator_va, focal_point_iraq, victim_assistance_plan, username):
    assert _log_in(client, username, next_url="/meetings/") == "/meetings/"


@pytest.mark.parametrize("unsafe", ["http://evil.example/", "//evil.example/", "https://evil.example/states/IRQ/"])
def test_an_unsafe_next_is_ignored(client, focal_point_iraq, unsafe):
    assert _log_in(client, "focal-iraq", next_url=unsafe) == "/states/IRQ/"


def test_staff_with_two_factor_go_through_the_code_to_the_dashboard(client, isu_staff, settings):
    settings.REQUIRE_STAFF_2FA = True
    assert _log_in(client, "isu") == reverse("dashboard")
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp-setup"))
    assert "next=%2Fdashboard%2F" in response["Location"]


def test_a_registered_landing_is_asked_and_isu_staff_are_never_redirected(isu_staff, focal_point_iraq):
    landing = register_landing(lambda user: "/somewhere/", order=1)
    try:
        assert landing_url(focal_point_iraq) == "/somewhere/"
        assert landing_url(isu_staff) == reverse("dashboard")
    finally:
        unregister_landing(landing)
    assert landing_url(focal_point_iraq) == "/states/IRQ/"


def test_the_demo_coordinator_lands_on_victim_assistance(demo_world, client):
    location = _log_in(client, "coordinator-va")
    assert location.startswith("/coordinators/plans/")
    assert "Victim Assistance" in client.get(location).content.decode()
    client.logout()
    assert _log_in(client, "focal-iraq") == "/states/IRQ/"


def _panel(page: str, panel_id: str) -> str:
    start = page.index(f'id="{panel_id}"')
    return page[start : page.index("</section>", start)]


def test_a_coordinators_landing_shows_their_open_actions_and_outputs_at_risk(
    client, coordinator_va, isu_staff, australia, victim_assistance_plan, italy
):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    plan = victim_assistance_plan
    plan.starts = today - 100 * day
    plan.save()
    # Half the time gone, 35 % of the way done: at risk. Another output reached its target.
    at_risk = OutputFactory(
        plan=plan, number=1, text="Quokka survey of services", target_value=Decimal(100), deadline=today + 100 * day
    )
    ProgressUpdateFactory(output=at_risk, date=today - 10 * day, value=Decimal(35))
    achieved = OutputFactory(plan=plan, number=2, text="Wallaby guidelines adopted", target_value=Decimal(1))
    ProgressUpdateFactory(output=achieved, date=today - 10 * day, value=Decimal(1))
    # Australia's area, off track: not Italy's business on its landing.
    ica_term_plan = ActionPlanFactory(area=ThematicAreaFactory(name="Cooperation", slug="ica"), term=plan.term)
    Mandate.objects.create(area=ica_term_plan.area, term=plan.term, state=australia)
    OutputFactory(plan=ica_term_plan, number=1, text="Bilby partnerships", deadline=today - 5 * day)
    meeting = MeetingFactory(title="Seventh Numbat meeting")
    ActionItemFactory(
        meeting=meeting, owner_delegation=italy.delegation, text="Send the Numbat letters", due_date=today - 3 * day
    )
    ActionItemFactory(
        meeting=meeting, owner_person=coordinator_va.person, text="Draft the Quoll note", due_date=today + 9 * day
    )
    ActionItemFactory(
        meeting=meeting, owner_delegation=italy.delegation, text="Closed Dingo task", status=ActionItem.Status.DONE
    )
    ActionItemFactory(meeting=meeting, owner_delegation=australia.delegation, text="Australian Emu task")

    page = client.get(_log_in(client, "coordinator-va")).content.decode()
    actions, outputs = _panel(page, "my-open-actions"), _panel(page, "my-outputs-at-risk")
    assert "Your open actions" in actions and 'href="/meetings/my-actions/"' in actions
    # overdue first, and marked
    assert actions.index("Send the Numbat letters") < actions.index("Draft the Quoll note")
    assert "list-group-item-danger" in actions and "Overdue" in actions
    assert "Closed Dingo task" not in page and "Australian Emu task" not in page
    assert "Outputs at risk" in outputs and "Quokka survey of services" in outputs and "At risk" in outputs
    assert f'href="/coordinators/plans/{plan.pk}/#output-{at_risk.pk}"' in outputs
    assert "Wallaby guidelines adopted" not in outputs and "Bilby" not in page

    # The ISU reading the same plan gets no such panels; a Coordinator with nothing open is told so.
    client.force_login(isu_staff)
    assert "Your open actions" not in client.get(reverse("coordinators:plan-detail", args=[plan.pk])).content.decode()
    other = ThematicAreaFactory(name="Clearance", slug="clearance")
    Mandate.objects.create(area=other, term=plan.term, state=australia)
    user_with_role("coordinator-ica", COORDINATORS, state=australia)
    ActionItem.objects.filter(owner_delegation=australia.delegation).update(status=ActionItem.Status.DONE)
    client.logout()
    page = client.get(_log_in(client, "coordinator-ica")).content.decode()  # two areas: the areas page
    assert "Neither you nor your delegation has an open action item." in _panel(page, "my-open-actions")
    assert "Bilby partnerships" in _panel(page, "my-outputs-at-risk")  # off track: its deadline passed
