"""Every form of the portal fuzzed (hypothesis): never a server error, and a clear message when refused.

The forms are found the way a user finds them: the portal is crawled as ISU staff and as a
coordinator, and every POST form (and htmx hx-post) on every page is collected, one per view and
set of fields. Each is then posted FUZZ_EXAMPLES times (12 in CI, CI=true, or with SWEEPS=full; 2 elsewhere unless set;
SECURITY.md gives the figures of a run with 25) with generated values: random unicode and control
characters, very long text, script payloads, huge and negative numbers, broken and far-off dates,
unknown choices, random files.
The test client re-raises any exception in a view, so a single server error fails the test with the
example that caused it. The forms found as ISU staff are shared out over ISU_SHARDS tests, so that
the test processes of `make test` share the work; the crawl is done once per process and role.
"""

from __future__ import annotations

import os
import re
import time
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests import strength

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", strength.pick(12, 2)))
ISU_SHARDS = 3
# The apps whose forms are fuzzed (plus the un-namespaced ones: password change, two-factor).
# FUZZ_APPS=all adds every namespace of the URLconf (outreach, finance, ...).
NAMESPACES = os.environ.get("FUZZ_APPS", "meetings,coordinators,directory,documents").split(",")
SKIP = re.compile(r"(logout|/i18n/|/admin/|\.pdf|/pdf/|export|download|calendar|\.ics|\.zip)", re.I)
START = [
    "/dashboard/",
    "/meetings/",
    "/meetings/actions/",
    "/meetings/new/",
    "/meetings/import/",
    "/coordinators/",
    "/states/",
    "/outreach/",
    "/finance/",
]
ERROR_MARKERS = re.compile(
    r"is-invalid|invalid-feedback|errorlist|alert-danger|alert-warning|text-danger|"
    r"alert-info|alert-success",
    re.I,
)
TIMES: dict[str, float] = {}
STATS: dict[str, int] = {"forms": 0, "posts": 0, "refused_with_message": 0, "accepted": 0, "other": 0}


@dataclass
class FoundForm:
    url: str
    page: str
    fields: dict[str, dict] = field(default_factory=dict)


class FormScan(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self.links = page, [], []
        self._form: FoundForm | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form":
            method = (a.get("method") or "get").lower()
            target = a.get("hx-post") or (a.get("action") if method == "post" else None)
            if a.get("hx-post") or method == "post":
                self._form = FoundForm(urljoin(self.page, target or self.page), self.page)
                self.forms.append(self._form)
            return
        if tag != "form" and a.get("hx-post") and self._form is None:
            self.forms.append(FoundForm(urljoin(self.page, a["hx-post"]), self.page))
        if self._form is None or not a.get("name") and tag != "option":
            return
        if tag == "input":
            self._form.fields[a["name"]] = {"kind": (a.get("type") or "text").lower(), "value": a.get("value", "")}
        elif tag == "textarea":
            self._form.fields[a["name"]] = {"kind": "textarea", "value": ""}
        elif tag == "select":
            self._select = a["name"]
            self._form.fields[a["name"]] = {"kind": "select", "options": [], "multiple": "multiple" in a}
        elif tag == "option" and self._select:
            self._form.fields[self._select]["options"].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _view(url: str) -> str | None:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return None


def collect_forms(client: Client, limit: int = 250) -> dict[tuple, FoundForm]:
    seen, queue, forms, pages = set(), deque(START), {}, 0
    while queue and pages < limit:
        url = queue.popleft()
        if url in seen or SKIP.search(url):
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        pages += 1
        scan = FormScan(url)
        scan.feed(response.content.decode())
        for form in scan.forms:
            view = _view(form.url)
            if view is None or SKIP.search(form.url):
                continue
            if ":" in view and "all" not in NAMESPACES and view.split(":")[0] not in NAMESPACES:
                continue
            shape = tuple(sorted({re.sub(r"\d+", "N", name) for name in form.fields}))
            forms.setdefault((view, shape), form)
        for link in scan.links:
            parts = urlsplit(urljoin(url, link))
            if parts.netloc in ("", "testserver") and parts.path.startswith("/"):
                queue.append(parts.path)
    return forms


TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=31), max_size=20),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "9" * 40,
            "<script>window.__xss=1</script>",
            "' OR 1=1 --",
            "%s%n{0}{{x}}",
            "../../etc/passwd",
            "\u202etxt.exe",
            "null",
            "NaN",
            "1e309",
            "2025-02-30",
            "31/12/1999",
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates(min_value=__import__("datetime").date(1, 1, 1)).map(str),
    st.just("x" * 20000),
)


