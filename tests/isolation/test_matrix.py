"""Issue 13: every URL of the portal × every role, against a world where each role owns something.

Who may see and change what is written HERE, in the table below (from the portal's rules as
documented: meetings and outreach are the Committee's, finance the ISU's with each focal point's
own State portal, plans are read by every logged-in user and written by their area's
Coordinators and the ISU). It never asks the portal's permission code.

For each URL × role:
- anonymous: the login page (public pages excepted);
- somebody who may not see the object: 404 (405 for a wrong method), exactly as for an object
  that does not exist, and the body names nothing of it (State, meeting, summary...);
- somebody who sees it but may not change it: 403 to a POST (or to the GET of a form page);
- somebody allowed: no 403/404 (their POSTs are not sent: they would change the world).
Every refused POST changes no rows. `documents:*` (swept by the lead) and the admin are left out.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from directory.roles import COORDINATORS, FOCAL_POINTS, ISU_STAFF
from tests.factories import (
    ActionItemFactory,
    MeetingFactory,
    StateFactory,
    TermFactory,
    ThematicAreaFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "nobody", "focal_a", "focal_b", "coord_x", "coord_y", "isu")
LOGGED = frozenset(ROLES[1:])
EVERYONE = frozenset(ROLES)
COMMITTEE = frozenset({"coord_x", "coord_y", "isu"})
COORDINATORS_AND_ISU = COMMITTEE
ISU = frozenset({"isu"})
X_WRITERS = frozenset({"coord_x", "isu"})
Y_WRITERS = frozenset({"coord_y", "isu"})
NOBODY = frozenset()
# The State pages: the Committee sees every State; a focal point their own.
SEES_A = COMMITTEE | {"focal_a"}
SEES_B = COMMITTEE | {"focal_b"}
# The State portal's finance objects: the ISU and the State's own focal point.
FINANCE_A = frozenset({"isu", "focal_a"})
FINANCE_B = frozenset({"isu", "focal_b"})

GET, POST, BOTH = "GET", "POST", "BOTH"


@dataclass
class Case:
    """One URL of one object: who sees it, who may open it (GET), who may change it (POST)."""

    kwargs: dict
    methods: str  # GET: a page (a POST is not a change: it is sent to everybody); POST: an action; BOTH: a form
    see: frozenset
    get: frozenset = NOBODY
    post: frozenset = NOBODY
    texts: tuple = ()  # what identifies the object: never in a refusal
    public: bool = False  # anonymous is a role like the others (no login needed)
    allowed_status: tuple = (200, 302)
    hidden: dict = field(default_factory=dict)  # role → texts never shown to them, even when allowed


def page(kwargs, see, texts=(), **extra):
    """A read page: those who see the object open it."""
    return Case(kwargs, GET, see, get=see, texts=texts, **extra)


def form(kwargs, see, writers, texts=(), get=None, **extra):
    """A form page: writers open it (or `get`) and post it; the others who see it get 403."""
    return Case(kwargs, BOTH, see, get=writers if get is None else get, post=writers, texts=texts, **extra)


def action(kwargs, see, writers, texts=()):
    """A POST-only action: writers post it; the others who see it get 403; GET is 405."""
    return Case(kwargs, POST, see, post=writers, texts=texts)


M = "meeting"
MEETING_TEXTS = {
    "m_draft": ("Quokka meeting",),
    "m_circ": ("Wombat meeting",),
    "m_appr": ("Numbat meeting",),
    "m_restricted": ("Bilby meeting",),
}


def _meeting_pages() -> dict[str, list[Case]]:
    """Meetings are the Committee's (ISU staff and Coordinators); the ISU changes them."""
    table: dict[str, list[Case]] = {
        "meetings:meeting-list": [page({}, COMMITTEE)],
        "meetings:meeting-create": [form({}, COMMITTEE, ISU)],
        "meetings:import-upload": [form({}, COMMITTEE, ISU)],
        # no import is pending under this token: the ISU too gets 404
        "meetings:import-review": [form({"token": "0" * 32}, COMMITTEE, ISU, allowed_status=(404,))],
        "meetings:action-list": [page({}, COMMITTEE, texts=())],
        "meetings:action-edit": [form({"pk": "action"}, COMMITTEE, ISU, texts=("Platypus action",))],
        # one's own and one's delegation's open items (Platypus is Borduria's: focal_b); the ISU closes any
        "meetings:my-actions": [page({}, LOGGED, hidden={r: ("Platypus action",) for r in LOGGED - {"focal_b"}})],
        "meetings:my-action-done": [action({"pk": "action"}, FINANCE_B, FINANCE_B, ("Platypus action",))],
    }
    per_meeting = {
        "meetings:meeting-detail": lambda k, t: page(k, COMMITTEE, t),
        "meetings:minutes-detail": lambda k, t: page(k, COMMITTEE, t),
        # the redline compares the versions each reader may read (a Coordinator never a draft)
        "meetings:minutes-redline": lambda k, t: page(k, COMMITTEE, t),
        "meetings:meeting-edit": lambda k, t: form(k, COMMITTEE, ISU, t),
        "meetings:agenda-edit": lambda k, t: form(k, COMMITTEE, ISU, t),
        "meetings:agenda-propose": lambda k, t: action(k, COMMITTEE, ISU, t),
        "meetings:attendance-edit": lambda k, t: form(k, COMMITTEE, ISU, t),
        "meetings:participants-pdf": lambda k, t: action(k, COMMITTEE, ISU, t),
        "meetings:minutes-pdf": lambda k, t: action(k, COMMITTEE, ISU, t),
        "meetings:minutes-start": lambda k, t: action(k, COMMITTEE, ISU, t),
        # (a meeting without minutes answers the ISU 404: nothing to circulate, approve or correct)
        "meetings:minutes-circulate": lambda k, t: form(k, COMMITTEE, ISU, t, allowed_status=(200, 302, 404)),
        "meetings:minutes-approve": lambda k, t: form(k, COMMITTEE, ISU, t, allowed_status=(200, 302, 404)),
        "meetings:minutes-correct": lambda k, t: form(k, COMMITTEE, ISU, t, allowed_status=(200, 302, 404)),
        "meetings:decision-add": lambda k, t: form(k, COMMITTEE, ISU, t),
        "meetings:action-add": lambda k, t: form(k, COMMITTEE, ISU, t),
        "meetings:summary-detail": lambda k, t: form(k, COMMITTEE, ISU, t),
        "meetings:summary-propose": lambda k, t: action(k, COMMITTEE, ISU, t),
        "meetings:summary-categories": lambda k, t: action(k, COMMITTEE, ISU, t),
        "meetings:summary-generate": lambda k, t: action(k, COMMITTEE, ISU, t),
        "meetings:summary-edit": lambda k, t: form(k, COMMITTEE, ISU, t),
        "meetings:summary-check": lambda k, t: action(k, COMMITTEE, ISU, t),
        "meetings:invitation-send": lambda k, t: action(k, COMMITTEE, ISU, t),
        # the meeting pack: the Committee asks for it and reads it (its file: documents' can_view)
        "meetings:meeting-pack": lambda k, t: page(k, COMMITTEE, t),
        "meetings:meeting-pack-pdf": lambda k, t: action(k, COMMITTEE, COMMITTEE, t),
    }
    for name, make in per_meeting.items():
        table[name] = [make({"pk": key}, texts) for key, texts in MEETING_TEXTS.items()]
    circ = {"pk": "m_circ"}
    wombat = MEETING_TEXTS["m_circ"]
    table |= {
        "meetings:agenda-item-move": [action({**circ, "item_pk": "agenda_item"}, COMMITTEE, ISU, wombat)],
        "meetings:agenda-item-delete": [action({**circ, "item_pk": "agenda_item"}, COMMITTEE, ISU, wombat)],
        "meetings:agenda-item-rename": [action({**circ, "item_pk": "agenda_item"}, COMMITTEE, ISU, wombat)],
        "meetings:statement-add": [form({**circ, "item_pk": "agenda_item"}, COMMITTEE, ISU, wombat)],
        "meetings:statement-delete": [action({**circ, "statement_pk": "statement"}, COMMITTEE, ISU, wombat)],
        "meetings:minutes-item-edit": [form({**circ, "item_pk": "minutes_item"}, COMMITTEE, ISU, wombat)],
        "meetings:minutes-item-history": [page({**circ, "item_pk": "minutes_item"}, ISU, wombat)],
        "meetings:comment-add": [
            # circulated minutes: the Committee comments (the ISU opens the form too)
            form({**circ, "item_pk": "minutes_item"}, COMMITTEE, COMMITTEE, wombat),
            # a draft's item: nobody outside the ISU knows it; the ISU does not comment on drafts
            Case({"pk": "m_draft", "item_pk": "draft_item"}, BOTH, NOBODY, texts=MEETING_TEXTS["m_draft"]),
        ],
        "meetings:comment-settle": [form({**circ, "comment_pk": "comment"}, COMMITTEE, ISU, wombat)],
        "meetings:summary-entry-edit": [action({**circ, "entry_pk": "missing"}, COMMITTEE, ISU, wombat)],
        "meetings:finding-waive": [action({**circ, "finding_pk": "missing"}, COMMITTEE, ISU, wombat)],
        "meetings:summary-comment-settle": [action({**circ, "comment_pk": "missing"}, COMMITTEE, ISU, wombat)],
        "meetings:summary-transition": [
            action({**circ, "action": verb}, COMMITTEE, ISU, wombat) for verb in ("withdraw", "preview")
        ]
        + [form({**circ, "action": "publish"}, COMMITTEE, ISU, wombat)],  # publishing: its confirmation page
    }
    # A delegation invited to a planned meeting whose invitation went answers it: the Bilby
    # meeting's term has X and Y as Coordinators; the held meetings were never announced.
    invited = frozenset({"coord_x", "coord_y"})
    table["meetings:rsvp"] = [
        form({"pk": key}, invited if key == "m_restricted" else NOBODY, invited, texts)
        for key, texts in MEETING_TEXTS.items()
    ]
    # The minutes-item history is an ISU page of a meeting the Coordinators see: 403 for them.
    table["meetings:minutes-item-history"] = [
        Case({**circ, "item_pk": "minutes_item"}, GET, COMMITTEE, get=ISU, texts=wombat)
    ]
    # The draft minutes' text never reaches the Coordinators, though they open the meeting.
    for case in table["meetings:minutes-detail"] + table["meetings:meeting-detail"] + table["meetings:minutes-redline"]:
        if case.kwargs["pk"] == "m_draft":
            case.hidden = {"coord_x": ("Quokka draft text",), "coord_y": ("Quokka draft text",)}
    return table


