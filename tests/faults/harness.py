"""Real services that a fault test may break: its own Redis, its own PostgreSQL cluster, Celery
workers and gunicorn, each a separate process the test starts, kills and starts again.

The shared PostgreSQL and Redis of the machine are never stopped: a test that needs to stop a
service starts a private one on a free port."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout=30.0, interval=0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class RedisServer:
    """A private redis-server that keeps nothing on disk."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            pytest.fail("redis-server is not installed; the fault tests need it")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        assert wait_for(lambda: _port_open(self.port), 10), "the private Redis did not start"

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        assert wait_for(lambda: not _port_open(self.port), 10)


class PostgresCluster:
    """A private PostgreSQL cluster in a temporary folder, owned by the postgres user when run as root."""

    def __init__(self):
        pg_config = shutil.which("pg_config")
        bindir = (
            Path(subprocess.run([pg_config, "--bindir"], capture_output=True, text=True).stdout.strip())
            if pg_config
            else Path("/nonexistent")
        )
        self.initdb, self.pg_ctl = bindir / "initdb", bindir / "pg_ctl"
        if not self.initdb.exists():
            candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
            if not candidates:
                pytest.fail("initdb is not installed; the fault tests need PostgreSQL's server binaries")
            self.initdb, self.pg_ctl = candidates[-1], candidates[-1].with_name("pg_ctl")
        self.folder = Path(tempfile.mkdtemp(prefix="ccm-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]
        else:
            self.prefix = []

    def _run(self, *command):
        subprocess.run(self.prefix + [str(c) for c in command], check=True, capture_output=True, cwd="/tmp")

    def init(self):
        self._run(self.initdb, "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(self.pg_ctl, "-D", self.data, "-o", options, "-l", self.folder / "log", "-w", "start")

    def stop(self):
        self._run(self.pg_ctl, "-D", self.data, "-m", "fast", "-w", "stop")

    def destroy(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def start_process(command, env_extra, log: Path) -> subprocess.Popen:
    """Start a portal process (worker, gunicorn...) in its own session so it can be killed whole."""
    env = {**os.environ, **env_extra}
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT, start_new_session=True
    )


def start_worker(*, broker_url, database_url, media_root, log: Path, queue: str, env_extra=None):
    process = start_process(
        [sys.executable, "-m", "celery", "-A", "ccm_portal", "worker", "--pool=solo", "-Q", queue, "-l", "INFO"],
        {
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(log.parent / "mail"),
            "MEDIA_ROOT": str(media_root),
            **(env_extra or {}),
        },
        log,
    )
    if not wait_for(lambda: "ready" in log.read_text(), 30):
        kill(process)
        pytest.fail(f"the Celery worker did not start:\n{log.read_text()}")
    return process


def kill(process: subprocess.Popen, sig=signal.SIGKILL):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(15)


@contextlib.contextmanager
def celery_publishing_to(broker_url: str, queue: str):
    """Make this (test) process publish its tasks to `broker_url` on `queue`, not eagerly."""
    from ccm_portal.celery import app

    # Publishing goes through broker_write_url (it shadows broker_url once the app is configured).
    saved = (app.conf.broker_write_url, app.conf.task_default_queue, app.conf.task_always_eager)
    app.conf.broker_write_url, app.conf.task_default_queue, app.conf.task_always_eager = broker_url, queue, False
    app._pool = None
    app.amqp._producer_pool = None
    try:
        yield app
    finally:
        app.conf.broker_write_url, app.conf.task_default_queue, app.conf.task_always_eager = saved
        with contextlib.suppress(Exception):
            app.pool.force_close_all()
        app._pool = None
        app.amqp._producer_pool = None


def database_url_of(connection_settings) -> str:
    s = connection_settings
    return f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


class S3Server:
    """moto's S3-compatible server, with one private bucket."""

    def __init__(self, bucket="ccm-portal-test"):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.bucket = bucket
        self.process = None

    def start(self, log: Path):
        self.process = start_process([sys.executable, "-m", "moto.server", "-p", str(self.port)], {}, log)
        assert wait_for(lambda: _port_open(self.port), 30), log.read_text()
        import boto3

        boto3.client("s3", **self.client_options()).create_bucket(Bucket=self.bucket)

    def client_options(self):
        return {
            "endpoint_url": self.endpoint,
            "aws_access_key_id": "test",
            "aws_secret_access_key": "test",
            "region_name": "us-east-1",
        }

    def env(self):
        return {
            "S3_BUCKET": self.bucket,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_ACCESS_KEY_ID": "test",
            "S3_SECRET_ACCESS_KEY": "test",
            "S3_REGION": "us-east-1",
        }

    def storage_setting(self):
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": self.bucket,
                "endpoint_url": self.endpoint,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "default_acl": None,
                "file_overwrite": False,
            },
        }

    def keys(self):
        import boto3

        listing = boto3.client("s3", **self.client_options()).list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def stop(self):
        if self.process:
            kill(self.process, signal.SIGTERM)
