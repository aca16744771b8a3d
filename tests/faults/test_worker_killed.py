"""A worker killed with SIGKILL in the middle of a PDF: the task is not lost, and runs to one file."""

import datetime
import time

import pytest
from django.db import connection

from documents.models import GeneratedDocument
from meetings import services
from meetings.models import Meeting, MinutesItem
from meetings.pdfs import minutes_pdf_request
from tests.factories import MeetingFactory

from .harness import celery_publishing_to, database_url_of, kill, start_worker, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

# Long minutes, so that rendering takes a few seconds and the kill lands while it runs.
PARAGRAPH = (
    "The Coordinator recalled the commitments of the Dubrovnik Action Plan on victim assistance, "
    "the need for national focal points, data on survivors and their needs, and referral mechanisms. "
) * 6


def _long_minutes():
    meeting = MeetingFactory(status=Meeting.Status.HELD, date=datetime.date(2017, 1, 25))
    for number in range(12):
        services.agenda_item_add(meeting=meeting, title=f"Item {number + 1}")
    minutes = services.minutes_start(meeting=meeting)
    MinutesItem.objects.filter(minutes=minutes).update(text="\n\n".join([PARAGRAPH] * 40))
    return minutes


def _status(document_id):
    return GeneratedDocument.objects.get(pk=document_id).status


def test_a_pdf_task_survives_its_worker_being_killed(transactional_db, private_redis, settings, tmp_path):
    queue = f"faults-{time.monotonic_ns()}"
    common = {
        "broker_url": private_redis.url,
        "database_url": database_url_of(connection.settings_dict),
        "media_root": settings.MEDIA_ROOT,
        "queue": queue,
        # The task of a dead worker comes back to the queue after 2 s (600 s in production).
        "env_extra": {"CELERY_VISIBILITY_TIMEOUT": "2", "CELERY_UNACKED_RESTORE_INTERVAL": "1"},
    }
    (tmp_path / "mail").mkdir()
    first = start_worker(log=tmp_path / "worker-1.log", **common)
    try:
        with celery_publishing_to(private_redis.url, queue):
            minutes = _long_minutes()
            document = minutes_pdf_request(minutes)
        assert wait_for(lambda: _status(document.pk) == GeneratedDocument.Status.RUNNING, 30)
    finally:
        kill(first)  # SIGKILL to the whole worker, in the middle of rendering

    assert _status(document.pk) == GeneratedDocument.Status.RUNNING  # it died before finishing

    second = start_worker(log=tmp_path / "worker-2.log", **common)
    try:
        assert wait_for(lambda: _status(document.pk) == GeneratedDocument.Status.DONE, 90), (
            tmp_path / "worker-2.log"
        ).read_text()[-3000:]
    finally:
        kill(second)

    document.refresh_from_db()
    assert document.attempts == 2
    with document.file.open("rb") as pdf:
        assert pdf.read(4) == b"%PDF"
    stored = [p for p in (settings.MEDIA_ROOT).rglob("*.pdf")]
    assert [p.name for p in stored] == [document.file.name.rsplit("/", 1)[-1]]