def _coordinators_pages() -> dict[str, list[Case]]:
    """Every logged-in user reads the plans; their area's Coordinators and the ISU write them."""
    plans = [("plan_x", X_WRITERS, "Xanadu plan"), ("plan_y", Y_WRITERS, "Yonder plan")]
    outputs = [("output_x", X_WRITERS, "Xanadu plan"), ("output_y", Y_WRITERS, "Yonder plan")]
    return {
        "coordinators:area-list": [page({}, LOGGED)],
        "coordinators:public-plans": [page({}, EVERYONE, public=True)],
        "coordinators:plan-detail": [page({"pk": p}, LOGGED, (t,)) for p, _w, t in plans],
        "coordinators:quarterly-update": [action({}, LOGGED, COORDINATORS_AND_ISU)],
        "coordinators:concept-note": [form({"pk": p}, LOGGED, w, (t,), get=LOGGED) for p, w, t in plans],
        "coordinators:concept-note-file": [page({"pk": "plan_x"}, LOGGED, ("Xanadu plan",))],
        "coordinators:plan-report": [action({"pk": p}, LOGGED, w, (t,)) for p, w, t in plans],
        "coordinators:plan-export": [
            page({"pk": p, "fmt": f}, LOGGED, (t,)) for p, _w, t in plans for f in ("csv", "xlsx")
        ],
        "coordinators:targets-export": [page({"fmt": f}, LOGGED) for f in ("csv", "xlsx")],
        "coordinators:progress-add": [action({"pk": o}, LOGGED, w, (t,)) for o, w, t in outputs],
        "coordinators:output-edit": [form({"pk": o}, LOGGED, w, (t,)) for o, w, t in outputs],
        "coordinators:activity-add": [action({"pk": o}, LOGGED, w, (t,)) for o, w, t in outputs],
        "coordinators:output-history": [Case({"pk": o}, GET, LOGGED, get=LOGGED, texts=(t,)) for o, _w, t in outputs],
        "coordinators:targets": [form({}, LOGGED, COORDINATORS_AND_ISU, get=LOGGED)],
        "coordinators:coalition-list": [page({}, LOGGED)],
        "coordinators:coalition-detail": [page({"pk": "coalition"}, LOGGED, ("Arcadia",))],
        "coordinators:target-remove": [
            action({"pk": "target_x"}, LOGGED, X_WRITERS),
            action({"pk": "target_y"}, LOGGED, Y_WRITERS),
        ],
    }


