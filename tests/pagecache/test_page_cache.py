"""Logged-in pages kept under the change stamp (pagecache/): a change is on the very next page, in
this process and in another; each person gets their own page, their own CSRF token, their language
and their messages."""

import datetime
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.models import State
from directory.roles import ISU_STAFF
from meetings.models import ActionItem
from pagecache import stamps

from ..factories import ActionItemFactory, StateFactory, user_with_role

ROOT = Path(__file__).resolve().parents[2]
TOKEN_IN_PAGE = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


def _history(state) -> str:
    return reverse("outreach:state-history", args=[state.pk])


def _get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def isu(db):
    user = user_with_role("ada-lindqvist", ISU_STAFF)
    user.first_name, user.last_name = "Ada", "Lindqvist"
    user.save()
    return user


@pytest.fixture
def isu_client(isu):
    client = Client()
    client.force_login(isu)
    return client


def test_every_write_changes_the_stamp(db):
    first = stamps.read()
    state = StateFactory(name="Freedonia")
    after_insert = stamps.read()
    State.objects.filter(pk=state.pk).update(name="Sylvania")  # no signal, no save(): the trigger alone
    after_update = stamps.read()
    State.objects.filter(pk=state.pk).delete()
    assert len({first, after_insert, after_update, stamps.read()}) == 4


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_changes_the_stamp_and_a_rolled_back_one_does_not():
    first = stamps.read()
    state = StateFactory(name="Freedonia")
    committed = stamps.read()
    assert committed != first
    with pytest.raises(RuntimeError), transaction.atomic():
        State.objects.filter(pk=state.pk).update(name="Grand Fenwick")
        raise RuntimeError("rolled back")
    assert stamps.read() == committed


def test_a_change_shows_on_the_very_next_request(isu_client, django_assert_max_num_queries):
    state = StateFactory(name="Freedonia")
    assert "Freedonia" in _get(isu_client, _history(state))
    with django_assert_max_num_queries(3):  # session, user, stamp: the page itself from the cache
        assert "Freedonia" in _get(isu_client, _history(state))
    State.objects.filter(pk=state.pk).update(name="Sylvania")
    page = _get(isu_client, _history(state))
    assert "Sylvania" in page
    assert "Freedonia" not in page


def test_an_action_item_done_through_the_service_leaves_the_dashboard_at_once(isu, isu_client):
    from meetings import services

    action = ActionItemFactory(
        text="Send the Freedonia letters", due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    assert "Send the Freedonia letters" in _get(isu_client, reverse("dashboard"))
    assert "Send the Freedonia letters" in _get(isu_client, reverse("dashboard"))
    services.action_item_complete(item=action, by=isu, comment="")
    assert ActionItem.objects.get(pk=action.pk).status != ActionItem.Status.OPEN
    assert "Send the Freedonia letters" not in _get(isu_client, reverse("dashboard"))


def test_two_people_never_see_each_others_page(isu_client):
    other = user_with_role("ben-okafor", ISU_STAFF)
    other.first_name, other.last_name = "Ben", "Okafor"
    other.save()
    state = StateFactory(name="Freedonia")
    assert "Ada Lindqvist" in _get(isu_client, _history(state))
    ben = Client()
    ben.force_login(other)
    page = _get(ben, _history(state))
    assert "Ben Okafor" in page
    assert "Ada Lindqvist" not in page


def test_the_token_in_a_kept_page_is_the_requesters_own(isu):
    state = StateFactory(name="Freedonia")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(isu)
    second.force_login(isu)
    first_token = TOKEN_IN_PAGE.search(_get(first, _history(state))).group(1)
    page = _get(second, _history(state))  # the same person, the same page: from the cache
    second_token = TOKEN_IN_PAGE.search(page).group(1)
    assert f'"X-CSRFToken": "{second_token}"' in page  # htmx's header too
    secret = second.cookies[settings.CSRF_COOKIE_NAME].value
    assert _unmask_cipher_token(second_token) == secret
    assert _unmask_cipher_token(first_token) == first.cookies[settings.CSRF_COOKIE_NAME].value != secret
    # The token works: the logout form of the kept page logs the second session out.
    response = second.post(reverse("logout"), {"csrfmiddlewaretoken": second_token})
    assert response.status_code == 302
    assert second.get(_history(state)).status_code == 302  # to the login page


def test_a_page_with_waiting_messages_is_never_kept_nor_served_from_the_cache(isu_client):
    state = StateFactory(name="Freedonia")
    _get(isu_client, _history(state))  # kept
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    isu_client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "The Freedonia letter went.")])
    assert "The Freedonia letter went." in _get(isu_client, _history(state))
    assert "The Freedonia letter went." not in _get(isu_client, _history(state))  # shown once


def test_each_language_gets_its_own_page(isu_client):
    state = StateFactory(name="Freedonia")
    assert '<html lang="en">' in _get(isu_client, _history(state))
    isu_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="fr">' in _get(isu_client, _history(state))
    isu_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert '<html lang="en">' in _get(isu_client, _history(state))


def test_off_when_page_cache_is_false(isu_client, settings):
    settings.PAGE_CACHE = False
    state = StateFactory(name="Freedonia")
    _get(isu_client, _history(state))
    with CaptureQueriesContext(connection) as second:
        _get(isu_client, _history(state))
    assert len(second.captured_queries) > 3  # built again
    assert not any("pagecache_" in query["sql"] for query in second.captured_queries)


