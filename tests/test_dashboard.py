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


def test_dashboard_queries_do_not_grow_with_data(client, isu_staff, settings):
    settings.PAGE_CACHE = False  # the page as built (served from the page cache: tests/pagecache/)
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


def test_dashboard_counts_every_unanswered_letter_and_lists_the_ten_oldest(client, isu_staff):
    from outreach.models import Letter, Response
    from tests.factories import CampaignFactory, LetterFactory, ResponseFactory, StateFactory

    campaign = CampaignFactory(title="Universalisation letters to the States not party")
    sent = datetime.datetime(2017, 2, 1, 10, 0, tzinfo=datetime.UTC)
    letters = [
        LetterFactory(
            campaign=campaign, state=StateFactory(name=f"Invented State {i:02d}"), reference=f"TEST/LATE/{i:02d}",
            sent=True, sent_at=sent + datetime.timedelta(days=i),
        )
        for i in range(12)
    ]  # fmt: skip
    ResponseFactory(letter=LetterFactory(campaign=campaign, state=StateFactory(name="Answering State"), sent=True))
    # a letter whose answer was logged while it still reads "sent" has an answer all the same
    odd = LetterFactory(campaign=campaign, state=StateFactory(name="Quiet State"), sent=True)
    Response.objects.create(letter=odd, date=datetime.date(2017, 3, 1), channel="email", summary="Received.")
    LetterFactory(campaign=campaign, state=StateFactory(name="Recent State"), sent=True, sent_at=timezone.now())
    assert Letter.objects.count() == 15
    client.force_login(isu_staff)
    content = client.get(reverse("dashboard")).content.decode()
    assert '<span class="badge rounded-pill text-bg-warning">12</span>' in content
    first = reverse("outreach:letter-detail", args=[letters[0].pk])
    assert f'<a href="{first}">Invented State 00</a> · TEST/LATE/00' in content
    assert "Universalisation letters to the States not party · sent 1 Feb 2017" in content
    assert "Invented State 09" in content and "Invented State 10" not in content
    for name in ("Answering State", "Quiet State", "Recent State"):
        assert name not in content


def test_dashboard_rows_read_in_french(client, isu_staff):
    meeting = MeetingFactory(title="Réunion inventée", date=datetime.date(2031, 3, 4))
    ActionItemFactory(meeting=meeting, text="Écrire " + "très " * 40 + "longuement", due_date=_days(3))
    client.force_login(isu_staff)
    client.cookies["django_language"] = "fr"
    content = client.get(reverse("dashboard")).content.decode()
    link = reverse("meetings:meeting-detail", args=[meeting.pk])
    assert f'<a href="{link}" class="fw-semibold">Réunion inventée</a>' in content
    assert "<span>4</span>mars</div>" in content and "mardi 4 mars 2031" in content
    assert "Écrire très très" in content and "très très tr…</span>" in content  # cut at 140 characters
    assert f'<a href="{link}">Réunion inventée</a>' in content  # the action's meeting


@pytest.mark.parametrize("language", ["en", "fr"])
def test_rows_built_in_python_read_as_the_template_filters_would(language):
    from django.template import Context, Template
    from django.utils import translation

    from directory.rows import DateLabels, truncated

    texts = [
        "Short",
        "x" * 90,
        "y" * 91,
        "Écrire " + "très " * 30,
        "Cafe\u0301 " * 30,
        "x\u0301y " * 40,
        "Plain words " * 20,
    ]
    moments = [datetime.date(2031, 3, 4), datetime.datetime(2017, 2, 1, 23, 30, tzinfo=datetime.UTC), None]
    with translation.override(language):
        for text in texts:
            for length in (10, 60, 90):
                expected = Template("{{ t|truncatechars:n }}").render(
                    Context({"t": text, "n": length}, autoescape=False)
                )
                assert truncated(text, length) == expected
        dates = DateLabels()
        for moment in moments:
            for format in ("j", "N", "l", "DATE_FORMAT", "SHORT_DATE_FORMAT"):
                expected = Template("{{ d|date:f }}").render(Context({"d": moment, "f": format}))
                assert dates(moment, format) == expected
