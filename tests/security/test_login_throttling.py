"""Login throttling (django-axes): repeated wrong passwords lock the username from that address."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _login(client, username, password, ip="203.0.113.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_the_account_from_that_address(client, isu_staff, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(4):
        response = _login(client, "isu", "wrong")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    locked = _login(client, "isu", "wrong")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    # Even the right password is refused during the cool-off.
    still = _login(client, "isu", "demo")
    assert still.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username_and_address(client, isu_staff, coordinator_va):
    for _attempt in range(5):
        _login(client, "isu", "wrong")
    assert _login(client, "isu", "demo", ip="198.51.100.9").status_code == 302
    client.logout()
    assert _login(client, "coordinator-va", "demo").status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, isu_staff):
    for _attempt in range(4):
        _login(client, "isu", "wrong")
    assert _login(client, "isu", "demo").status_code == 302
    client.logout()
    for _attempt in range(4):
        assert _login(client, "isu", "wrong").status_code == 200
    assert _login(client, "isu", "demo").status_code == 302


def test_the_admin_login_is_throttled_too(client, isu_staff):
    for _attempt in range(5):
        client.post("/admin/login/", {"username": "isu", "password": "wrong"}, REMOTE_ADDR="203.0.113.8")
    response = client.post("/admin/login/", {"username": "isu", "password": "demo"}, REMOTE_ADDR="203.0.113.8")
    assert response.status_code == 429


def test_the_cool_off_ends(client, isu_staff, settings):
    import datetime

    import time_machine

    for _attempt in range(5):
        _login(client, "isu", "wrong")
    later = datetime.datetime.now(datetime.UTC) + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)
    with time_machine.travel(later):
        assert _login(client, "isu", "demo").status_code == 302


def test_the_test_client_login_still_works(client, isu_staff):
    """authenticate() without a request (test client, shell) is not throttled: there is no address."""
    assert client.login(username="isu", password="demo")
