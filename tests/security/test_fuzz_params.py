"""Every query parameter of every page fuzzed: never a server error.

The pages are enumerated from the URLconf (every named route but the admin's and a few auth
routes), their <int:...> and <str:...> parts filled with the ids of the demo world. The parameter
names are the ones the portal's code reads (gathered from its views, forms and templates: the
list PARAMS below); a name a page does not know is simply ignored by it.

Three passes, as ISU staff (the role that reaches the most pages):
1. each page once with every name set to a harmless value, recording which names the page
   actually reads (QueryDict look-ups are watched, forms and templates included);
2. each page with every name at once, once per hostile value;
3. each name a page reads, alone, with every hostile value (so an early refusal of one name
   cannot hide a crash on another).
Every answer must be below 500; the test lists every URL that gave a server error.

The pages are shared out over SHARDS tests (each takes every SHARDS-th page), so that the test
processes of `make test` share the work. In CI (CI=true) every hostile value is tried; a run
elsewhere tries LOCAL_HOSTILE, five of the 22 (SWEEPS=full or FUZZ_PARAMS_FULL=1 tries them all).
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from tests import strength

from .conftest import url_patterns

pytestmark = pytest.mark.django_db

# The names read from request.GET anywhere in the portal (views, params forms, templates), and
# a few generic ones a page might grow.
PARAMS = [
    "term", "year", "month", "version", "page", "q", "state", "status", "area", "format", "kind", "sort",
    "since", "until", "date", "item", "invoice", "open", "followups", "owner", "overdue", "next", "language",
    "fmt", "line", "action", "letter", "period", "delegation", "meeting", "category", "order", "id",
    "a", "b", "comment",
]  # fmt: skip
HOSTILE = [
    "abc",
    "-1",
    "0",
    "99999999999999999999",
    "1e308",
    "-1e308",
    "nan",
    "Infinity",
    "0001-01",
    "9999-12",
    "2017-02-30",
    "0001-01-01",
    "9999-12-31",
    "\x00",
    "x" * 5000,
    "'; DROP TABLE meetings_meeting; --",
    "Ünïcødé ☃ 𝔘𝔫𝔦 \u202e ٣",
    "²",
    "",
    " ",
    "<script>alert(1)</script>",
    "../../etc/passwd",
]
WORST = ["\x00", "x" * 5000, "99999999999999999999"]
FULL = strength.FULL or os.environ.get("FUZZ_PARAMS_FULL") == "1"
LOCAL_HOSTILE = ["abc", "99999999999999999999", "2017-02-30", *WORST[:2]]
if not FULL:
    HOSTILE = LOCAL_HOSTILE
SHARDS = 3
# Routes not fuzzed here: the Django admin (its own, tested upstream), leaving the session, the
# language switch (POST), and the password reset link (a signed token).
SKIPPED = ("admin:", "logout", "set_language", "password_reset_confirm")


def _route_args(w) -> dict:
    """The converter values of every route that has some, from the demo world `w`."""
    m, plan, output = w["meeting"], w["plan"], w["output"]
    letter, year = w["letter"], w["financial_year"].year
    return {
        "public:summary-detail": {"pk": w["summary"].pk},
        "public:summary-pdf": {"pk": w["summary"].pk},
        "public:summary-review": {"token": "not-a-token"},
        "meetings:import-review": {"token": "no-such-token"},
        "meetings:meeting-detail": {"pk": m.pk},
        "meetings:meeting-edit": {"pk": m.pk},
        "meetings:agenda-edit": {"pk": m.pk},
        "meetings:agenda-propose": {"pk": m.pk},
        "meetings:agenda-item-move": {"pk": m.pk, "item_pk": w["agenda_item"].pk},
        "meetings:agenda-item-delete": {"pk": m.pk, "item_pk": w["agenda_item"].pk},
        "meetings:agenda-item-rename": {"pk": m.pk, "item_pk": w["agenda_item"].pk},
        "meetings:statement-add": {"pk": m.pk, "item_pk": w["agenda_item"].pk},
        "meetings:attendance-edit": {"pk": m.pk},
        "meetings:participants-pdf": {"pk": m.pk},
        "meetings:minutes-detail": {"pk": m.pk},
        "meetings:minutes-pdf": {"pk": m.pk},
        "meetings:minutes-start": {"pk": m.pk},
        "meetings:minutes-circulate": {"pk": m.pk},
        "meetings:minutes-approve": {"pk": m.pk},
        "meetings:minutes-correct": {"pk": m.pk},
        "meetings:minutes-item-edit": {"pk": m.pk, "item_pk": w["minutes_item"].pk},
        "meetings:minutes-item-history": {"pk": m.pk, "item_pk": w["minutes_item"].pk},
        "meetings:minutes-redline": {"pk": m.pk},
        "meetings:comment-add": {"pk": m.pk, "item_pk": w["minutes_item"].pk},
        "meetings:comment-settle": {"pk": m.pk, "comment_pk": 1},
        "meetings:statement-delete": {"pk": m.pk, "statement_pk": w["statement"].pk},
        "meetings:decision-add": {"pk": m.pk},
        "meetings:action-add": {"pk": m.pk},
        "meetings:summary-detail": {"pk": m.pk},
        "meetings:summary-propose": {"pk": m.pk},
        "meetings:summary-categories": {"pk": m.pk},
        "meetings:summary-generate": {"pk": m.pk},
        "meetings:summary-edit": {"pk": m.pk},
        "meetings:summary-entry-edit": {"pk": m.pk, "entry_pk": w["entry"].pk},
        "meetings:summary-check": {"pk": m.pk},
        "meetings:finding-waive": {"pk": m.pk, "finding_pk": 1},
        "meetings:summary-comment-settle": {"pk": m.pk, "comment_pk": 1},
        "meetings:summary-transition": {"pk": m.pk, "action": "preview"},
        "meetings:action-edit": {"pk": w["action_item"].pk},
        "meetings:my-action-done": {"pk": w["action_item"].pk},
        "meetings:invitation-send": {"pk": m.pk},
        "meetings:rsvp": {"pk": m.pk},
        "meetings:meeting-pack": {"pk": m.pk},
        "meetings:meeting-pack-pdf": {"pk": m.pk},
        "documents:document-download": {"pk": w["document"].pk},
        "documents:document-status": {"pk": w["document"].pk},
        "coordinators:plan-detail": {"pk": plan.pk},
        "coordinators:concept-note": {"pk": plan.pk},
        "coordinators:concept-note-file": {"pk": plan.pk},
        "coordinators:plan-report": {"pk": plan.pk},
        "coordinators:plan-export": {"pk": plan.pk, "fmt": "csv"},
        "coordinators:targets-export": {"fmt": "csv"},
        "coordinators:progress-add": {"pk": output.pk},
        "coordinators:output-edit": {"pk": output.pk},
        "coordinators:activity-add": {"pk": output.pk},
        "coordinators:output-history": {"pk": output.pk},
        "coordinators:coalition-detail": {"pk": w["coalition"].pk},
        "coordinators:target-remove": {"pk": w["target"].pk},
        "directory:state-profile": {"iso3": w["state"].iso3},
        "outreach:campaign-detail": {"pk": letter.campaign_id},
        "outreach:campaign-generate": {"pk": letter.campaign_id},
        "outreach:campaign-approve": {"pk": letter.campaign_id},
        "outreach:campaign-send": {"pk": letter.campaign_id},
        "outreach:campaign-progress": {"pk": letter.campaign_id},
        "outreach:campaign-zip": {"pk": letter.campaign_id},
        "outreach:letter-detail": {"pk": letter.pk},
        "outreach:letter-edit": {"pk": letter.pk},
        "outreach:letter-approve": {"pk": letter.pk},
        "outreach:letter-send": {"pk": letter.pk},
        "outreach:letter-mark-sent": {"pk": letter.pk},
        "outreach:response-add": {"pk": letter.pk},
        "outreach:response-file": {"pk": w["response"].pk},
        "outreach:state-history": {"pk": letter.state_id},
        "outreach:contact-add": {"pk": letter.state_id},
        "outreach:followup-add": {"pk": letter.state_id},
        "outreach:followup-done": {"pk": w["followup"].pk},
        "outreach:template-edit": {"pk": w["template"].pk},
        "finance:export": {"fmt": "csv"},
        "finance:year-detail": {"year": year},
        "finance:year-edit": {"year": year},
        "finance:year-assess": {"year": year},
        "finance:year-issue": {"year": year},
        "finance:year-letters": {"year": year},
        "finance:invoice-detail": {"pk": w["invoice"].pk},
        "finance:invoice-credit": {"pk": w["invoice"].pk},
        "finance:credit-note-pdf": {"pk": w["invoice"].pk},
        "finance:letter-pdf": {"pk": w["joint_letter"].pk},
        "finance:reminder-pdf": {"pk": w["reminder"].pk},
        "finance:bank-import-detail": {"pk": w["bank_statement"].pk},
        "finance:reminder-round-detail": {"pk": w["reminder"].round_id},
        "finance:reminder-round-progress": {"pk": w["reminder"].round_id},
        "finance:state-account": {"iso3": w["invoice"].state.iso3},
        "digest-unsubscribe": {"token": "no-such-token"},
    }


def _world(isu) -> dict:
    """The demo world, and the few objects it lacks (a bank statement, a country coalition)."""
    from coordinators.models import ActionPlan, CountryCoalition, TargetState
    from documents.models import GeneratedDocument
    from finance import services as finance_services
    from finance.models import FinancialYear, Invoice, JointLetter, Reminder
    from meetings.models import ActionItem, Minutes, PublicSummary, Statement
    from outreach.models import FollowUp, LetterTemplate, Response

    summary = PublicSummary.objects.select_related("meeting").order_by("pk").first()
    minutes = Minutes.objects.filter(items__isnull=False).select_related("meeting").order_by("pk").first()
    meeting = summary.meeting if summary else minutes.meeting
    statement = Statement.objects.filter(agenda_item__meeting=meeting).select_related("agenda_item").first()
    response = Response.objects.select_related("letter").order_by("pk").first()
    plan = ActionPlan.objects.order_by("pk").first()
    invoice = Invoice.objects.order_by("pk").first()
    return {
        "meeting": meeting,
        "summary": summary,
        "entry": summary.entries.first(),
        "agenda_item": meeting.agenda_items.first(),
        "minutes_item": meeting.current_minutes.items.first(),
        "statement": statement,
        "action_item": ActionItem.objects.order_by("pk").first(),
        "document": GeneratedDocument.objects.order_by("pk").first(),
        "plan": plan,
        "output": plan.outputs.first(),
        "coalition": CountryCoalition.objects.create(state=invoice.state, purpose="Clearance"),
        "target": TargetState.objects.order_by("pk").first(),
        "state": invoice.state,
        "letter": response.letter,
        "response": response,
        "followup": FollowUp.objects.order_by("pk").first(),
        "template": LetterTemplate.objects.order_by("pk").first(),
        "financial_year": FinancialYear.objects.order_by("pk").first(),
        "invoice": invoice,
        "joint_letter": JointLetter.objects.order_by("pk").first(),
        "reminder": Reminder.objects.order_by("pk").first(),
        "bank_statement": finance_services.bank_statement_import(
            filename="march.csv", text="date,amount,reference\n2017-03-01,10.00,Invoice 2017-0001\n", by=isu
        ),
    }


def _pages(world) -> list[tuple[str, str]]:
    args = _route_args(world)
    pages, unfilled = [], []
    for route, name, pattern in url_patterns():
        if name.startswith(SKIPPED):
            continue
        if pattern.pattern.converters:
            if name not in args:
                unfilled.append(f"{name} ({route})")
                continue
            pages.append((name, reverse(name, kwargs=args[name])))
        else:
            pages.append((name, reverse(name)))
    assert not unfilled, f"routes with no ids to fill in (add them to _route_args): {unfilled}"
    return pages


class _ReadNames:
    """The names a request's query string was asked for (get, [], getlist; forms and templates
    ask the same way). Only a finished, read-only QueryDict counts: building one asks for each
    of its own keys."""

    def __init__(self):
        self.names: set[str] = set()

    def watch(self, monkeypatch):
        names = self.names
        for method in ("get", "__getitem__", "getlist"):
            original = getattr(QueryDict, method)

            def watched(qd, key, *args, _original=original, **kwargs):
                if not qd._mutable:
                    names.add(key)
                return _original(qd, key, *args, **kwargs)

            monkeypatch.setattr(QueryDict, method, watched)


def test_the_names_a_page_reads_are_recorded(demo):
    recorder = _ReadNames()
    client = Client()
    client.force_login(demo["isu"])
    with pytest.MonkeyPatch.context() as patch:
        recorder.watch(patch)
        client.get(reverse("public:search"), {"q": "Geneva", "unknown": "1"})
    assert "q" in recorder.names and "unknown" not in recorder.names


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_query_parameter_gives_a_server_error(demo, settings, shard):
    settings.REQUIRE_STAFF_2FA = False  # the fuzz is about parameters, not the second factor
    started = time.monotonic()
    world = _world(demo["isu"])
    pages = _pages(world)[shard::SHARDS]
    client = Client(raise_request_exception=False)
    client.force_login(demo["isu"])
    failures: dict[str, int] = {}
    tried = 0

    def get(url: str, params: dict) -> None:
        nonlocal tried
        tried += 1
        full = f"{url}?{urlencode(params)}"
        response = client.get(full)
        if response.status_code >= 500:
            failures[full[:300]] = response.status_code

    # 1. Which names each page reads.
    recorder = _ReadNames()
    reads: dict[str, set[str]] = defaultdict(set)
    with pytest.MonkeyPatch.context() as patch:
        recorder.watch(patch)
        for name, url in pages:
            recorder.names.clear()
            get(url, dict.fromkeys(PARAMS, "1"))
            reads[name] = recorder.names & set(PARAMS)

    # 2. Every name at once, once per hostile value (a page that reads none of them: the worst few).
    for name, url in pages:
        for value in HOSTILE if reads[name] else WORST:
            get(url, dict.fromkeys(PARAMS, value))

    # 3. Each name a page reads, alone, with every hostile value.
    for name, url in pages:
        for param in sorted(reads[name]):
            for value in HOSTILE:
                get(url, {param: value})

    elapsed = time.monotonic() - started
    read_pairs = sum(len(names) for names in reads.values())
    reading = sorted(f"{name}: {', '.join(sorted(names))}" for name, names in reads.items() if names)
    print("\n".join(["", "pages and the names they read:", *reading]))
    print(
        f"\nfuzz_params: {len(pages)} pages, {len(PARAMS)} names, {len(HOSTILE)} hostile values, "
        f"{sum(1 for names in reads.values() if names)} pages read {read_pairs} of them; "
        f"{tried} requests in {elapsed:.1f} s; "
        f"{len(failures)} server errors"
    )
    assert not failures, "server errors:\n" + "\n".join(f"{status} {url}" for url, status in failures.items())


@pytest.fixture
def demo(demo_world):
    from django.contrib.auth.models import User

    return {"isu": User.objects.get(username="isu")}
