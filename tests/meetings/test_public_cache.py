"""The public pages are kept in the cache for anonymous visitors, and not served once what they
show changed (a summary published or withdrawn, a meeting saved): at once in the process that
made the change, within a second in the others. Each visitor gets a CSRF token of their own in
a cached page."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from meetings.models import Meeting, PublicSummary
from meetings.services import summaries
from meetings.views.public import CSRF_PLACEHOLDER
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def publish(title, isu_staff, capture):
    meeting = MeetingFactory(title=f"Meeting {title}", date=datetime.date(2017, 6, 9), status=Meeting.Status.HELD)
    summary = PublicSummary.objects.create(meeting=meeting, title=title, key_points="- A key point.")
    with capture(execute=True):
        summaries.summary_publish(summary=summary, by=isu_staff)
    return summary


def test_publishing_and_withdrawing_show_at_once(client, isu_staff, django_capture_on_commit_callbacks):
    first = publish("First informal meeting", isu_staff, django_capture_on_commit_callbacks)
    assert "First informal meeting" in client.get(reverse("home")).content.decode()
    assert client.get(reverse("public:summary-detail", args=[first.pk])).status_code == 200

    publish("Second informal meeting", isu_staff, django_capture_on_commit_callbacks)
    assert "Second informal meeting" in client.get(reverse("home")).content.decode()

    summaries.summary_withdraw(summary=first, reason="A participant can be identified.", by=isu_staff)
    assert "First informal meeting" not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("public:summary-detail", args=[first.pk])).status_code == 404


def test_a_meeting_made_restricted_leaves_the_home_page_at_once(client):
    meeting = MeetingFactory(
        title="Open briefing on clearance",
        date=datetime.date.today() + datetime.timedelta(days=20),
        confidentiality=Meeting.Confidentiality.OPEN,
    )
    assert "Open briefing on clearance" in client.get(reverse("home")).content.decode()
    meeting.confidentiality = Meeting.Confidentiality.RESTRICTED
    meeting.save()
    assert "Open briefing on clearance" not in client.get(reverse("home")).content.decode()


def test_each_visitor_gets_a_token_of_their_own(client, django_user_model):
    from django.test import Client

    first = client.get(reverse("home"))
    second = Client().get(reverse("home"))
    for response in (first, second):
        assert CSRF_PLACEHOLDER not in response.content.decode()
        assert "csrftoken" in response.cookies
    token = second.cookies["csrftoken"].value
    language = Client(enforce_csrf_checks=True)
    language.cookies["csrftoken"] = token
    page = language.get(reverse("home")).content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
    submitted = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = language.post(reverse("set_language"), {"language": "fr", "next": "/", "csrfmiddlewaretoken": submitted})
    assert response.status_code == 302


def test_a_change_made_by_another_process_shows_within_the_stamp_time(client, monkeypatch):
    """Another web process changes the database without this process's signals: this process
    trusts the stamp it read for STAMP_SECONDS, then reads it again and rebuilds the page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.views import public as public_views

    meeting = MeetingFactory(
        title="Open briefing on victim assistance",
        date=datetime.date.today() + datetime.timedelta(days=20),
        confidentiality=Meeting.Confidentiality.OPEN,
    )
    clock = [1000.0]
    monkeypatch.setattr(public_views.time, "monotonic", lambda: clock[0])
    assert "Open briefing on victim assistance" in client.get(reverse("home")).content.decode()

    with CaptureQueriesContext(connection) as queries:  # within the stamp time: no query at all
        client.get(reverse("home"))
    assert len(queries) == 0

    # What another process does: the change and its history row, none of this process's signals.
    Meeting.objects.filter(pk=meeting.pk).update(confidentiality=Meeting.Confidentiality.RESTRICTED)
    history = Meeting.history.model
    row = history.objects.filter(id=meeting.pk).latest("history_id")
    row.pk, row.history_type, row.confidentiality = None, "~", Meeting.Confidentiality.RESTRICTED
    history.objects.bulk_create([row])

    clock[0] += public_views.STAMP_SECONDS + 0.01
    assert "Open briefing on victim assistance" not in client.get(reverse("home")).content.decode()


def test_a_shared_cache_that_does_not_answer_leaves_the_pages_up(client):
    from django.test import override_settings

    MeetingFactory(
        title="Open briefing on stockpile destruction",
        date=datetime.date.today() + datetime.timedelta(days=20),
        confidentiality=Meeting.Confidentiality.OPEN,
    )
    nobody_listens = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    with override_settings(CACHES={"default": nobody_listens}):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Open briefing on stockpile destruction" in response.content.decode()
