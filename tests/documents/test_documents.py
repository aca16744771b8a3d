"""PDFs rendered by the task, stored with their hash, served only through permission checks."""

import datetime
import hashlib
import subprocess

import pytest
from django.urls import reverse

from documents.models import GeneratedDocument
from documents.services import document_render
from meetings import services
from meetings.models import Meeting
from meetings.pdfs import minutes_pdf_request, participants_pdf_request
from meetings.services import AttendanceRow
from tests.factories import MeetingFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def minutes(isu_staff):
    meeting = MeetingFactory(title="Coordination Committee", status=Meeting.Status.HELD)
    person = PersonFactory(first_name="Hugh", last_name="Watson")
    services.attendance_record(meeting=meeting, rows=[AttendanceRow(person.delegation, "present", person)])
    item = services.agenda_item_add(meeting=meeting, title="Opening remarks")
    minutes = services.minutes_start(meeting=meeting)
    services.minutes_item_update(
        item=minutes.items.get(agenda_item=item),
        text="The President **opened** the meeting.",
        expected_version=0,
        by=isu_staff,
    )
    return minutes


def pdf_text(document) -> str:
    with document.file.open("rb") as f:
        data = f.read()
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_minutes_pdf_is_rendered_stored_and_hashed(minutes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = minutes_pdf_request(minutes)
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.DONE
    with document.file.open("rb") as f:
        data = f.read()
    assert data.startswith(b"%PDF")
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    text = pdf_text(document)
    assert "The President opened the meeting." in text
    assert "Hugh Watson" in text


def test_asking_twice_reuses_the_document_and_keeps_one_file(minutes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = minutes_pdf_request(minutes)
    with django_capture_on_commit_callbacks(execute=True):
        second = minutes_pdf_request(minutes)
    assert first.pk == second.pk
    assert GeneratedDocument.objects.count() == 1
    second.refresh_from_db()
    storage = second.file.storage
    _, files = storage.listdir(second.file.name.rsplit("/", 1)[0])
    assert files.count(second.file.name.rsplit("/", 1)[1]) == 1


def test_the_pdf_of_approved_minutes_is_frozen(minutes, isu_staff, django_capture_on_commit_callbacks):
    services.minutes_circulate(minutes=minutes, comment_deadline=datetime.date.today(), by=isu_staff)
    later = MeetingFactory(date=minutes.meeting.date + datetime.timedelta(days=30), status=Meeting.Status.HELD)
    minutes = services.minutes_approve(minutes=minutes, at_meeting=later, by=isu_staff)
    with django_capture_on_commit_callbacks(execute=True):
        document = minutes_pdf_request(minutes)
    document.refresh_from_db()
    assert document.frozen
    sha = document.sha256
    rendered_at = document.rendered_at
    document_render(document_id=document.pk)  # a duplicate delivery of the task
    with django_capture_on_commit_callbacks(execute=True):
        minutes_pdf_request(minutes)
    document.refresh_from_db()
    assert (document.sha256, document.rendered_at) == (sha, rendered_at)


@pytest.fixture
def rendered(minutes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = minutes_pdf_request(minutes)
    return document


def test_isu_staff_download_restricted_minutes(client, isu_staff, rendered):
    client.force_login(isu_staff)
    response = client.get(reverse("documents:document-download", args=[rendered.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("persona", ["anonymous", "coordinator_va", "focal_point_iraq"])
def test_others_cannot_download_draft_minutes(client, request, persona, rendered):
    user = request.getfixturevalue(persona)
    if user.is_authenticated:
        client.force_login(user)
    for name in ("documents:document-download", "documents:document-status"):
        assert client.get(reverse(name, args=[rendered.pk])).status_code == 404


def test_committee_members_read_circulated_minutes_pdf(client, coordinator_va, minutes, isu_staff):
    services.minutes_circulate(minutes=minutes, comment_deadline=datetime.date.today(), by=isu_staff)
    minutes.refresh_from_db()
    document = minutes_pdf_request(minutes)
    document_render(document_id=document.pk)
    client.force_login(coordinator_va)
    assert client.get(reverse("documents:document-download", args=[document.pk])).status_code == 200


def test_status_fragment_polls_until_ready(client, isu_staff, minutes):
    document = minutes_pdf_request(minutes)  # on_commit never runs in this test: still queued
    client.force_login(isu_staff)
    response = client.get(reverse("documents:document-status", args=[document.pk]))
    assert b'hx-trigger="every 2s"' in response.content
    document_render(document_id=document.pk)
    response = client.get(reverse("documents:document-status", args=[document.pk]))
    assert b"hx-trigger" not in response.content
    assert b"Download PDF" in response.content


def test_participants_pdf_lists_the_delegations(minutes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = participants_pdf_request(minutes.meeting)
    document.refresh_from_db()
    assert "Hugh Watson" in pdf_text(document)


def test_isu_asks_for_the_list_of_participants_from_the_meeting_page(
    client, isu_staff, minutes, django_capture_on_commit_callbacks
):
    client.force_login(isu_staff)
    meeting = minutes.meeting
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("meetings:participants-pdf", args=[meeting.pk]))
    page = client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).content.decode()
    assert "Download PDF" in page and "List of participants" in page


def test_a_frozen_document_rendered_by_two_workers_keeps_the_first_file(minutes, isu_staff, settings, monkeypatch):
    """Two workers render the same frozen document (a reminder's letter sent twice at once): the
    one that finishes second drops its render, so the file already attached to an e-mail or
    linked from a page is never replaced or deleted."""
    from documents import services as document_services

    minutes.status = minutes.Status.APPROVED
    minutes.save()
    document = minutes_pdf_request(minutes)
    assert document.frozen
    real_render = document_services.render_pdf
    others, started = [], []

    def render_while_another_worker_finishes(template_name, context):
        if not started:  # the other worker renders and stores its file meanwhile
            started.append(True)
            others.append(document_render(document_id=document.pk))
        return real_render(template_name, context)

    monkeypatch.setattr(document_services, "render_pdf", render_while_another_worker_finishes)
    kept = document_render(document_id=document.pk)
    first = others[0]
    assert kept.file.name == first.file.name and kept.sha256 == first.sha256
    stored = sorted(p.name for p in (settings.MEDIA_ROOT / "documents").rglob("*.pdf"))
    assert stored == [first.file.name.rsplit("/", 1)[-1]]