def _directory_pages() -> dict[str, list[Case]]:
    return {
        "directory:state-list": [page({}, COMMITTEE | {"focal_a", "focal_b"})],
        "directory:state-profile": [
            page({"iso3": "ARC"}, SEES_A, ("Arcadia",)),
            page({"iso3": "BOR"}, SEES_B, ("Borduria",)),
            page({"iso3": "arc"}, SEES_A, ("Arcadia",)),  # the code in lower case is the same State
        ],
    }


def _outreach_pages() -> dict[str, list[Case]]:
    """Outreach is the Committee's; the area's Coordinators and the ISU manage its campaigns."""
    campaign = ("Xanadu campaign",)
    return {
        "outreach:campaign-list": [page({}, COMMITTEE)],
        "outreach:campaign-create": [form({}, COMMITTEE, COMMITTEE)],
        "outreach:campaign-detail": [page({"pk": "campaign_x"}, COMMITTEE, campaign)],
        "outreach:campaign-generate": [action({"pk": "campaign_x"}, COMMITTEE, X_WRITERS, campaign)],
        "outreach:campaign-approve": [action({"pk": "campaign_x"}, COMMITTEE, X_WRITERS, campaign)],
        "outreach:campaign-send": [form({"pk": "campaign_x"}, COMMITTEE, X_WRITERS, campaign)],  # confirmed
        "outreach:campaign-progress": [page({"pk": "campaign_x"}, COMMITTEE, campaign)],
        "outreach:campaign-zip": [page({"pk": "campaign_x"}, COMMITTEE, campaign)],
        "outreach:letter-detail": [
            page({"pk": "letter_a"}, COMMITTEE, ("Arcadia",)),
            page({"pk": "letter_b"}, COMMITTEE, ("Borduria",)),
        ],
        "outreach:letter-edit": [form({"pk": "letter_b"}, COMMITTEE, X_WRITERS, ("Borduria",))],
        "outreach:letter-approve": [action({"pk": "letter_b"}, COMMITTEE, X_WRITERS, ("Borduria",))],
        "outreach:letter-send": [action({"pk": "letter_b"}, COMMITTEE, X_WRITERS, ("Borduria",))],
        "outreach:letter-mark-sent": [action({"pk": "letter_b"}, COMMITTEE, X_WRITERS, ("Borduria",))],
        "outreach:response-add": [action({"pk": "letter_a"}, COMMITTEE, X_WRITERS, ("Arcadia",))],
        "outreach:response-file": [page({"pk": "response_a"}, COMMITTEE, ("Arcadia",))],
        "outreach:state-list": [page({}, COMMITTEE)],
        "outreach:state-history": [
            page({"pk": "state_a"}, COMMITTEE, ("Arcadia",)),
            page({"pk": "state_b"}, COMMITTEE, ("Borduria",)),
        ],
        # GET: the page holding the blank form (the State's history loads it when it is opened)
        "outreach:contact-add": [form({"pk": "state_a"}, COMMITTEE, ISU, ("Arcadia",))],
        "outreach:followup-add": [form({"pk": "state_b"}, COMMITTEE, COORDINATORS_AND_ISU, ("Borduria",))],
        "outreach:followup-done": [action({"pk": "followup_a"}, COMMITTEE, X_WRITERS, ("Arcadia",))],
        "outreach:calendar": [page({}, COMMITTEE)],
        "outreach:calendar-ics": [page({}, COMMITTEE)],
        "outreach:template-list": [page({}, COMMITTEE)],
        "outreach:template-create": [form({}, COMMITTEE, COMMITTEE)],
        "outreach:template-edit": [form({"pk": "paragraph_x"}, COMMITTEE, X_WRITERS, ("Xanadu paragraph",))],
        "outreach:template-preview": [action({}, COMMITTEE, COMMITTEE)],
        "outreach:reminders-run": [action({}, COMMITTEE, ISU)],
    }


