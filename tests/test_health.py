"""GET /health/: the database, the cache, stored files and (with a broker) Redis, by name only.

Load balancers and docker compose ask it; it needs no login and no second factor, is never
cached, and says which check failed without saying anything else.
"""

import json

import pytest

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1: refused at once


def _health(client):
    response = client.get("/health/")
    return response, json.loads(response.content)


def test_everything_up_answers_200_with_each_check(client, settings):
    settings.CELERY_BROKER_URL = ""
    response, body = _health(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert body == {"database": "ok", "cache": "ok", "storage": "ok"}


def test_the_answer_is_never_cached(client, settings):
    settings.CELERY_BROKER_URL = ""
    response, _body = _health(client)
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-cache", "no-store", "must-revalidate", "max-age=0"} <= cache_control


def test_the_storage_check_leaves_no_file_behind(client, settings):
    settings.CELERY_BROKER_URL = ""
    response, _body = _health(client)
    assert response.status_code == 200
    left = [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] if settings.MEDIA_ROOT.exists() else []
    assert left == []


def test_an_unreachable_cache_answers_503_naming_it(client, settings):
    settings.CELERY_BROKER_URL = ""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": UNREACHABLE_REDIS,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    response, body = _health(client)
    assert response.status_code == 503
    assert body == {"database": "ok", "cache": "failing", "storage": "ok"}
    assert b"127.0.0.1" not in response.content  # no address, port or error text


def test_an_unreachable_broker_answers_503_naming_it(client, settings):
    settings.CELERY_BROKER_URL = UNREACHABLE_REDIS
    response, body = _health(client)
    assert response.status_code == 503
    assert body == {"database": "ok", "cache": "ok", "storage": "ok", "broker": "failing"}
    assert b"127.0.0.1" not in response.content
    assert b"6379" not in response.content and b":1" not in response.content


def test_a_failing_database_answers_503_naming_it(client, settings, monkeypatch):
    from django.db import OperationalError
    from django.db.backends.base.base import BaseDatabaseWrapper

    settings.CELERY_BROKER_URL = ""

    def refuse(self):
        raise OperationalError('connection to server at "db.internal" (10.0.0.7), port 5432 failed')

    monkeypatch.setattr(BaseDatabaseWrapper, "temporary_connection", refuse)
    response, body = _health(client)
    assert response.status_code == 503
    assert body == {"database": "failing", "cache": "ok", "storage": "ok"}
    assert b"db.internal" not in response.content and b"10.0.0.7" not in response.content


def test_open_to_an_anonymous_probe_and_to_staff_before_their_second_factor(client, settings, isu_staff):
    settings.CELERY_BROKER_URL = ""
    settings.REQUIRE_STAFF_2FA = True
    assert _health(client)[0].status_code == 200
    client.force_login(isu_staff)
    response = client.get("/health/")
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "cache": "ok", "storage": "ok"}


@pytest.mark.redis
def test_a_reachable_broker_is_checked_too(client, settings):
    response, body = _health(client)
    assert response.status_code == 200
    assert body == {"database": "ok", "cache": "ok", "storage": "ok", "broker": "ok"}
