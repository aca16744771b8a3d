"""Redis stops while people work: what they do is saved, and the tasks it needs run once Redis
is back, through the transactional outbox; none is lost and none has a visible effect twice."""

import datetime
import time

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from documents.models import GeneratedDocument
from meetings import services
from meetings.models import Meeting, Minutes, PublicSummary
from meetings.services import summaries
from outbox.models import OutboxMessage
from outbox.services import relay
from tests.factories import MeetingFactory

from .harness import celery_publishing_to, database_url_of, kill, start_worker, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def _mail_files(folder):
    return sorted(folder.glob("*.log"))


def test_work_done_while_redis_is_down_is_kept_and_its_tasks_run_once(
    transactional_db, private_redis, settings, tmp_path, client, isu_staff
):
    isu_staff.email = "isu@example.org"
    isu_staff.save()
    queue = f"faults-{time.monotonic_ns()}"
    meeting = MeetingFactory(status=Meeting.Status.HELD, date=datetime.date(2017, 6, 9))
    services.agenda_item_add(meeting=meeting, title="Finance")
    minutes = services.minutes_start(meeting=meeting)
    minutes.items.update(text="The shortfall fell.")
    summary = PublicSummary.objects.create(meeting=meeting, title="Informal meeting", key_points="- A point.")

    with celery_publishing_to(private_redis.url, queue):
        private_redis.stop()

        # Two people act while the broker is down: both actions are saved, nobody sees an error.
        summaries.summary_publish(summary=summary, by=isu_staff)
        client.force_login(isu_staff)
        deadline = timezone.localdate() + datetime.timedelta(days=14)
        response = client.post(
            reverse("meetings:minutes-circulate", args=[meeting.pk]), {"comment_deadline": deadline.isoformat()}
        )
        assert response.status_code == 302
        summary.refresh_from_db()
        minutes.refresh_from_db()
        assert summary.status == PublicSummary.Status.PUBLISHED
        assert minutes.status == Minutes.Status.CIRCULATED
        pending = list(OutboxMessage.objects.pending())
        assert sorted(m.task for m in pending) == [
            "documents.tasks.render_document",  # the summary's public PDF
            "documents.tasks.render_document",  # the circulated minutes' own PDF
            "meetings.tasks.send_circulation_notice",
        ]
        assert all(m.last_error for m in pending)
        assert relay() == 0  # still down: kept

        private_redis.start()
        assert relay() == 3
        assert not OutboxMessage.objects.pending().exists()

        mail = tmp_path / "mail"
        mail.mkdir()
        worker = start_worker(
            broker_url=private_redis.url,
            database_url=database_url_of(connection.settings_dict),
            media_root=settings.MEDIA_ROOT,
            log=tmp_path / "worker.log",
            queue=queue,
        )
        try:
            document = GeneratedDocument.objects.get(kind="summary", object_id=summary.pk)
            assert wait_for(lambda: GeneratedDocument.objects.get(pk=document.pk).is_ready, 60)
            assert wait_for(lambda: Minutes.objects.get(pk=minutes.pk).circulation_notice_sent_at, 30)
            document.refresh_from_db()
            first_render, notices = document.rendered_at, _mail_files(mail)
            assert len(notices) == 1 and "isu@example.org" in notices[0].read_text()

            # The same tasks delivered a second time (a relay that crashed before marking them sent).
            delivered = OutboxMessage.objects.filter(sent_at__isnull=False)
            count = delivered.count()
            delivered.update(sent_at=None)
            assert relay() == count
            assert wait_for(lambda: "succeeded" in (tmp_path / "worker.log").read_text().split("received")[-1], 30)
            time.sleep(1)
        finally:
            kill(worker)
    document.refresh_from_db()
    assert document.rendered_at == first_render
    assert _mail_files(mail) == notices
    assert len(list(settings.MEDIA_ROOT.rglob("*.pdf"))) == 2  # one file per document, never a second