def _finance_pages() -> dict[str, list[Case]]:
    """The back office is the ISU's (404 to everybody else, a focal point's own records included);
    the State portal's letters, credit notes and reminders are its State's focal point's too."""
    office = {
        "finance:dashboard": [page({}, ISU)],
        "finance:export": [page({"fmt": f}, ISU) for f in ("csv", "xlsx")],
        "finance:scale-list": [form({}, ISU, ISU)],
        "finance:year-create": [form({}, ISU, ISU)],
        "finance:year-detail": [page({"year": "year"}, ISU, ("Arcadia",))],
        "finance:year-edit": [form({"year": "year"}, ISU, ISU)],
        "finance:year-assess": [action({"year": "year"}, ISU, ISU)],
        "finance:year-issue": [form({"year": "year"}, ISU, ISU)],  # its confirmation page, then the POST
        "finance:year-letters": [action({"year": "year"}, ISU, ISU)],
        "finance:invoice-list": [page({}, ISU, ("Arcadia", "Borduria"))],
        "finance:invoice-detail": [
            page({"pk": "invoice_a"}, ISU, ("Arcadia",)),
            page({"pk": "invoice_b"}, ISU, ("Borduria",)),
        ],
        "finance:invoice-credit": [action({"pk": "invoice_a"}, ISU, ISU, ("Arcadia",))],
        "finance:payment-list": [page({}, ISU, ("Arcadia",))],
        "finance:payment-create": [form({}, ISU, ISU)],
        "finance:bank-import": [form({}, ISU, ISU)],
        "finance:bank-import-detail": [form({"pk": "statement"}, ISU, ISU, ("Arcadia",))],
        "finance:reminder-list": [form({}, ISU, ISU)],
        "finance:reminder-round-start": [form({}, ISU, ISU)],
        "finance:reminder-round-detail": [page({"pk": "round"}, ISU, ("Arcadia",))],
        "finance:reminder-round-progress": [page({"pk": "round"}, ISU, ("Arcadia",))],
        "finance:state-account": [
            page({"iso3": "ARC"}, ISU, ("Arcadia",)),
            page({"iso3": "BOR"}, ISU, ("Borduria",)),
        ],
        "finance:my-account": [page({}, frozenset({"focal_a", "focal_b"}))],
    }
    portal = {
        "finance:letter-pdf": [
            action({"pk": "joint_letter_a"}, FINANCE_A, FINANCE_A, ("Arcadia",)),
            action({"pk": "joint_letter_b"}, FINANCE_B, FINANCE_B, ("Borduria",)),
        ],
        "finance:credit-note-pdf": [
            action({"pk": "credit_note_a"}, FINANCE_A, FINANCE_A, ("Arcadia",)),
            action({"pk": "credit_note_b"}, FINANCE_B, FINANCE_B, ("Borduria",)),
            # an invoice that is not a credit note: nobody's credit note
            Case({"pk": "invoice_b"}, POST, NOBODY, texts=("Borduria",)),
        ],
        "finance:reminder-pdf": [
            action({"pk": "reminder_a"}, FINANCE_A, FINANCE_A, ("Arcadia",)),
            action({"pk": "reminder_b"}, FINANCE_B, FINANCE_B, ("Borduria",)),
        ],
    }
    return office | portal


