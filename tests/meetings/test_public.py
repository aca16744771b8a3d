"""The public pages: what is published is there; nothing unpublished, restricted or draft is
reachable through pages, search, the calendar feed or files."""

import datetime

import pytest
from django.urls import reverse

from documents.models import GeneratedDocument
from documents.services import document_render
from meetings.models import Meeting, PublicSummary
from meetings.pdfs import minutes_pdf_request, summary_pdf_request
from meetings.services import summaries
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def make_summary(title, status, key_points="- Country Coalitions need national ownership."):
    meeting = MeetingFactory(title=f"Meeting {title}", date=datetime.date(2017, 6, 9), status=Meeting.Status.HELD)
    return PublicSummary.objects.create(meeting=meeting, title=title, key_points=key_points, status=status)


@pytest.fixture
def published(isu_staff, django_capture_on_commit_callbacks):
    summary = make_summary("Informal meeting on cooperation", PublicSummary.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        summaries.summary_publish(summary=summary, by=isu_staff)
    summary.refresh_from_db()
    return summary


@pytest.fixture
def hidden():
    return [
        make_summary("Draft secret summary", PublicSummary.Status.DRAFT),
        make_summary("Circulated secret summary", PublicSummary.Status.CIRCULATED),
        make_summary("Withdrawn secret summary", PublicSummary.Status.WITHDRAWN),
    ]


def test_home_lists_published_summaries_and_coming_open_meetings(client, published, hidden):
    MeetingFactory(
        title="Open intersessional briefing",
        date=datetime.date.today() + datetime.timedelta(days=20),
        confidentiality=Meeting.Confidentiality.OPEN,
    )
    MeetingFactory(title="Restricted CC meeting", date=datetime.date.today() + datetime.timedelta(days=10))
    content = client.get(reverse("home")).content.decode()
    assert "Informal meeting on cooperation" in content
    assert "Open intersessional briefing" in content
    assert "Restricted CC meeting" not in content
    assert "secret" not in content


def test_a_published_summary_has_its_page_and_pdf(client, published):
    response = client.get(reverse("public:summary-detail", args=[published.pk]))
    assert response.status_code == 200
    assert b"Country Coalitions need national ownership" in response.content
    pdf = client.get(reverse("public:summary-pdf", args=[published.pk]), follow=True)
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    document = GeneratedDocument.objects.get(kind="summary", object_id=published.pk)
    assert document.frozen and document.sha256.encode() in response.content


def test_nothing_unpublished_is_reachable(client, published, hidden):
    for summary in hidden:
        assert client.get(reverse("public:summary-detail", args=[summary.pk])).status_code == 404
        assert client.get(reverse("public:summary-pdf", args=[summary.pk])).status_code == 404
        preview = summary_pdf_request(summary)  # a draft preview PDF exists ...
        document_render(document_id=preview.pk)
        # ... but the public cannot download it, nor ask for its status
        assert client.get(reverse("documents:document-download", args=[preview.pk])).status_code == 404
        assert client.get(reverse("documents:document-status", args=[preview.pk])).status_code == 404
    results = client.get(reverse("public:search"), {"q": "secret"}).content.decode()
    assert "secret summary" not in results
    results = client.get(reverse("public:search"), {"q": "Coalitions"}).content.decode()
    assert "Informal meeting on cooperation" in results and "secret" not in results


def test_withdrawing_takes_the_summary_and_its_pdf_off_the_public_pages(client, published, isu_staff):
    document = GeneratedDocument.objects.get(kind="summary", object_id=published.pk)
    summaries.summary_withdraw(summary=published, reason="Objection", by=isu_staff)
    assert client.get(reverse("public:summary-detail", args=[published.pk])).status_code == 404
    assert client.get(reverse("documents:document-download", args=[document.pk])).status_code == 404
    assert "Informal meeting" not in client.get(reverse("home")).content.decode()


def test_restricted_minutes_pdf_is_never_public(client, isu_staff):
    meeting = MeetingFactory(status=Meeting.Status.HELD)
    from meetings import services

    services.agenda_item_add(meeting=meeting, title="Opening")
    document = minutes_pdf_request(services.minutes_start(meeting=meeting))
    document_render(document_id=document.pk)
    assert client.get(reverse("documents:document-download", args=[document.pk])).status_code == 404


def test_calendar_feed_lists_open_meetings_only(client):
    MeetingFactory(
        title="Open workshop",
        date=datetime.date.today() + datetime.timedelta(days=5),
        confidentiality=Meeting.Confidentiality.OPEN,
        start_time=datetime.time(10, 0),
        end_time=datetime.time(11, 30),
        venue="Maison de la Paix",
    )
    MeetingFactory(title="Restricted CC", date=datetime.date.today() + datetime.timedelta(days=5))
    MeetingFactory(
        title="Cancelled open meeting",
        date=datetime.date.today() + datetime.timedelta(days=6),
        confidentiality=Meeting.Confidentiality.OPEN,
        status=Meeting.Status.CANCELLED,
    )
    response = client.get(reverse("public:calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "SUMMARY:Open workshop" in body and "LOCATION:Maison de la Paix" in body
    assert "TZID=Europe/Zurich" in body
    assert "Restricted CC" not in body and "Cancelled" not in body


def test_search_without_words_lists_nothing(client, published):
    response = client.get(reverse("public:search"))
    assert response.status_code == 200 and b"found" not in response.content


@pytest.mark.parametrize("language, phrase", [("fr", "Résumés récents"), ("es", "Resúmenes recientes")])
def test_public_pages_are_offered_in_french_and_spanish(client, published, language, phrase):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    content = client.get(reverse("home")).content.decode()
    assert f'lang="{language}"' in content
    assert phrase in content
