"""Scale-out: two web processes and two workers, each with a local disk of its own, share
PostgreSQL, Redis and an S3-compatible object store. A file one worker makes is served by both
web processes, and nothing is written to any local disk."""

import datetime
import sys
import time
import urllib.request

import pytest
from django.db import connection

from documents.models import GeneratedDocument
from meetings import summaries
from meetings.models import Meeting, PublicSummary
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


@pytest.fixture
def s3(tmp_path):
    server = S3Server()
    server.start(tmp_path / "s3.log")
    yield server
    server.stop()


def test_two_webs_and_two_workers_share_files_through_object_storage(
    transactional_db, private_redis, s3, settings, tmp_path
):
    settings.STORAGES = {**settings.STORAGES, "default": s3.storage_setting()}
    queue = "celery"  # the private Redis serves this test alone
    database_url = database_url_of(connection.settings_dict)
    disks = {name: tmp_path / name / "media" for name in ("web-a", "web-b", "worker-a", "worker-b")}
    for disk in disks.values():
        disk.mkdir(parents=True)
    common = {"DATABASE_URL": database_url, "CELERY_BROKER_URL": private_redis.url, **s3.env()}

    static_root = tmp_path / "static"
    web_env = {
        **common,
        "DEBUG": "false",
        "SECRET_KEY": "scale-out-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "REQUIRE_STAFF_2FA": "false",
        "STATIC_ROOT": str(static_root),
    }
    collect = start_process(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], web_env, tmp_path / "c.log"
    )
    assert collect.wait(180) == 0
    processes, ports = [], {}
    try:
        for name in ("worker-a", "worker-b"):
            (tmp_path / name / "mail").mkdir()
            processes.append(
                start_worker(
                    broker_url=private_redis.url,
                    database_url=database_url,
                    media_root=disks[name],
                    log=tmp_path / name / "worker.log",
                    queue=queue,
                    env_extra=s3.env(),
                )
            )
        for name in ("web-a", "web-b"):
            ports[name] = free_port()
            processes.append(
                start_process(
                    [sys.executable, "-m", "gunicorn", "ccm_portal.wsgi", "-w", "1", "-b", f"127.0.0.1:{ports[name]}"],
                    {**web_env, "MEDIA_ROOT": str(disks[name])},
                    tmp_path / name / "web.log",
                )
            )
        for port in ports.values():
            assert wait_for(lambda port=port: _get(f"http://127.0.0.1:{port}/")[0] == 200, 30)

        # Three summaries published: their PDFs are rendered by whichever worker takes them.
        published = []
        with celery_publishing_to(private_redis.url, queue):
            from django.contrib.auth import get_user_model

            isu = get_user_model().objects.create_user("isu-scale", is_superuser=True)
            for number in range(3):
                meeting = MeetingFactory(status=Meeting.Status.HELD, date=datetime.date(2017, 6, 9 + number))
                summary = PublicSummary.objects.create(meeting=meeting, title=f"Meeting {number}", key_points="- A.")
                summaries.summary_publish(summary=summary, by=isu)
                published.append(summary)
        documents = GeneratedDocument.objects.filter(kind="summary")
        assert wait_for(lambda: all(d.is_ready for d in GeneratedDocument.objects.filter(kind="summary")), 90)

        # Every web process serves every file, byte for byte what the worker stored.
        for summary in published:
            bodies = {
                name: _get(f"http://127.0.0.1:{port}/public/summaries/{summary.pk}/pdf/")
                for name, port in ports.items()
            }
            assert {status for status, _ in bodies.values()} == {200}
            assert bodies["web-a"][1] == bodies["web-b"][1] and bodies["web-a"][1][:4] == b"%PDF"
        time.sleep(0.5)
    finally:
        for process in processes:
            kill(process)

    assert len(s3.keys()) == documents.count() == 3
    for name, disk in disks.items():
        assert _files_under(disk) == [], f"{name} wrote to its local disk"
