"""The public home page, the login pages and the ISU dashboard."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionItem, Meeting, Minutes
from tests.factories import ActionItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _days(n):
    return TODAY + datetime.timedelta(days=n)


def _make_rows(n: int) -> None:
    """n of everything the dashboard lists."""
    for i in range(n):
        MeetingFactory(title=f"Coming meeting {i}", date=_days(3 + i))
        held = MeetingFactory(title=f"Held meeting {i}", date=_days(-40 - i), status=Meeting.Status.HELD)
        Minutes.objects.create(meeting=held)
        circulated = MeetingFactory(title=f"Circulated meeting {i}", date=_days(-60 - i), status=Meeting.Status.HELD)
        Minutes.objects.create(meeting=circulated, status=Minutes.Status.CIRCULATED, comment_deadline=_days(5))
        ActionItemFactory(meeting=held, text=f"Late action {i}", due_date=_days(-2 - i))
        ActionItemFactory(meeting=held, text=f"Soon action {i}", due_date=_days(2 + i))


def test_home_is_public(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert b"The work of the Coordination Committee" in response.content
    assert reverse("login").encode() in response.content


def test_login_page_renders(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_login_lands_coordinator_on_meetings(client, coordinator_va):
    response = client.post(reverse("login"), {"username": "coordinator-va", "password": "demo"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("meetings:meeting-list")


def test_logout_is_a_post(client, isu_staff):
    client.force_login(isu_staff)
    page = client.get(reverse("dashboard"))
    assert f'action="{reverse("logout")}"'.encode() in page.content
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change_page_renders(client, coordinator_va):
    client.force_login(coordinator_va)
    assert client.get(reverse("password_change")).status_code == 200


def test_dashboard_needs_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_dashboard_sends_coordinator_to_meetings(client, coordinator_va):
    client.force_login(coordinator_va)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url == reverse("meetings:meeting-list")


def test_dashboard_greets_focal_point_without_meetings(client, focal_point_iraq):
    client.force_login(focal_point_iraq)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    assert b"focal point of <strong>Iraq</strong>" in response.content
    assert reverse("meetings:meeting-list").encode() not in response.content


def test_dashboard_lists_what_needs_doing(client, isu_staff):
    _make_rows(2)
    ActionItemFactory(text="Already done", due_date=_days(-3), status=ActionItem.Status.DONE)
    client.force_login(isu_staff)
    response = client.get(reverse("dashboard"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Coming meeting 0" in content
    assert "Held meeting 1" in content  # draft minutes to circulate
    assert "Circulated meeting 0" in content  # awaiting approval
    assert "Late action 1" in content
    assert "Soon action 0" in content
    assert "Already done" not in content


def test_dashboard_limits_each_list(client, isu_staff):
    _make_rows(12)
    client.force_login(isu_staff)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Coming meeting 9" in content
    assert "Coming meeting 10" not in content
    assert "10 of 12 shown" in content


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard")).status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_data(client, isu_staff):
    client.force_login(isu_staff)
    _make_rows(1)
    few = _dashboard_queries(client)
    _make_rows(15)
    many = _dashboard_queries(client)
    assert few == many
    assert many <= 15


def test_dashboard_shows_plans_at_risk_activities_due_and_deadlines(client, isu_staff):
    import datetime
    from decimal import Decimal

    from coordinators.models import ActionPlan, Activity, Output
    from directory.models import Obligation
    from tests.factories import StateFactory, TermFactory, ThematicAreaFactory

    term = TermFactory(start=TODAY - datetime.timedelta(days=200), end=None)
    area = ThematicAreaFactory(name="Victim Assistance", slug="va")
    plan = ActionPlan.objects.create(area=area, term=term, title="VA plan", starts=TODAY - datetime.timedelta(days=100))
    lagging = Output.objects.create(
        plan=plan, number=1, text="Five States respond", indicator="States", target_value=Decimal(5), unit="States",
        deadline=TODAY + datetime.timedelta(days=100),
    )  # fmt: skip
    Activity.objects.create(output=lagging, what="Send the model letter", end=TODAY + datetime.timedelta(days=5))
    lebanon = StateFactory(iso3="LBN", name="Lebanon")
    Obligation.objects.create(state=lebanon, article=4, original_deadline=TODAY + datetime.timedelta(days=400))
    client.force_login(isu_staff)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Victim Assistance, output 1" in content and "Off track" in content
    assert "Send the model letter" in content
    assert "Lebanon" in content and "Article 4" in content


def test_only_the_portal_dashboard_marks_dashboard_as_the_current_section(client, isu_staff):
    client.force_login(isu_staff)
    home = client.get(reverse("dashboard")).content.decode()
    finance = client.get(reverse("finance:dashboard")).content.decode()
    dashboard_link = f'href="{reverse("dashboard")}"'
    assert 'active" aria-current="page" ' + dashboard_link in home
    assert 'active" aria-current="page" ' + dashboard_link not in finance
