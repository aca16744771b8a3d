"""Kept pages with a shared cache on Redis (CACHE_URL, as docker-compose.yml deploys it) and each
process's own copy in front of it (pagecache/store.py): a page read again comes from the process's
memory, a page another process kept comes from Redis, and a change still shows on the very next
request, because every key holds the change stamp.

Redis is the machine's (127.0.0.1:6379, DB 7 of its own, emptied around each test); CI starts it.
"""

import pytest
import redis
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from directory.models import State
from directory.roles import ISU_STAFF
from pagecache import store

from ..factories import StateFactory, user_with_role

SHARED = "redis://127.0.0.1:6379/7"


@pytest.fixture
def two_levels(settings):
    redis.Redis.from_url(SHARED).flushdb()
    settings.CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": SHARED},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages-test"},
    }
    caches["pages"].clear()
    yield
    caches["pages"].clear()
    redis.Redis.from_url(SHARED).flushdb()


def test_a_kept_page_is_in_redis_and_in_this_processs_memory(two_levels):
    store.set("page:one", "<p>Freedonia</p>", 60)
    assert caches["default"].get("page:one") == "<p>Freedonia</p>"
    assert caches["pages"].get("page:one") == "<p>Freedonia</p>"
    caches["default"].delete("page:one")  # read again: this process's copy, no round trip to Redis
    assert store.get("page:one") == "<p>Freedonia</p>"


def test_a_page_another_process_kept_is_read_from_redis_and_kept_here_too(two_levels):
    caches["default"].set("page:two", "<p>Sylvania</p>", 60)  # as another web process keeps it
    assert caches["pages"].get("page:two") is None
    assert store.get("page:two") == "<p>Sylvania</p>"
    assert caches["pages"].get("page:two") == "<p>Sylvania</p>"
    assert store.get("page:none") is None


def test_with_the_local_default_there_is_one_level(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default-test"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages-test"},
    }
    store.set("page:three", "<p>Grand Fenwick</p>", 60)
    assert caches["default"].get("page:three") == "<p>Grand Fenwick</p>"
    assert caches["pages"].get("page:three") is None


def test_a_change_shows_on_the_very_next_request_with_both_levels(two_levels, db):
    isu = user_with_role("ada-lindqvist", ISU_STAFF)
    client = Client()
    client.force_login(isu)
    state = StateFactory(name="Freedonia")
    history = reverse("outreach:state-history", args=[state.pk])
    assert "Freedonia" in client.get(history).content.decode()
    assert "Freedonia" in client.get(history).content.decode()  # kept: served from this process
    assert redis.Redis.from_url(SHARED).dbsize() > 0
    State.objects.filter(pk=state.pk).update(name="Sylvania")
    page = client.get(history).content.decode()
    assert "Sylvania" in page
    assert "Freedonia" not in page
