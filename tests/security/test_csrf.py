"""CSRF: every URL of the portal refuses a POST without the CSRF token (403), logged in as ISU staff.

The URL patterns are enumerated from the URLconf, so pages added later (outreach, finance, ...) are
covered without touching this file. A view that only answers GET may also say 405 or 404; what no
URL may do is accept the forged POST (2xx/3xx) or fail (5xx).
"""

import itertools
import re

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from .conftest import url_patterns

pytestmark = pytest.mark.django_db

SAMPLES = ["1", "2", "x", "auth", "user", "meetings", "meeting", "1/change"]


def _url_for(name: str, pattern) -> str | None:
    """A concrete URL for the pattern: an existing object's id (1) where it wants an id."""
    keys = list(pattern.pattern.regex.groupindex)
    for values in itertools.product(SAMPLES, repeat=len(keys)):
        try:
            return reverse(name, kwargs=dict(zip(keys, values, strict=True)))
        except NoReverseMatch:
            continue
    return None


def all_urls() -> list[tuple[str, str]]:
    urls = []
    for _route, name, pattern in url_patterns():
        url = _url_for(name, pattern)
        if url is not None:
            urls.append((name, url))
    return urls


def test_no_view_is_exempt_from_csrf():
    exempt = [name for _route, name, pattern in url_patterns() if getattr(pattern.callback, "csrf_exempt", False)]
    assert exempt == []


def test_every_url_refuses_a_post_without_the_token(demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo["isu"])
    urls = all_urls()
    assert len(urls) > 100
    accepted, failed, statuses = [], [], {}
    for name, url in urls:
        response = client.post(url, {"title": "forged", "text": "forged", "name": "forged"})
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        if 200 <= response.status_code < 400:
            accepted.append((name, url, response.status_code))
        elif response.status_code >= 500:
            failed.append((name, url, response.status_code))
        elif response.status_code == 403:
            assert re.search(b"could not be accepted|CSRF", response.content), (name, url)
    assert accepted == [], accepted
    assert failed == [], failed
    print(f"\nCSRF: {len(urls)} URLs posted without a token; statuses {statuses}")


def test_the_same_post_with_the_token_goes_through(demo):
    """The control: the refusal above is the CSRF check, not something else."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo["isu"])
    page = client.get(reverse("meetings:meeting-create"))
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1).decode()
    response = client.post(reverse("meetings:meeting-create"), {"csrfmiddlewaretoken": token, "title": ""})
    assert response.status_code == 200  # the form answers (here: with its own errors), no CSRF refusal
    assert b"could not be accepted" not in response.content
