"""Scale-out: two web processes and two workers, each with a local disk of its own, share
PostgreSQL, Redis and an S3-compatible object store. A file one worker makes is served by both
web processes, nothing is written to any local disk, and a scheduled reminder delivered to both
workers at once runs once."""

import datetime
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from documents.models import GeneratedDocument
from meetings.models import Meeting, PublicSummary
from meetings.services import summaries
from tests.factories import MeetingFactory

from .harness import (
    S3Server,
    celery_publishing_to,
    database_url_of,
    free_port,
    kill,
    start_process,
    start_worker,
    wait_for,
)

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

QUEUE = "celery"  # the private Redis serves one test alone


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""
    except OSError:
        return 0, b""


def _files_under(folder):
    return [p for p in folder.rglob("*") if p.is_file()]


@dataclass
class Deployment:
    folder: Path
    ports: dict = field(default_factory=dict)
    disks: dict = field(default_factory=dict)

    def url(self, web, path):
        return f"http://127.0.0.1:{self.ports[web]}{path}"

    def worker_logs(self):
        return [(self.folder / name / "worker.log").read_text() for name in ("worker-a", "worker-b")]


@pytest.fixture
def s3(tmp_path):
    server = S3Server()
    server.start(tmp_path / "s3.log")
    yield server
    server.stop()


@pytest.fixture
def deployment(transactional_db, private_redis, s3, settings, tmp_path):
    """web-a and web-b (gunicorn), worker-a and worker-b (Celery), each with its own empty disk."""
    settings.STORAGES = {**settings.STORAGES, "default": s3.storage_setting()}
    database_url = database_url_of(connection.settings_dict)
    found = Deployment(tmp_path)
    for name in ("web-a", "web-b", "worker-a", "worker-b"):
        found.disks[name] = tmp_path / name / "media"
        found.disks[name].mkdir(parents=True)
    web_env = {
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": private_redis.url,
        **s3.env(),
        "DEBUG": "false",
        "SECRET_KEY": "scale-out-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "REQUIRE_STAFF_2FA": "false",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    collect = start_process(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], web_env, tmp_path / "c.log"
    )
    assert collect.wait(180) == 0
    processes = []
    try:
        for name in ("worker-a", "worker-b"):
            (tmp_path / name / "mail").mkdir()
            processes.append(
                start_worker(
                    broker_url=private_redis.url,
                    database_url=database_url,
                    media_root=found.disks[name],
                    log=tmp_path / name / "worker.log",
                    queue=QUEUE,
                    env_extra=s3.env(),
                )
            )
        for name in ("web-a", "web-b"):
            found.ports[name] = free_port()
            command = [
                sys.executable,
                "-m",
                "gunicorn",
                "ccm_portal.wsgi",
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{found.ports[name]}",
            ]
            processes.append(
                start_process(command, {**web_env, "MEDIA_ROOT": str(found.disks[name])}, tmp_path / name / "web.log")
            )
        for name in found.ports:
            assert wait_for(lambda name=name: _get(found.url(name, "/"))[0] == 200, 30)
        with celery_publishing_to(private_redis.url, QUEUE):
            yield found
    finally:
        for process in processes:
            kill(process)
    for name, disk in found.disks.items():
        assert _files_under(disk) == [], f"{name} wrote to its local disk"


def test_a_file_made_by_either_worker_is_served_by_both_webs(deployment, s3):
    from django.contrib.auth import get_user_model

    isu = get_user_model().objects.create_user("isu-scale", is_superuser=True)
    published = []
    for number in range(3):
        meeting = MeetingFactory(status=Meeting.Status.HELD, date=datetime.date(2017, 6, 9 + number))
        summary = PublicSummary.objects.create(meeting=meeting, title=f"Meeting {number}", key_points="- A.")
        summaries.summary_publish(summary=summary, by=isu)
        published.append(summary)
    assert wait_for(lambda: all(d.is_ready for d in GeneratedDocument.objects.filter(kind="summary")), 90)

    for summary in published:
        bodies = {web: _get(deployment.url(web, f"/public/summaries/{summary.pk}/pdf/")) for web in deployment.ports}
        assert {status for status, _ in bodies.values()} == {200}
        assert bodies["web-a"][1] == bodies["web-b"][1] and bodies["web-a"][1][:4] == b"%PDF"
    assert len(s3.keys()) == GeneratedDocument.objects.filter(kind="summary").count() == 3


def test_a_scheduled_reminder_delivered_to_both_workers_at_once_runs_once(deployment):
    from celery import current_app

    from finance.models import Reminder, ReminderRound
    from outreach.models import Letter, ReminderLog

    call_command("load_demo", stdout=open("/dev/null", "w"))
    unanswered = Letter.objects.filter(sent_at__isnull=False, responses__isnull=True).count()
    assert unanswered and ReminderRound.objects.count() == 1  # the demo's round of June 2017: one is due

    # Beat fires twice (two beats by mistake, or a redelivery): both workers take one each.
    for _ in range(2):
        current_app.send_task("finance.tasks.scheduled_reminder_round")
        current_app.send_task("outreach.tasks.remind_unanswered")
    assert wait_for(lambda: sum(log.count("succeeded") for log in deployment.worker_logs()) >= 4, 90)

    def letters_rendered():
        todays = Reminder.objects.filter(round__run_on=timezone.localdate()).select_related("document")
        return todays.exists() and all(r.document and r.document.is_ready for r in todays)

    assert wait_for(letters_rendered, 120)
    time.sleep(1)

    today_rounds = ReminderRound.objects.filter(run_on=timezone.localdate())
    assert today_rounds.count() == 1
    reminders = Reminder.objects.filter(round__in=today_rounds)
    assert reminders.values("state").distinct().count() == reminders.count() > 0
    logged = ReminderLog.objects.values_list("letter_id", "to")
    assert len(logged) == len(set(logged)) > 0  # each letter's owner reminded once
