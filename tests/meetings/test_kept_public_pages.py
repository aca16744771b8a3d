"""A kept public page is served to an anonymous visitor before the middleware it does not need
(ccm_portal.middleware.KeptPublicPageMiddleware): the same page and the same headers as the whole
stack gives, the visitor's own CSRF token and cookie, their language, and never once what it
shows changed."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from meetings.models import Meeting, PublicSummary
from meetings.services import summaries
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db

HEADERS = ("Content-Type", "Content-Language", "Vary", "X-Frame-Options", "Content-Security-Policy")


@pytest.fixture
def summary(isu_staff, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(title="Meeting Quokka", date=datetime.date(2017, 6, 9), status=Meeting.Status.HELD)
    summary = PublicSummary.objects.create(meeting=meeting, title="Quokka briefing", key_points="- A key point.")
    with django_capture_on_commit_callbacks(execute=True):
        summaries.summary_publish(summary=summary, by=isu_staff)
    return summary


def _served_early(response) -> bool:
    """The session middleware never ran: the page came from the kept-page middleware."""
    return not hasattr(response.wsgi_request, "session")


@pytest.mark.parametrize("name", ["home", "summary"])
def test_a_kept_page_is_served_early_with_the_headers_of_the_whole_stack(name, summary):
    url = reverse("home") if name == "home" else reverse("public:summary-detail", args=[summary.pk])
    built = Client().get(url)
    kept = Client().get(url)
    assert not _served_early(built) and _served_early(kept)
    assert kept.status_code == 200
    assert "Quokka briefing" in kept.content.decode()
    for header in HEADERS:
        assert kept.get(header) == built.get(header), header
    assert int(kept["Content-Length"]) == len(kept.content)
    assert "csrftoken" in kept.cookies  # a new visitor gets a token and its cookie


def test_a_returning_visitor_keeps_their_csrf_cookie_and_the_page_carries_its_token(summary):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(reverse("home"))
    secret_cookie = visitor.cookies["csrftoken"].value
    page = visitor.get(reverse("home"))
    assert _served_early(page)
    assert page.cookies["csrftoken"].value == secret_cookie  # sent again to renew it, the same secret
    token = page.content.decode().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert visitor.cookies["csrftoken"].value == secret_cookie
    answer = visitor.post(reverse("set_language"), {"language": "fr", "next": "/", "csrfmiddlewaretoken": token})
    assert answer.status_code == 302


def test_each_language_is_its_own_kept_page(summary):
    Client().get(reverse("home"))
    french = Client()
    french.cookies["django_language"] = "fr"
    french.get(reverse("home"))  # built in French and kept
    page = french.get(reverse("home"))
    assert _served_early(page)
    assert page["Content-Language"] == "fr"
    assert '<html lang="fr">' in page.content.decode()


def test_a_withdrawn_summary_is_never_served_from_the_kept_page(summary, isu_staff):
    url = reverse("public:summary-detail", args=[summary.pk])
    Client().get(url)
    assert _served_early(Client().get(url))
    summaries.summary_withdraw(summary=summary, reason="A participant can be identified.", by=isu_staff)
    assert Client().get(url).status_code == 404


def test_a_logged_in_person_or_a_query_goes_down_the_whole_stack(summary, isu_staff):
    Client().get(reverse("home"))
    member = Client()
    member.force_login(isu_staff)
    assert not _served_early(member.get(reverse("home")))
    assert not _served_early(Client().get(reverse("home") + "?q=clearance"))
