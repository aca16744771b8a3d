"""Script payloads stored in every user text field never run on any page.

Every text field of the portal's models (meetings, coordinators, register, outreach, finance,
documents) is overwritten in the demo data with script payloads; then the portal is crawled, as
ISU staff, as a coordinator, as a focal point and as the public, following every link on every
page. Each HTML page is parsed (as a browser would) and must hold no <script> carrying a payload,
no on* event attribute and no javascript: link. The browser check is tests/e2e/test_xss_browser.py.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import DatabaseError, IntegrityError, models, transaction
from django.test import Client

from tests import strength

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    '<a href="javascript:window.__xss=3">link</a>',
    "[click](javascript:window.__xss=4)",
    '"><svg onload=window.__xss=5>',
    "'><iframe src=javascript:window.__xss=6></iframe>",
    "<style>body{display:none}</style>**bold**",
]
COMBINED = " ".join(PAYLOADS)
APPS = ("meetings", "coordinators", "directory", "outreach", "finance", "documents")
# Fields the portal computes with or matches on: codes, numbers, states of a workflow.
SKIP_NAMES = re.compile(
    r"(^|_)(number|slug|iso\d?|code|codename|email|token|key|status|kind|language|lang|"
    r"currency|hash|sha256|checksum|file|path|filename|version|state|role|category)$"
)
SKIP_PAGES = re.compile(
    r"(\.(pdf|csv|xlsx|ics|docx|zip)$|/pdf/|export|download|logout|/admin/|/i18n/|"
    r"/documents/|generate|calendar)",
    re.I,
)
START = [
    "/",
    "/dashboard/",
    "/meetings/",
    "/meetings/actions/",
    "/coordinators/",
    "/states/",
    "/public/",
    "/outreach/",
    "/finance/",
    "/accounts/otp/setup/",
    "/public/search/?q=the",
    "/public/search/?q=victim",
    "/coordinators/public/",
]


def payload_for(field) -> str:
    if field.max_length is None or field.max_length >= len(COMBINED):
        return COMBINED
    fitting = [p for p in PAYLOADS if len(p) <= field.max_length]
    return fitting[0] if fitting else ""


def inject_payloads() -> tuple[int, int]:
    """Overwrite every free-text field of every row; (fields, rows) written."""
    fields = rows = 0
    for label in APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            for field in model._meta.concrete_fields:
                if not isinstance(field, models.CharField | models.TextField) or field.choices or field.primary_key:
                    continue
                if field.unique or SKIP_NAMES.search(field.name):
                    continue
                value = payload_for(field)
                if not value:
                    continue
                try:
                    with transaction.atomic():
                        updated = model._default_manager.update(**{field.name: value})
                except (IntegrityError, DatabaseError):
                    continue
                if updated:
                    fields += 1
                    rows += updated
    return fields, rows


class PageScan(HTMLParser):
    """What a browser would run: script elements, event-handler attributes, javascript: URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.links: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in_script = True
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            if name in ("href", "src", "action", "formaction", "data") and re.sub(r"\s", "", value).startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}={value[:40]}>")
            if tag == "a" and name == "href" and value:
                self.links.append(value)
        if tag in ("iframe", "svg", "style") and any("__xss" in (v or "") for _n, v in attrs):
            self.problems.append(f"<{tag}> from a payload")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and "__xss" in data:
            self.problems.append("<script> with a payload")


def crawl_urls(client: Client, limit: int) -> list[str]:
    """The first `limit` HTML pages the crawl reaches (for the browser test)."""
    visited: list[str] = []
    crawl(client, limit, visited)
    return visited


def crawl(client: Client, limit: int, visited: list | None = None) -> tuple[int, list[str], list[str]]:
    """Visit pages breadth-first from START; (pages checked, problems, server errors)."""
    seen, queue, problems, errors, pages = set(), deque(START), [], [], 0
    while queue and pages < limit:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in seen or SKIP_PAGES.search(path):
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{url} → {response.status_code}")
            continue
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        pages += 1
        if visited is not None:
            visited.append(url)
        html = response.content.decode()
        scan = PageScan()
        scan.feed(html)
        problems += [f"{url}: {problem}" for problem in scan.problems]
        if "<script>window.__xss" in html:
            problems.append(f"{url}: raw <script> payload")
        for link in scan.links:
            target = urljoin(url, link)
            parts = urlsplit(target)
            if parts.netloc in ("", "testserver") and parts.path.startswith("/"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query and "page=" not in parts.query else ""))
    return pages, problems, errors


# (who, pages crawled at most, pages checked at least): lighter outside CI (tests/strength.py).
PERSONAS = strength.pick(
    [("isu", 400, 150), ("coordinator-va", 200, 80), ("focal-iraq", 120, 10), (None, 120, 4)],
    [("isu", 200, 150), ("coordinator-va", 120, 80), ("focal-iraq", 60, 10), (None, 60, 4)],
)


@pytest.mark.parametrize("who, limit, least", PERSONAS, ids=str)
def test_stored_payloads_never_reach_a_page_unescaped(demo, who, limit, least):
    fields, rows = inject_payloads()
    assert fields > 30 and rows > 100
    client = Client()
    if who:
        client.force_login(demo[who])
    pages, problems, errors = crawl(client, limit)
    who = who or "public"
    print(f"\nXSS ({who}): {len(PAYLOADS)} payloads in {fields} fields / {rows} rows; {pages} pages checked")
    assert pages >= least
    assert errors == []
    assert problems == []


def test_the_scanner_catches_a_payload():
    """The control: the scanner sees an unescaped payload when there is one."""
    scan = PageScan()
    scan.feed(f"<p>{COMBINED}</p>")
    assert len(scan.problems) >= 4
    clean = PageScan()
    from django.utils.html import escape

    clean.feed(f'<p>{escape(COMBINED)}</p><input value="{escape(COMBINED)}">')
    assert clean.problems == []
