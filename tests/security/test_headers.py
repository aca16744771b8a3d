"""Security headers, the Content Security Policy, request size limit, CSRF failure page, check --deploy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def parse_csp(header: str) -> dict[str, list[str]]:
    """The policy as a browser reads it: directives split on ";", each a name and its sources
    (names are case-insensitive; a repeated directive is ignored after its first occurrence)."""
    policy: dict[str, list[str]] = {}
    for part in header.split(";"):
        tokens = part.split()
        if tokens and tokens[0].lower() not in policy:
            policy[tokens[0].lower()] = tokens[1:]
    return policy


# The whole policy, directive by directive: anything added, widened or dropped fails the test.
EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],  # server-drawn bars and charts; SECURITY.md says why
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}


def test_the_csp_parser_reads_directives_not_substrings():
    policy = parse_csp("default-src 'self'; script-src 'self' 'unsafe-inline';style-src-attr 'unsafe-inline'")
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert parse_csp("DEFAULT-SRC 'self'; default-src *") == {"default-src": ["'self'"]}


def test_every_page_carries_the_security_headers(client, isu_staff):
    client.force_login(isu_staff)
    for url in (reverse("home"), reverse("login"), reverse("dashboard"), reverse("meetings:meeting-list")):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = parse_csp(response["Content-Security-Policy"])
        assert {name: sorted(sources) for name, sources in policy.items()} == {
            name: sorted(sources) for name, sources in EXPECTED_CSP.items()
        }, url
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_session_cookie_is_http_only_and_expires(client, isu_staff, settings):
    response = client.post(reverse("login"), {"username": "isu", "password": "demo"})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert 0 < int(cookie["max-age"]) <= 24 * 3600


def test_an_oversized_request_is_refused_before_it_is_read(client, isu_staff, settings):
    client.force_login(isu_staff)
    too_big = 2 * settings.UPLOAD_MAX_BYTES + 1
    response = client.generic("POST", reverse("meetings:import-upload"), b"x", CONTENT_LENGTH=str(too_big))
    assert response.status_code == 413
    assert "The upload is too large" in response.content.decode()


def test_a_post_without_csrf_token_gets_a_clear_page(isu_staff):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(isu_staff)
    response = client.post(reverse("meetings:meeting-create"), {"title": "x"})
    assert response.status_code == 403
    assert "The form could not be accepted" in response.content.decode()


def _deploy_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="portal.example.org",
        DJANGO_SETTINGS_MODULE="ccm_portal.settings",
    )
    env.update(extra)
    return env


def test_check_deploy_with_production_settings_has_no_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_deploy_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_defaults_turn_on_https_cookies_and_two_factor():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0,"
        " s.REQUIRE_STAFF_2FA)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=_deploy_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["True"] * 5, result.stderr
