"""Personas and the switches for tests that need real services.

A test marked `postgres` or `redis` needs that service. Outside CI it is skipped with the
reason when the service is not configured; in CI (CI=true) it fails instead, so a green CI
always means the real services were exercised.
"""

import hashlib
import importlib
import os

import pytest
from django.conf import settings

from directory.roles import COORDINATORS, FOCAL_POINTS, ISU_STAFF

from . import url_coverage
from .factories import StateFactory, user_with_role

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _require(what: str, available: bool) -> None:
    if available:
        return
    message = f"{what} is not configured"
    if IN_CI:
        pytest.fail(f"{message}, and CI must run this test against the real service")
    pytest.skip(f"{message} (set it to run this test)")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):
    """`--reuse-db` on SQLite: the test database goes to a file kept between runs (one per
    pytest-xdist worker, in .pytest_cache/), instead of memory, so the migrations run once."""
    database = settings.DATABASES["default"]
    sqlite = database["ENGINE"] == "django.db.backends.sqlite3"
    if request.config.getvalue("reuse_db") and sqlite and not database.get("TEST", {}).get("NAME"):
        worker = getattr(request.config, "workerinput", {}).get("workerid", "main")
        folder = request.config.rootpath / ".pytest_cache"
        folder.mkdir(exist_ok=True)
        database.setdefault("TEST", {})["NAME"] = str(folder / f"test-db-{worker}.sqlite3")


# Rows the migrations write (RunPython): the test database is made from the models (--nomigrations,
# about 5 s less per process), so these are written once after it is made. The real migrations are
# applied from zero by tests/security/test_backup.py on each engine in CI, and `makemigrations --check`
# proves they match the models.
DATA_MIGRATIONS = ("meetings.migrations.0004_default_participant_categories",)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.apps import apps

    if not settings.MIGRATION_MODULES:  # the real migrations ran: their rows are there
        return
    with django_db_blocker.unblock():
        for name in DATA_MIGRATIONS:
            importlib.import_module(name).create(apps, None)


@pytest.fixture(autouse=True, scope="session")
def _pdf_from_memory():
    """A page WeasyPrint already laid out in this process, HTML for HTML, is not laid out again.

    WeasyPrint gives the same bytes for the same HTML, and layout is the suite's costliest step:
    fixtures that build the same letters for each test (tests/outreach/conftest.py) would render
    them again every time. Whatever differs in the HTML (a name, a date, a number) is rendered."""
    from documents import rendering

    real, rendered = rendering.pdf_from_html, {}

    def pdf_from_html(html: str) -> bytes:
        key = hashlib.sha256(html.encode()).digest()
        if key not in rendered:
            rendered[key] = real(html)
        return rendered[key]

    rendering.pdf_from_html = pdf_from_html
    yield
    rendering.pdf_from_html = real


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Persona logins hash 'demo' in every test; the slow production hasher adds nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches (the shared one and each process's copy of the kept
    pages): a page cached by one test never answers another."""
    from django.core.cache import caches

    from meetings.views.public import forget_public_stamp

    for alias in ("default", "pages"):
        caches[alias].clear()
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
def demo_world(request):
    """The demo world (`manage.py load_demo`): built once per test process, put back in each test
    in a few milliseconds (tests/demo_world.py). Ask for it FIRST: it needs the empty database."""
    from . import demo_world

    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    else:
        request.getfixturevalue("db")
    demo_world.load()


@pytest.fixture
def demo_world_rendered(request, django_capture_on_commit_callbacks):
    """The demo world with the PDFs load_demo queues after its commit rendered (joint letters, ...)."""
    from . import demo_world

    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    else:
        request.getfixturevalue("db")
    demo_world.load(rendered=True, capture_on_commit=django_capture_on_commit_callbacks)


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


# --- Every named URL requested by some test (tests/url_coverage.py) ---------------------------


def pytest_sessionstart(session):
    url_coverage.record_requests()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """In the pytest-xdist controller: the names a worker's tests requested."""
    url_coverage.REQUESTED.update(getattr(node, "workeroutput", {}).get("url_names", ()))


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session, exitstatus):
    config = session.config
    if hasattr(config, "workeroutput"):  # a pytest-xdist worker: hand the names to the controller
        config.workeroutput["url_names"] = sorted(url_coverage.REQUESTED)
        return
    if not url_coverage.enforced() or exitstatus not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        return
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    missing = url_coverage.unrequested(url_coverage.REQUESTED)
    if missing:
        reporter.write_sep("=", f"URL coverage: {len(missing)} named URLs no test requested", red=True)
        for name in missing:
            reporter.write_line(f"  {name}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    else:
        reporter.write_sep("=", f"URL coverage: each of the {len(url_coverage.url_names())} named URLs was requested")


@pytest.fixture(autouse=True)
def _language_of_the_next_test():
    """A language a test activated, itself or through a request it made (LocaleMiddleware
    activates the request's language in this thread and leaves it), is not the next test's: after
    each test the thread is back to the default, English."""
    yield
    from django.utils import translation

    translation.deactivate()
