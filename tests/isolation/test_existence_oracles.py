"""Issue 13: the answer to someone who may not see an object is the same whether it exists or not
(404), and report PDFs are queued only by those who may write the plan (its area's Coordinators)
or the ISU."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from coordinators.models import ActionPlan, Output
from directory.models import Mandate
from documents.models import GeneratedDocument
from tests.factories import ActionItemFactory, MeetingFactory, StateFactory, TermFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db

MISSING = 99_999


@pytest.fixture
def focal_client(client, focal_point_iraq):
    client.force_login(focal_point_iraq)
    return client


def test_a_focal_point_cannot_tell_an_existing_meeting_from_a_missing_one(focal_client):
    meeting = MeetingFactory(title="Closed-door meeting on Ruritania")
    for name in ("meetings:meeting-detail", "meetings:minutes-detail", "meetings:meeting-edit"):
        existing = focal_client.get(reverse(name, args=[meeting.pk]))
        missing = focal_client.get(reverse(name, args=[MISSING]))
        assert (existing.status_code, missing.status_code) == (404, 404), name
        assert b"Ruritania" not in existing.content


def test_a_focal_point_cannot_tell_an_existing_action_item_from_a_missing_one(focal_client):
    action = ActionItemFactory(text="Call the Ruritanian embassy")
    existing = focal_client.get(reverse("meetings:action-edit", args=[action.pk]))
    missing = focal_client.get(reverse("meetings:action-edit", args=[MISSING]))
    assert (existing.status_code, missing.status_code) == (404, 404)
    assert focal_client.get(reverse("meetings:action-list")).status_code == 404
    assert focal_client.get(reverse("meetings:meeting-list")).status_code == 404


def test_a_focal_point_cannot_tell_another_states_page_from_a_missing_one(focal_client, iraq):
    StateFactory(iso3="RUR", name="Ruritania")
    existing = focal_client.get(reverse("directory:state-profile", args=["RUR"]))
    missing = focal_client.get(reverse("directory:state-profile", args=["QQQ"]))
    assert (existing.status_code, missing.status_code) == (404, 404)
    assert b"Ruritania" not in existing.content
    assert focal_client.get(reverse("directory:state-profile", args=["IRQ"])).status_code == 200


@pytest.fixture
def plan(italy, australia):
    term = TermFactory(start=datetime.date(2016, 9, 7), end=None)
    va = ThematicAreaFactory(name="Victim Assistance", slug="victim-assistance", order=1)
    ica = ThematicAreaFactory(name="International Cooperation and Assistance", slug="ica", order=5)
    Mandate.objects.create(area=va, term=term, state=italy)
    Mandate.objects.create(area=ica, term=term, state=australia)
    plan = ActionPlan.objects.create(area=va, term=term, title="VA plan", starts=datetime.date(2016, 12, 1))
    Output.objects.create(
        plan=plan,
        number=1,
        text="Five replies",
        indicator="replies",
        target_value=Decimal(5),
        unit="States",
        deadline=datetime.date(2017, 6, 30),
    )
    return plan


def _queue(client, plan):
    return (
        client.post(reverse("coordinators:quarterly-update")).status_code,
        client.post(reverse("coordinators:plan-report", args=[plan.pk])).status_code,
    )


def test_report_pdfs_are_queued_only_by_plan_writers_or_the_isu(
    client, plan, focal_point_iraq, coordinator_ica, coordinator_va, isu_staff, django_user_model
):
    nobody = django_user_model.objects.create_user("nobody")
    # They read the plans (every logged-in user does) but may not write them: 403, nothing queued.
    for user in (focal_point_iraq, nobody):
        client.force_login(user)
        assert _queue(client, plan) == (403, 403), user.username
    # The ICA Coordinator writes the ICA plan, not the VA one.
    client.force_login(coordinator_ica)
    assert client.post(reverse("coordinators:plan-report", args=[plan.pk])).status_code == 403
    assert not GeneratedDocument.objects.exists()
    # The public is sent to log in.
    client.logout()
    assert client.post(reverse("coordinators:plan-report", args=[plan.pk])).status_code == 302
    assert not GeneratedDocument.objects.exists()
    for user in (coordinator_va, isu_staff):
        client.force_login(user)
        assert _queue(client, plan) == (302, 302), user.username
    assert set(GeneratedDocument.objects.values_list("kind", flat=True)) == {"plan-report", "quarterly-update"}