def test_a_table_made_later_gets_its_triggers_once(db):
    assert stamps.install() == []  # the test database's tables have theirs already
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE pagecache_test_later (id integer PRIMARY KEY, name varchar(20))")
        assert stamps.install() == ["pagecache_test_later"]
        assert stamps.install() == []
        before = stamps.read()
        cursor.execute("INSERT INTO pagecache_test_later (id, name) VALUES (1, 'Freedonia')")
        assert stamps.read() != before
        cursor.execute("DROP TABLE pagecache_test_later")


# --- two web processes on one database -------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Gunicorn:
    """gunicorn as deployed (gunicorn.conf.py: preloaded, gc.freeze), one worker, on a free port."""

    def __init__(self, database_url: str, log: Path):
        self.port = _free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DEBUG": "true",
            "PAGE_CACHE": "true",
            "AXES_ENABLED": "false",
            "CACHE_URL": "locmemcache://",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "ccm_portal.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "1"],
            cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                requests.get(self.url + "/health/", timeout=2)
                return
            except requests.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"gunicorn did not start:\n{log.read_text()[-3000:]}") from None
                time.sleep(0.3)

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def _database_url(tmp_path: Path) -> str:
    """The test database for another process: PostgreSQL's as it is; SQLite's (in memory) copied to a file."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    path = tmp_path / "two-processes.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    return f"sqlite:///{path}"


def _write_unseen(database_url: str, pk: int, text: str) -> None:
    """An action item's text changed with its table's trigger dropped, then put back (stamps.install)."""
    table = ActionItem._meta.db_table
    if database_url.startswith("sqlite:"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            for event in ("INSERT", "UPDATE", "DELETE"):
                db.execute(f'DROP TRIGGER "pagecache_{table}_{event[0].lower()}"')
            db.execute(f'UPDATE "{table}" SET text = ? WHERE id = ?', (text, pk))
            for event in ("INSERT", "UPDATE", "DELETE"):
                db.execute(stamps.sqlite_trigger(table, event))
            db.commit()
        return
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TRIGGER pagecache_bump ON "{table}"')
        cursor.execute(f'UPDATE "{table}" SET text = %s WHERE id = %s', [text, pk])
    assert stamps.install() == [table]


@pytest.mark.django_db(transaction=True)
def test_a_write_through_one_web_process_shows_through_the_other_at_once(tmp_path):
    user = user_with_role("ada-lindqvist", ISU_STAFF)
    action = ActionItemFactory(
        text="Send the Freedonia letters", due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    login = Client()
    login.force_login(user)
    cookies = {settings.SESSION_COOKIE_NAME: login.cookies[settings.SESSION_COOKIE_NAME].value}
    database_url = _database_url(tmp_path)
    one = _Gunicorn(database_url, tmp_path / "one.log")
    try:
        two = _Gunicorn(database_url, tmp_path / "two.log")
        try:
            browser = requests.Session()
            browser.cookies.update(cookies)
            for server in (one, two, one, two):  # each process builds the page, then keeps it
                page = browser.get(server.url + "/dashboard/", allow_redirects=False)
                assert page.status_code == 200
                assert "Send the Freedonia letters" in page.text
            # Both processes answer from their caches: a write the triggers do not see (the action
            # item's trigger dropped for a moment) does not show, the stamp being the same...
            _write_unseen(database_url, action.pk, "Send the Sylvania letters")
            for server in (one, two):
                assert "Send the Freedonia letters" in browser.get(server.url + "/dashboard/").text
            _write_unseen(database_url, action.pk, "Send the Freedonia letters")  # as it was
            token = TOKEN_IN_PAGE.search(page.text).group(1)
            done = browser.post(
                f"{one.url}/meetings/my-actions/{action.pk}/done/",
                data={"csrfmiddlewaretoken": token, "comment": "Sent on Monday"},
                headers={"Referer": one.url + "/dashboard/"},
                allow_redirects=False,
            )
            assert done.status_code == 302, done.text[-2000:]
            for server in (two, one):
                page = browser.get(server.url + "/dashboard/", allow_redirects=False)
                assert page.status_code == 200
                assert "Send the Freedonia letters" not in page.text
        finally:
            two.stop()
    finally:
        one.stop()


def test_a_kept_page_is_served_without_loading_the_user(isu_client):
    state = StateFactory(name="Freedonia")
    _get(isu_client, _history(state))
    with CaptureQueriesContext(connection) as served:
        assert "Freedonia" in _get(isu_client, _history(state))
    assert not any('"auth_user"' in query["sql"] for query in served.captured_queries)
    assert len(served.captured_queries) <= 2  # the session (in the database without a shared cache), the stamp


def test_a_person_switched_off_or_with_a_new_password_gets_no_kept_page(isu, isu_client):
    state = StateFactory(name="Freedonia")
    _get(isu_client, _history(state))
    isu.set_password("a-new-Passw0rd-for-Ada")
    isu.save()  # their other sessions end: Django's session hash no longer matches
    assert isu_client.get(_history(state)).status_code == 302
    other = Client()
    other.force_login(isu)
    _get(other, _history(state))  # kept for the new session
    type(isu).objects.filter(pk=isu.pk).update(is_active=False)
    assert other.get(_history(state)).status_code == 302  # to the login page, not the kept page


def test_a_session_with_a_second_factor_has_a_page_of_its_own(isu, isu_client):
    """The same person, verified with a device in one session and not in the other: their pages
    are kept apart (what a page shows and allows may differ)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from pagecache.middleware import identity

    device = TOTPDevice.objects.create(user=isu, name="phone", confirmed=True)
    verified = Client()
    verified.force_login(isu)
    session = verified.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    identities = []
    for client in (isu_client, verified):
        request = client.get(reverse("dashboard")).wsgi_request
        identities.append(identity(request))
    assert identities[0][0] == identities[1][0] == str(isu.pk)
    assert identities[0] != identities[1]
    assert device.persistent_id in identities[1]