def value_for(data, spec: dict):
    kind = spec["kind"]
    if kind in ("submit", "button", "image", "reset"):
        return None
    if kind == "checkbox" or kind == "radio":
        return data.draw(st.sampled_from([None, spec.get("value") or "on", "garbage"]))
    if kind == "select":
        options = [o for o in spec["options"]] or [""]
        return data.draw(st.one_of(st.sampled_from(options), TEXT))
    if kind == "file":
        payload = data.draw(st.binary(max_size=2000))
        name = data.draw(st.sampled_from(["a.docx", "a.pdf", "a.md", "a.txt", "a.exe", "noext", "../../x.docx"]))
        return SimpleUploadedFile(name.rsplit("/", 1)[-1], payload)
    if kind == "hidden":
        return data.draw(st.one_of(st.just(spec.get("value", "")), TEXT))
    return data.draw(TEXT)


def fuzz(client: Client, form: FoundForm) -> None:
    # No shrinking: the first failing example is reported as it was (shrinking a web round trip is slow).
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate],
    )
    @given(st.data())
    def run(data):
        post = {}
        for name, spec in form.fields.items():
            if name == "csrfmiddlewaretoken":
                continue
            value = value_for(data, spec)
            if value is not None:
                post[name] = value
        try:
            response = client.post(form.url, post)
        except Exception as error:  # the view raised: a server error for the user
            shown = {k: (v if isinstance(v, str) and len(v) < 80 else type(v).__name__) for k, v in post.items()}
            where = f"{form.url} (form from {form.page})"
            raise AssertionError(f"server error on {where} with {shown}: {error!r}") from None
        STATS["posts"] += 1
        assert response.status_code < 500, (form.url, post)
        body = response.content.decode(errors="replace") if response.get("Content-Type", "").startswith("text/") else ""
        visible = [n for n, spec in form.fields.items() if spec["kind"] not in ("hidden", "submit", "button")]
        same_form_again = response.status_code == 200 and any(f'name="{n}"' in body for n in visible)
        if response.status_code in (301, 302, 303, 204):
            STATS["accepted"] += 1
        elif ERROR_MARKERS.search(body) or response.status_code in (400, 403, 404, 405, 409, 413, 422):
            STATS["refused_with_message"] += 1
        else:
            STATS["other"] += 1
            # The same form back without any message: the person would not know what went wrong.
            # (A tampered hidden field is not something a person types; it only has to be harmless.)
            hidden = [n for n, spec in form.fields.items() if spec["kind"] == "hidden"]
            tampered = any(post.get(n) != form.fields[n].get("value") for n in hidden)
            assert tampered or not same_form_again, (form.url, response.status_code, post)

    run()


_CRAWLS: dict[tuple, list[FoundForm]] = {}


def _forms_of(client: Client, user) -> list[FoundForm]:
    """The forms `user` finds, crawled once per process (the demo world has the same ids in each test)."""
    from meetings.models import Meeting

    key = (user.username, user.pk, Meeting.objects.order_by("-pk").values_list("pk", flat=True).first())
    if key not in _CRAWLS:
        _CRAWLS[key] = list(collect_forms(client).values())
    return _CRAWLS[key]


@pytest.mark.parametrize(
    "who, shard, shards", [("isu", n, ISU_SHARDS) for n in range(ISU_SHARDS)] + [("coordinator-va", 0, 1)]
)
def test_every_form_survives_fuzzing(demo, who, shard, shards):
    client = Client()
    client.force_login(demo[who])
    found = _forms_of(client, demo[who])
    assert len(found) >= (20 if who == "isu" else 5)
    forms = found[shard::shards]
    for form in forms:
        STATS["forms"] += 1
        started = time.monotonic()
        fuzz(client, form)
        TIMES[form.url] = time.monotonic() - started
        if "_auth_user_id" not in client.session:  # a fuzzed form may have changed the password
            client.force_login(demo[who])
    print(
        f"\nFuzz ({who}, part {shard + 1} of {shards}): {len(forms)} forms × {EXAMPLES} examples; totals so far {STATS}"
    )
    print("slowest:", sorted(TIMES.items(), key=lambda kv: -kv[1])[:5])


@pytest.mark.parametrize("value", ["9" * 30, "-" + "9" * 30, str(2**63), str(-(2**63) - 1)])
@pytest.mark.parametrize(
    "url, field", [("/meetings/new/", "conventions"), ("/meetings/{meeting}/agenda/", "presenters")], ids=str
)
def test_an_id_beyond_64_bits_is_a_form_error_not_a_server_error(demo, url, field, value):
    """Found by the fuzzer: SQLite overflowed on such an id in a multiple choice (ccm_portal/hardening.py)."""
    from meetings.models import Meeting

    client = Client()
    client.force_login(demo["isu"])
    meeting = Meeting.objects.order_by("pk").first()
    response = client.post(url.format(meeting=meeting.pk), {field: [value], "title": "x"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode() or field == "presenters"
