"""Settings fail fast: production (DEBUG=false) refuses to start without a real SECRET_KEY."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The development default written in settings.py: a deployment that forgot SECRET_KEY gets it.
DEV_DEFAULT_KEY = "dev-only-insecure-key-change-me-in-production-0123456789abcdef"
A_REAL_KEY = "x7Rk2-production-looking-key-for-this-test-only-9fQw3mZp8LtV1bNc4HyD"


def _environment(**values) -> dict:
    """The test process's environment without anything the portal reads, then `values`."""
    read_by_portal = ("DJANGO_", "DATABASE_URL", "CELERY_", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "CACHE_URL")
    env = {k: v for k, v in os.environ.items() if not k.startswith(read_by_portal)}
    env["DJANGO_SETTINGS_MODULE"] = "ccm_portal.settings"
    env.update(values)
    return env


def _check(**values) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=_environment(**values),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif((ROOT / ".env").exists(), reason="a .env file beside manage.py would supply SECRET_KEY")
def test_production_without_a_secret_key_refuses_to_start():
    result = _check(DEBUG="false", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set when DEBUG is false" in result.stderr


def test_production_with_an_empty_secret_key_refuses_to_start():
    result = _check(DEBUG="false", ALLOWED_HOSTS="portal.example.org", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is false" in result.stderr


def test_production_with_the_development_key_refuses_to_start():
    result = _check(DEBUG="false", ALLOWED_HOSTS="portal.example.org", SECRET_KEY=DEV_DEFAULT_KEY)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set when DEBUG is false" in result.stderr


def test_production_with_a_real_key_starts():
    result = _check(DEBUG="false", ALLOWED_HOSTS="portal.example.org", SECRET_KEY=A_REAL_KEY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_development_runs_on_the_default_key():
    result = _check(DEBUG="true")
    assert result.returncode == 0, result.stdout + result.stderr


def test_celery_task_time_limits_come_from_the_environment():
    code = "from django.conf import settings as s; print(s.CELERY_TASK_TIME_LIMIT, s.CELERY_TASK_SOFT_TIME_LIMIT)"
    default = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert default.returncode == 0, default.stderr
    assert default.stdout.split() == ["300", "240"]
    configured = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=_environment(CELERY_TASK_TIME_LIMIT="900", CELERY_TASK_SOFT_TIME_LIMIT="840"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert configured.returncode == 0, configured.stderr
    assert configured.stdout.split() == ["900", "840"]


def test_the_celery_app_applies_the_time_limits():
    code = (
        "import django; django.setup(); from ccm_portal.celery import app;"
        " print(app.conf.task_time_limit, app.conf.task_soft_time_limit)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_environment(CELERY_TASK_TIME_LIMIT="120", CELERY_TASK_SOFT_TIME_LIMIT="100"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["120", "100"]


def _setting(name: str, **values) -> str:
    code = f"import django; django.setup(); from django.conf import settings as s; print(s.{name})"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_environment(**values), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_sessions_are_read_from_a_shared_cache_and_only_from_one():
    """A cache of each process's own would keep a session that another process ended (a logout)."""
    assert _setting("SESSION_ENGINE") == "django.contrib.sessions.backends.db"
    assert _setting("SESSION_ENGINE", CACHE_URL="locmemcache://") == "django.contrib.sessions.backends.db"
    shared = _setting("SESSION_ENGINE", CACHE_URL="redis://127.0.0.1:6379/2")
    assert shared == "django.contrib.sessions.backends.cached_db"


def test_postgresql_is_served_by_the_portals_back_end():
    engine = _setting("DATABASES['default']['ENGINE']", DATABASE_URL="postgres://u@127.0.0.1:5432/x")
    assert engine == "ccm_portal.postgresql"
    assert _setting("DATABASES['default']['ENGINE']") == "django.db.backends.sqlite3"