def _open_pages() -> dict[str, list[Case]]:
    """Public pages, the login and the two-factor pages."""
    no_dingo = {role: ("Dingo summary",) for role in ROLES}
    not_a_link = {"texts": ("Dingo summary",), "hidden": no_dingo, "allowed_status": (403,)}
    return {
        "home": [page({}, EVERYONE, public=True)],
        "health": [page({}, EVERYONE, public=True, allowed_status=(200, 503))],
        "public:summary-detail": [
            page({"pk": "summary_published"}, EVERYONE, public=True),
            # a draft summary is nobody's public page, the ISU's included
            Case({"pk": "summary_draft"}, GET, NOBODY, texts=("Dingo summary",), public=True),
        ],
        # published, its PDF not rendered yet: "being prepared" (404) for everybody
        "public:summary-pdf": [
            page({"pk": "summary_published"}, EVERYONE, public=True, allowed_status=(404,)),
            Case({"pk": "summary_draft"}, GET, NOBODY, texts=("Dingo summary",), public=True),
        ],
        # The page of the link e-mailed to a participating delegation: no login, the signed link is
        # the only key. A link that is not ours (403, its POST too) or one that no longer opens a
        # draft (410: the Dingo summary is not circulated) shows nothing of it to anybody, the ISU
        # included. (A valid link: tests/meetings/test_summary_circulation.py.)
        "public:summary-review": [
            Case({"token": "not-a-token"}, BOTH, EVERYONE, get=EVERYONE, public=True, **not_a_link),
            page({"token": "summary_draft_token"}, EVERYONE, public=True, allowed_status=(410,), hidden=no_dingo),
        ],
        "public:search": [page({}, EVERYONE, public=True)],
        "public:calendar": [page({}, EVERYONE, public=True)],
        "set_language": [form({}, EVERYONE, EVERYONE, public=True)],
        "dashboard": [page({}, LOGGED)],
        "otp-setup": [form({}, LOGGED, LOGGED)],
        "otp-verify": [form({}, LOGGED, LOGGED)],
        "login": [form({}, EVERYONE, EVERYONE, public=True)],
        "logout": [Case({}, POST, EVERYONE, post=EVERYONE, public=True)],
        "password_change": [form({}, LOGGED, LOGGED)],
        "password_change_done": [page({}, LOGGED)],
        "email-preferences": [form({}, LOGGED, LOGGED)],
        # a token the portal did not sign: the same refusal (400) for everybody, logged in or not
        "digest-unsubscribe": [
            form({"token": "not-a-signed-token"}, EVERYONE, EVERYONE, public=True, allowed_status=(400,))
        ],
        "password_reset": [form({}, EVERYONE, EVERYONE, public=True)],
        "password_reset_done": [page({}, EVERYONE, public=True)],
        "password_reset_confirm": [form({"uidb64": "MQ", "token": "set-password"}, EVERYONE, EVERYONE, public=True)],
        "password_reset_complete": [page({}, EVERYONE, public=True)],
    }


TABLE: dict[str, list[Case]] = (
    _meeting_pages() | _coordinators_pages() | _directory_pages() | _outreach_pages() | _finance_pages() | _open_pages()
)


