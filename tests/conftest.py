"""Personas and the switches for tests that need real services.

A test marked `postgres` or `redis` needs that service. Outside CI it is skipped with the
reason when the service is not configured; in CI (CI=true) it fails instead, so a green CI
always means the real services were exercised.
"""

import os

import pytest
from django.conf import settings

from directory.roles import COORDINATORS, FOCAL_POINTS, ISU_STAFF

from .factories import StateFactory, user_with_role

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _require(what: str, available: bool) -> None:
    if available:
        return
    message = f"{what} is not configured"
    if IN_CI:
        pytest.fail(f"{message}, and CI must run this test against the real service")
    pytest.skip(f"{message} (set it to run this test)")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Persona logins hash 'demo' in every test; the slow production hasher adds nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a page cached by one test never answers another."""
    from django.core.cache import cache

    from meetings.public_views import forget_public_stamp

    cache.clear()
    forget_public_stamp()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Files the tests store go to a temporary folder, not the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _real_services(request):
    if request.node.get_closest_marker("postgres"):
        _require("DATABASE_URL (PostgreSQL)", settings.DATABASES["default"]["ENGINE"].endswith("postgresql"))
    if request.node.get_closest_marker("redis"):
        _require("CELERY_BROKER_URL (Redis)", settings.CELERY_BROKER_URL.startswith("redis"))


@pytest.fixture
def italy(db):
    return StateFactory(iso3="ITA", iso2="IT", name="Italy", demonyms="Italian", capital="Rome")


@pytest.fixture
def australia(db):
    return StateFactory(iso3="AUS", iso2="AU", name="Australia", demonyms="Australian", capital="Canberra")


@pytest.fixture
def iraq(db):
    return StateFactory(iso3="IRQ", iso2="IQ", name="Iraq", demonyms="Iraqi", capital="Baghdad")


@pytest.fixture
def isu_staff(db):
    return user_with_role("isu", ISU_STAFF)


@pytest.fixture
def coordinator_va(italy):
    return user_with_role("coordinator-va", COORDINATORS, state=italy)


@pytest.fixture
def coordinator_ica(australia):
    return user_with_role("coordinator-ica", COORDINATORS, state=australia)


@pytest.fixture
def focal_point_iraq(iraq):
    return user_with_role("focal-iraq", FOCAL_POINTS, state=iraq)


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture(autouse=True)
def _celery_mode(request):
    """Tasks run eagerly in tests, except those that exercise a real broker and worker."""
    from ccm_portal.celery import app

    eager = request.node.get_closest_marker("redis") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous
