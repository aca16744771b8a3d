"""The PostgreSQL back end's health check (ccm_portal/postgresql/base.py): a sound persistent
connection is reused without a round trip; one the server has closed is found out and replaced
before a request uses it. Against the real server: the server itself ends the connection."""

import pytest
from django.db import connections
from django.db.backends.postgresql.base import DatabaseWrapper as DjangoPostgres

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def own_connection():
    """A connection of the test's own to the test database, as a web process holds one."""
    connection = connections.create_connection("default")
    connection.ensure_connection()
    yield connection
    connection.close()


def _backend_pid(connection) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _end_on_the_server(pid: int) -> None:
    """Terminate the server process of a connection and wait until it is gone (it ends a moment
    after the signal, as in a restart)."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
        assert cursor.fetchone()[0] is True


def _new_request(connection) -> None:
    """What Django does for a persistent connection when a request starts to use it."""
    connection.health_check_done = False
    connection.close_if_health_check_failed()


def test_the_deployed_engine_is_this_back_end(settings):
    assert settings.DATABASES["default"]["ENGINE"] == "ccm_portal.postgresql"
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_a_sound_connection_is_reused_without_asking_the_server(own_connection, monkeypatch):
    asked = []
    real_check = DjangoPostgres.is_usable
    monkeypatch.setattr(DjangoPostgres, "is_usable", lambda self: asked.append(1) or real_check(self))
    pid = _backend_pid(own_connection)
    for _ in range(3):
        _new_request(own_connection)
        assert _backend_pid(own_connection) == pid  # the same server process: not reconnected
    assert asked == []  # no SELECT 1 was sent


def test_a_connection_the_server_ended_is_replaced_before_the_next_request_uses_it(own_connection):
    pid = _backend_pid(own_connection)
    _end_on_the_server(pid)
    assert own_connection.is_usable() is False
    _new_request(own_connection)
    assert own_connection.connection is None  # closed on our side too
    new_pid = _backend_pid(own_connection)  # the request's first query reconnects, without an error
    assert new_pid != pid


def test_a_connection_closed_on_our_side_is_not_usable(own_connection):
    own_connection.connection.close()
    assert own_connection.is_usable() is False