def _url_names(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _url_names(pattern, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def swept_names() -> set[str]:
    return {name for name in _url_names() if not name.startswith("documents:") and name != "bench-hello"}


def test_the_table_covers_every_url_of_the_urlconf():
    assert swept_names() - set(TABLE) == set(), "add the new URLs to the table"
    assert set(TABLE) - swept_names() == set(), "the table names URLs that are gone"


# --- the world: each role owns something ---------------------------------------------------


def build_world() -> tuple[dict, dict]:
    from coordinators.models import ActionPlan, ConceptNote, CountryCoalition, Output, TargetState
    from directory.models import Convention, Mandate, TreatyStatus
    from finance import services as finance
    from finance.models import FinancialYear, Invoice, JointLetter, Reminder, ReminderRound
    from meetings import services as meetings
    from meetings.models import Invitation, Meeting, Minutes, PublicSummary
    from outreach import services as outreach
    from outreach.models import LetterTemplate

    w: dict = {"missing": 999_999}
    state_a = StateFactory(iso3="ARC", iso2="QA", name="Arcadia", official_name="Republic of Arcadia")
    state_b = StateFactory(iso3="BOR", iso2="QB", name="Borduria", official_name="Kingdom of Borduria")
    state_x = StateFactory(iso3="CPT", iso2="QC", name="Carpathia")
    state_y = StateFactory(iso3="ELB", iso2="QE", name="Elbonia")
    users = {
        "nobody": user_with_role("nobody", None),
        "focal_a": user_with_role("focal-arcadia", FOCAL_POINTS, state=state_a),
        "focal_b": user_with_role("focal-borduria", FOCAL_POINTS, state=state_b),
        "coord_x": user_with_role("coordinator-x", COORDINATORS, state=state_x),
        "coord_y": user_with_role("coordinator-y", COORDINATORS, state=state_y),
        "isu": user_with_role("isu", ISU_STAFF),
    }
    isu = users["isu"]
    w |= {"state_a": state_a.pk, "state_b": state_b.pk}

    # Coordinators: areas X and Y, each with a plan of the current term, an output, a target.
    term = TermFactory(start=datetime.date(2016, 9, 7), end=None)
    area_x = ThematicAreaFactory(name="Xanadu Assistance", slug="xanadu", order=1)
    area_y = ThematicAreaFactory(name="Yonder Clearance", slug="yonder", order=2)
    Mandate.objects.create(area=area_x, term=term, state=state_x)
    Mandate.objects.create(area=area_y, term=term, state=state_y)
    for key, area, title, target_state in (
        ("x", area_x, "Xanadu plan", state_a),
        ("y", area_y, "Yonder plan", state_b),
    ):
        plan = ActionPlan.objects.create(area=area, term=term, title=title, starts=datetime.date(2016, 12, 1))
        output = Output.objects.create(
            plan=plan, number=1, text=f"{title} output", indicator="replies", target_value=Decimal(5),
            unit="States", deadline=datetime.date(2030, 6, 30),
        )  # fmt: skip
        target = TargetState.objects.create(area=area, term=term, state=target_state, reason="other")
        w |= {f"plan_{key}": plan.pk, f"output_{key}": output.pk, f"target_{key}": target.pk}
    note = ConceptNote(area=area_x, term=term, text="Xanadu concept")
    note.file.save("xanadu-concept.pdf", ContentFile(b"%PDF-1.4 concept"), save=False)
    note.save()
    w["coalition"] = CountryCoalition.objects.create(state=state_a, purpose="Clearance of Arcadia").pk

    # Meetings: minutes in draft, circulated and approved; a restricted meeting; summaries.
    def meeting(title, **fields):
        return MeetingFactory(title=title, status=Meeting.Status.HELD, confidentiality="open", **fields)

    m_draft = meeting("Quokka meeting", date=datetime.date(2017, 1, 10))
    m_circ = meeting("Wombat meeting", date=datetime.date(2017, 2, 10))
    m_appr = meeting("Numbat meeting", date=datetime.date(2016, 11, 10))
    m_restricted = MeetingFactory(
        title="Bilby meeting", status=Meeting.Status.PLANNED, confidentiality=Meeting.Confidentiality.RESTRICTED,
        date=datetime.date(2017, 3, 10), term=term,
    )  # fmt: skip
    Invitation.objects.create(meeting=m_restricted, sent_at=timezone.now(), sent_date=m_restricted.date, sent_by=isu)
    for m in (m_draft, m_circ, m_appr):
        meetings.agenda_item_add(meeting=m, title=f"Item of {m.title}")
    draft = meetings.minutes_start(meeting=m_draft)
    draft_item = draft.items.get()
    meetings.minutes_item_update(item=draft_item, text="Quokka draft text", expected_version=0, by=isu)
    agenda_item = m_circ.agenda_items.get()
    circulated = meetings.minutes_start(meeting=m_circ)
    minutes_item = circulated.items.get()
    meetings.minutes_item_update(item=minutes_item, text="Wombat text", expected_version=0, by=isu)
    meetings.minutes_circulate(
        minutes=circulated, comment_deadline=timezone.localdate() + datetime.timedelta(days=7), by=isu
    )
    approved = meetings.minutes_start(meeting=m_appr)
    Minutes.objects.filter(pk=approved.pk).update(status=Minutes.Status.APPROVED, approved_at=timezone.now())
    w |= {
        "m_draft": m_draft.pk, "m_circ": m_circ.pk, "m_appr": m_appr.pk, "m_restricted": m_restricted.pk,
        "agenda_item": agenda_item.pk, "minutes_item": minutes_item.pk, "draft_item": draft_item.pk,
        "comment": meetings.minutes_comment_add(item=minutes_item, author=users["coord_x"], text="Typo").pk,
        "statement": meetings.statement_add(agenda_item=agenda_item, text="Said", delegation=state_a.delegation).pk,
        "action": ActionItemFactory(meeting=m_circ, text="Platypus action", owner_delegation=state_b.delegation).pk,
        "summary_published": PublicSummary.objects.create(
            meeting=m_appr, title="Koala summary", status=PublicSummary.Status.PUBLISHED, published_at=timezone.now()
        ).pk,
        "summary_draft": PublicSummary.objects.create(meeting=m_circ, title="Dingo summary").pk,
    }  # fmt: skip
    from meetings.selectors import review_token  # a well-signed link to a summary that is not circulated

    w["summary_draft_token"] = review_token(PublicSummary.objects.get(pk=w["summary_draft"]), state_a.delegation)

    # Finance: both States assessed and invoiced; a payment, a credit note and a reminder each.
    ccm, _ = Convention.objects.get_or_create(code="ccm", defaults={"short_name": "CCM", "name": "CCM"})
    for state in (state_a, state_b):
        TreatyStatus.objects.get_or_create(
            state=state, convention=ccm,
            defaults={"status": TreatyStatus.Status.PARTY, "entry_into_force": datetime.date(2012, 3, 1)},
        )  # fmt: skip
    period = finance.scale_import(period="2016-2018", text="iso3,rate_percent\nARC,3\nBOR,2\n", source="made up")
    msp = MeetingFactory(kind=Meeting.Kind.MSP, title="Seventh MSP", date=datetime.date(2017, 9, 4))
    year = FinancialYear.objects.create(
        year=2017, isu_budget=Decimal("1000.00"), scale_period=period, floor_percent=Decimal("0.001"),
        ceiling_percent=None, meeting=msp, meeting_cost=Decimal("1000.00"),
    )  # fmt: skip
    year.participants.set([state_a, state_b])
    finance.assessments_compute(financial_year=year)
    finance.invoices_issue(financial_year=year, by=isu, issue_date=datetime.date(2017, 1, 5))
    w["year"] = 2017
    reminder_round = ReminderRound.objects.create(
        trigger=ReminderRound.Trigger.MANUAL, run_on=datetime.date(2017, 6, 1)
    )
    w["round"] = reminder_round.pk
    for key, state in (("a", state_a), ("b", state_b)):
        isu_invoice = Invoice.objects.get(state=state, kind=Invoice.Kind.ISU_CONTRIBUTION)
        un_invoice = Invoice.objects.get(state=state, kind=Invoice.Kind.UN_SERVICES)
        finance.payment_record(state=state, date=datetime.date(2017, 2, 1), amount=Decimal("1.00"), by=isu)
        credit_note = finance.credit_note_issue(invoice=un_invoice, reason="Wrong amount", by=isu)
        reminder = Reminder.objects.create(round=reminder_round, state=state, outstanding=isu_invoice.amount)
        w |= {
            f"invoice_{key}": isu_invoice.pk,
            f"credit_note_{key}": credit_note.pk,
            f"joint_letter_{key}": JointLetter.objects.filter(state=state).order_by("pk").first().pk,
            f"reminder_{key}": reminder.pk,
        }
    w["statement"] = finance.bank_statement_import(
        filename="bank.csv", text="date,amount,reference\n2017-03-01,10.00,Arcadia contribution\n", by=isu
    ).pk

    # Outreach: area X's campaign with a letter to each State; A's sent and answered; a follow-up.
    letter_template = LetterTemplate.objects.create(
        name="Xanadu letter", kind="letter", language="en", area=area_x,
        body="{{ address.salutation }}\n\nOn assistance in {{ state.name }}.",
    )  # fmt: skip
    w["paragraph_x"] = LetterTemplate.objects.create(
        name="Xanadu paragraph", kind="paragraph", area=area_x, language="en", body="About {{ state.name }}."
    ).pk
    campaign = outreach.campaign_create(
        by=users["coord_x"], recipients=[state_a, state_b], title="Xanadu campaign", term=term, area=area_x,
        consolidated=False, template=letter_template, signatory_name="Ms. Coordinator",
        signatory_title="Coordinator", period_start=datetime.date(2016, 12, 1),
    )  # fmt: skip
    outreach.campaign_generate(campaign=campaign, pdfs=False)
    letter_a = campaign.letters.get(state=state_a)
    outreach.letter_approve(letter=letter_a, by=users["coord_x"])
    outreach.letter_mark_sent(letter=letter_a, channel="hand", by=users["coord_x"])
    response = outreach.response_log(
        letter=letter_a, date=datetime.date.today(), channel="letter", summary="Thanks.",
        file=SimpleUploadedFile("answer.pdf", b"%PDF-1.4 answer"), by=users["coord_x"],
    )  # fmt: skip
    followup = outreach.followup_add(
        state=state_a, kind="demarche", planned_on=datetime.date.today(), by=users["coord_x"]
    )
    w |= {
        "campaign_x": campaign.pk,
        "letter_a": letter_a.pk,
        "letter_b": campaign.letters.get(state=state_b).pk,
        "response_a": response.pk,
        "followup_a": followup.pk,
    }
    return w, users


# --- the sweep ------------------------------------------------------------------------------

# Rows that reading and logging in touch by design (opening the two-factor setup page prepares an
# unconfirmed device for the person who opens it).
NOT_COUNTED = {
    "sessions.Session",
    "axes.AccessLog",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "otp_totp.TOTPDevice",
}


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.label not in NOT_COUNTED}


def _url(name: str, case: Case, world: dict) -> str:
    kwargs = {key: world.get(value, value) if isinstance(value, str) else value for key, value in case.kwargs.items()}
    return reverse(name, kwargs=kwargs)


def _login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return ""  # a file: only served to those allowed, which the status already tells
    return response.content.decode(errors="replace")


# What each role knows anyway (its own State's name is on every page it is shown): not a leak.
KNOWN = {"focal_a": {"Arcadia"}, "focal_b": {"Borduria"}, "coord_x": {"Carpathia"}, "coord_y": {"Elbonia"}}


def _leaks(response, texts, role) -> list[str]:
    body = _body(response)
    return [
        text for text in texts if text not in KNOWN.get(role, ()) and re.search(re.escape(text), body, re.IGNORECASE)
    ]


def _expected(role: str, case: Case, method: str) -> str:
    """'login', 'allowed', 403, 404, 405 or 'any' (a POST to a page that is not a change)."""
    if role == "anonymous" and not case.public:
        return "login"
    if method == "GET" and case.methods == POST:
        return 405 if role != "anonymous" else "any"
    if role not in case.see:
        return 404
    if method == "POST" and case.methods == GET:
        return "any"
    allowed = case.get if method == "GET" else case.post
    return "allowed" if role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
def test_every_url_for_every_role(role, django_capture_on_commit_callbacks):
    """One role per test, so that the processes of `make test` share the sweep."""
    world, users = build_world()
    client = Client()
    if role != "anonymous":
        client.force_login(users[role])
    before = _row_counts()
    wrong: list[str] = []
    tried = 0
    with django_capture_on_commit_callbacks(execute=False):
        for name, cases in sorted(TABLE.items()):
            for case in cases:
                url = _url(name, case, world)
                for method in ("GET", "POST"):
                    expected = _expected(role, case, method)
                    if method == "POST" and expected in ("allowed", "any"):
                        continue  # it would change the world (the app's own tests post it), or prove nothing
                    if name == "logout" or (name == "set_language" and method == "POST"):
                        continue  # would end or change the session the sweep goes on with
                    tried += 1
                    try:
                        response = client.get(url) if method == "GET" else client.post(url)
                    except Exception as error:  # noqa: BLE001 - a crash is a finding like any other
                        wrong.append(f"{role} {method} {url} ({name}): raised {error!r}")
                        continue
                    status = response.status_code
                    where = f"{role} {method} {url} ({name}) → {status}, expected {expected}"
                    if status >= 500:
                        wrong.append(where)
                    elif expected == "login":
                        if not _login_redirect(response):
                            wrong.append(where)
                    elif expected == "allowed":
                        if status not in case.allowed_status and not (200 <= status < 300):
                            wrong.append(where)
                    elif expected == "any":
                        pass
                    elif status != expected:
                        wrong.append(where)
                    refused = expected != "allowed" and expected != "any"
                    if refused and (leaked := _leaks(response, case.texts, role)):
                        wrong.append(f"{where}: the refusal names {leaked}")
                    if expected == "allowed" and (leaked := _leaks(response, case.hidden.get(role, ()), role)):
                        wrong.append(f"{where}: shows {leaked}")
    # Logging out is a POST for everybody (a GET is refused).
    if role != "anonymous":
        tried += 1
        if (status := client.get(reverse("logout")).status_code) != 405:
            wrong.append(f"{role} GET logout → {status}, expected 405")
    after = _row_counts()
    changed = {label: (before[label], after[label]) for label in before if before[label] != after[label]}
    print(
        f"\nisolation sweep ({role}): {len(TABLE)} URL names, {sum(map(len, TABLE.values()))} URLs,"
        f" {tried} URL × method tries"
    )
    assert wrong == [], "\n".join(wrong)
    assert changed == {}, f"refused requests changed rows: {changed}"
    assert tried > 200
