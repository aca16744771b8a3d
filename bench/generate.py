"""A seeded generator of a portal with years of data, for the benchmark.

    python -m bench.generate --size large --database-url postgres://postgres@127.0.0.1:5432/ccm_bench

It migrates the database, loads the demo (users, groups, the register, the demo meetings), then
adds the volume with bulk_create: States, terms, mandates, plans, meetings with attendance,
minutes, statements, decisions, action items, published summaries, outreach letters with answers,
financial years with assessments, gapless invoices, joint letters and payments. The same seed and
size give the same data. Services are bypassed for speed (no history rows, no PDFs, no e-mail),
but every constraint of the models holds (invoice and letter numbers are gapless per year).
The "large" size is about fifteen years; "small" is about ten times smaller.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from dataclasses import dataclass
from decimal import Decimal

D = datetime.date
BATCH = 2000
# The last generated year ends before this date, so the "current" data looks like today's.
TODAY = D(2026, 11, 23)


@dataclass(frozen=True)
class Size:
    states: int
    terms: int
    meetings: int
    statements: int
    actions: int
    letters: int
    invoice_years: int
    summaries: int


SIZES = {
    # 15 years, 130 States, ~400 meetings, 40,000 statements, 3,000 action items, 8 areas x 15 terms
    # of plans, 6,000 letters, ~4,000 invoices (130 States x 2 kinds x 15 years + credit notes).
    "large": Size(states=130, terms=15, meetings=400, statements=40_000, actions=3_000, letters=6_000,
                  invoice_years=15, summaries=60),
    "small": Size(states=40, terms=3, meetings=40, statements=4_000, actions=300, letters=600,
                  invoice_years=5, summaries=6),
}  # fmt: skip

# The meeting whose minutes the benchmark opens, and the one whose summary it checks for leaks:
# found by these titles, the same shape in both sizes.
MINUTES_MEETING_TITLE = "Coordination Committee meeting (benchmark reference)"
LEAK_MEETING_TITLE = "Informal meeting with 200 statements (benchmark leak check)"
SYLLABLES = ["bar", "cor", "dal", "esta", "fen", "gor", "han", "ist", "jor", "kal", "lum", "mar", "nor", "ost",
             "pal", "quen", "ros", "sel", "tan", "ur", "val", "wen", "yar", "zem"]  # fmt: skip
WORDS = (
    "the coordinators welcomed progress on national plans and recalled the obligations under the convention "
    "states parties were encouraged to submit their transparency reports on time and to share information "
    "on clearance survey victim assistance stockpile destruction cooperation and the mobilisation of resources "
    "the committee took note of the update and agreed to follow up with the delegations concerned before the "
    "next meeting including bilateral meetings in geneva and letters to capitals"
).split()


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ccm_portal.settings")
    os.environ.pop("CELERY_BROKER_URL", None)  # PDFs of the demo render here, eagerly
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


class Generator:
    def __init__(self, size: Size, seed: int):
        self.size = size
        self.rng = random.Random(seed)

    # --- register ---------------------------------------------------------------------------
    def states(self):
        from directory.models import Convention, Delegation, Obligation, Person, State, TreatyStatus

        existing = list(State.objects.order_by("pk"))
        rng = self.rng
        new = []
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        for n in range(len(existing), max(len(existing), self.size.states)):
            stem = rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
            name = (stem + rng.choice(["ia", "land", "stan", "a", "o"])).title()
            name = f"{name} {n + 1:03d}"  # unique, and plainly made up
            new.append(
                State(
                    iso3="Q" + letters[n // 26] + letters[n % 26],
                    iso2="",
                    name=name,
                    official_name=f"Republic of {name}",
                    demonyms=f"{name.split()[0]}ian",
                    capital=f"{name.split()[0]} City",
                    has_geneva_mission=rng.random() < 0.8,
                )
            )
        new = _bulk(State, new)
        _bulk(Delegation, [Delegation(state=s, name=s.name) for s in new])
        ccm = Convention.objects.get(code="ccm")
        _bulk(
            TreatyStatus,
            [
                TreatyStatus(
                    state=s,
                    convention=ccm,
                    status=TreatyStatus.Status.PARTY,
                    signature=D(2008, 12, 3),
                    ratification=D(2009 + i % 12, 1 + i % 12, 1),
                    instrument=TreatyStatus.Instrument.RATIFICATION,
                    entry_into_force=D(2010 + i % 12, 1 + i % 12, 1),
                )
                for i, s in enumerate(new)
            ],
        )
        _bulk(
            Obligation,
            [
                Obligation(state=s, article=4, original_deadline=D(2020 + i % 12, 8, 1))
                for i, s in enumerate(new)
                if i % 5 == 0
            ],
        )
        self.all_states = existing + new
        delegations = {d.state_id: d for d in Delegation.objects.filter(state__isnull=False)}
        persons = []
        for s in self.all_states:
            for k in range(2):
                persons.append(
                    Person(
                        title=rng.choice(["Mr.", "Ms.", "Dr."]),
                        first_name=rng.choice(["Anna", "Marc", "Sara", "Ivan", "Leila", "Tom", "Ines", "Omar"]),
                        last_name=f"{rng.choice(SYLLABLES).title()}{rng.choice(SYLLABLES)}",
                        delegation=delegations[s.pk],
                        function="Delegate" if k else "Ambassador",
                        email=f"delegate{k}.{s.iso3.lower()}@example.org",
                    )
                )
        persons = _bulk(Person, persons)
        self.delegations = [delegations[s.pk] for s in self.all_states]
        self.persons_of = {}
        for p in persons:
            self.persons_of.setdefault(p.delegation_id, []).append(p)

    def terms(self):
        from directory.models import Mandate, Term, ThematicArea

        rng = self.rng
        first = TODAY.year - self.size.terms + 1
        have = {t.start.year: t for t in Term.objects.all()}
        new = [
            Term(name=f"{year - 2009}MSP", presidency=rng.choice(self.all_states), start=D(year, 9, 7))
            for year in range(first, TODAY.year + 1)
            if year not in have
        ]
        _bulk(Term, new)
        terms = sorted(Term.objects.filter(start__year__gte=first), key=lambda t: t.start)
        for this, following in zip(terms, terms[1:], strict=False):
            if this.end is None:
                Term.objects.filter(pk=this.pk).update(end=following.start - datetime.timedelta(days=1))
        self.terms_list = terms
        self.areas = list(ThematicArea.objects.order_by("order", "pk"))
        existing = set(Mandate.objects.values_list("area_id", "term_id"))
        mandates = []
        for term in terms:
            for area in self.areas:
                if (area.pk, term.pk) in existing:
                    continue
                for order, state in enumerate(rng.sample(self.all_states, 2)):
                    mandates.append(Mandate(area=area, term=term, state=state, order=order))
        _bulk(Mandate, mandates)

    # --- coordinators -----------------------------------------------------------------------
    def plans(self):
        from coordinators.models import ActionPlan, Activity, Output, ProgressUpdate, TargetState

        rng = self.rng
        existing = set(ActionPlan.objects.values_list("area_id", "term_id"))
        plans = [
            ActionPlan(
                area=area,
                term=term,
                title=f"{area.name} Action Plan {term.start.year}-{term.start.year + 1}",
                starts=term.start,
                is_public=rng.random() < 0.7,
            )
            for term in self.terms_list
            for area in self.areas
            if (area.pk, term.pk) not in existing
        ]
        plans = _bulk(ActionPlan, plans)
        outputs = []
        for plan in plans:
            for number in range(1, 7):
                target = rng.randint(3, 20)
                outputs.append(
                    Output(
                        plan=plan,
                        number=number,
                        text=_text(rng, 25),
                        indicator="States Parties approached",
                        baseline=Decimal(0),
                        target_value=Decimal(target),
                        unit="States Parties",
                        deadline=plan.starts + datetime.timedelta(days=rng.randint(120, 360)),
                        serves_action=f"Lausanne Action Plan, action {rng.randint(1, 9)}.{rng.randint(1, 9)}",
                    )
                )
        outputs = _bulk(Output, outputs)
        activities, progress = [], []
        for output in outputs:
            for _ in range(2):
                start = output.deadline - datetime.timedelta(days=rng.randint(60, 200))
                activities.append(
                    Activity(
                        output=output,
                        what=_text(rng, 12),
                        who=rng.choice(["The Coordinators", "The ISU", "The Presidency"]),
                        start=start,
                        end=start + datetime.timedelta(days=rng.randint(10, 90)),
                        status=Activity.Status.DONE if output.deadline < TODAY else Activity.Status.PLANNED,
                    )
                )
            for k in range(3):
                date = output.deadline - datetime.timedelta(days=100 - 30 * k)
                if date <= TODAY:
                    progress.append(
                        ProgressUpdate(
                            output=output,
                            date=date,
                            value=Decimal(min(int(output.target_value), rng.randint(0, int(output.target_value)))),
                            narrative=_text(rng, 15),
                        )
                    )
        _bulk(Activity, activities)
        _bulk(ProgressUpdate, progress)
        existing_targets = set(TargetState.objects.values_list("area_id", "term_id", "state_id"))
        targets = []
        for term in self.terms_list:
            for area in self.areas:
                for state in rng.sample(self.all_states, 5):
                    if (area.pk, term.pk, state.pk) not in existing_targets:
                        targets.append(TargetState(area=area, term=term, state=state, reason=TargetState.Reason.OTHER))
        _bulk(TargetState, targets)

    # --- meetings ---------------------------------------------------------------------------
    def meetings(self):
        from django.contrib.auth import get_user_model
        from django.db.models import Max

        from directory.models import Convention
        from meetings.models import (
            ActionItem,
            AgendaItem,
            Attendance,
            Decision,
            Meeting,
            Minutes,
            MinutesItem,
            Statement,
        )

        rng, size = self.rng, self.size
        isu = get_user_model().objects.get(username="isu")
        ccm = Convention.objects.get(code="ccm")
        highest = Meeting.objects.values("kind", "term").annotate(n=Max("number"))
        numbers = {(r["kind"], r["term"]): r["n"] or 0 for r in highest}
        per_term = size.meetings // len(self.terms_list)
        specs = []  # (term, kind, date, confidentiality, title)
        for term in self.terms_list:
            for k in range(per_term):
                if k == 0:
                    kind, conf = Meeting.Kind.MSP, Meeting.Confidentiality.OPEN
                elif k == 1:
                    kind, conf = Meeting.Kind.INTERSESSIONAL, Meeting.Confidentiality.OPEN
                elif k % 5 == 0:
                    kind, conf = Meeting.Kind.INFORMAL, Meeting.Confidentiality.CHATHAM_HOUSE
                else:
                    kind, conf = Meeting.Kind.COORDINATION_COMMITTEE, Meeting.Confidentiality.RESTRICTED
                date = term.start + datetime.timedelta(days=int(k * 360 / per_term) + 5)
                specs.append([term, kind, date, conf, None])
        # the two reference meetings: last held CC meeting and an informal meeting, both before TODAY
        # (made once: a second pass, as the query-count test makes, only adds volume)
        if not Meeting.objects.filter(title=MINUTES_MEETING_TITLE).exists():
            held_cc = [s for s in specs if s[1] == Meeting.Kind.COORDINATION_COMMITTEE and s[2] < TODAY]
            held_cc[-1][4] = MINUTES_MEETING_TITLE
            held_informal = [s for s in specs if s[1] == Meeting.Kind.INFORMAL and s[2] < TODAY]
            held_informal[-1][4] = LEAK_MEETING_TITLE
        meetings = []
        for term, kind, date, conf, title in specs:
            key = (kind, term.pk)
            numbers[key] = numbers.get(key, 0) + 1
            label = dict(Meeting.Kind.choices)[kind]
            meetings.append(
                Meeting(
                    kind=kind,
                    title=title or f"{label} {numbers[key]} ({term.name})",
                    term=term,
                    number=numbers[key],
                    date=date,
                    start_time=datetime.time(10, 0),
                    end_time=datetime.time(12, 0),
                    venue="Palais des Nations, Geneva" if kind != Meeting.Kind.COORDINATION_COMMITTEE else "ISU",
                    confidentiality=conf,
                    status=Meeting.Status.HELD if date < TODAY else Meeting.Status.PLANNED,
                    created_by=isu,
                )
            )
        meetings = _bulk(Meeting, meetings)
        Meeting.conventions.through.objects.bulk_create(
            [Meeting.conventions.through(meeting_id=m.pk, convention_id=ccm.pk) for m in meetings], batch_size=BATCH
        )
        self.meetings_list = meetings
        held = [m for m in meetings if m.status == Meeting.Status.HELD]

        # agenda: 8 items each, one per area
        agenda = []
        for m in meetings:
            titles = ["Attendance", "Approval of the minutes", *(a.name for a in self.areas[:5]), "Next meeting"]
            for pos, title in enumerate(titles, start=1):
                agenda.append(
                    AgendaItem(meeting=m, position=pos, number=str(pos), title=title,
                               kind=AgendaItem.Kind.ATTENDANCE if pos == 1 else AgendaItem.Kind.STANDARD,
                               thematic_area=self.areas[pos - 3] if 3 <= pos <= 7 else None)
                )  # fmt: skip
        agenda = _bulk(AgendaItem, agenda)
        items_of: dict[int, list] = {}
        for a in agenda:
            items_of.setdefault(a.meeting_id, []).append(a)

        # attendance: every State delegation at the formal meetings, a sample at the others
        attendance, present_of = [], {}
        for m in meetings:
            if m.kind in (Meeting.Kind.MSP, Meeting.Kind.INTERSESSIONAL):
                delegations = self.delegations
            else:
                delegations = rng.sample(self.delegations, min(len(self.delegations), 30))
            for order, d in enumerate(delegations):
                person = self.persons_of[d.pk][0]
                status = Attendance.Status.PRESENT if rng.random() < 0.9 else Attendance.Status.APOLOGIES
                attendance.append(Attendance(meeting=m, delegation=d, person=person, status=status, order=order))
                present_of.setdefault(m.pk, []).append(d)
        _bulk(Attendance, attendance)

        # minutes, approved, one text per agenda item
        minutes = _bulk(
            Minutes,
            [Minutes(meeting=m, version=1, status=Minutes.Status.APPROVED, approved_at=None) for m in held],
        )
        _bulk(
            MinutesItem,
            [
                MinutesItem(minutes=mi, agenda_item=a, text=_text(rng, 80))
                for mi in minutes
                for a in items_of[mi.meeting_id]
            ],
        )

        # statements: ~size.statements over the held meetings, 200 at the leak-check meeting
        leak = next((m for m in held if m.title == LEAK_MEETING_TITLE), None)
        reference = next((m for m in held if m.title == MINUTES_MEETING_TITLE), None)
        per_meeting = max(1, (size.statements - (200 if leak else 0)) // (len(held) - (1 if leak else 0)))
        statements = []
        for m in held:
            count = 200 if m == leak else (100 if m == reference else per_meeting)
            items = [a for a in items_of[m.pk] if a.position >= 3]
            speakers = present_of[m.pk]
            for n in range(count):
                d = speakers[n % len(speakers)] if m == leak else rng.choice(speakers)
                statements.append(
                    Statement(agenda_item=items[n % len(items)], delegation=d, speaker=self.persons_of[d.pk][0],
                              text=_text(rng, rng.randint(30, 90)), order=n)
                )  # fmt: skip
        _bulk(Statement, statements)

        _bulk(
            Decision,
            [Decision(meeting=m, agenda_item=items_of[m.pk][2], text=_text(rng, 20)) for m in held for _ in range(2)],
        )
        actions = []
        per_held = max(1, size.actions // len(held))
        for m in held:
            for n in range(per_held):
                due = m.date + datetime.timedelta(days=rng.randint(14, 120))
                status = ActionItem.Status.OPEN if due > TODAY - datetime.timedelta(days=60) else ActionItem.Status.DONE
                actions.append(
                    ActionItem(meeting=m, agenda_item=items_of[m.pk][3 + n % 4], text=_text(rng, 18),
                               owner_delegation=rng.choice(present_of[m.pk]), due_date=due, status=status)
                )  # fmt: skip
        _bulk(ActionItem, actions)
        self.held = held
        self.leak_meeting = leak

    def summaries(self):
        from meetings.models import MeetingParticipant, ParticipantCategory, PublicSummary, Statement, SummaryEntry

        rng = self.rng
        categories = ParticipantCategory.objects.by_code()
        informal = [m for m in self.held if m.confidentiality == "chatham"]
        chosen = informal[-self.size.summaries :]
        if self.leak_meeting is not None and self.leak_meeting not in chosen:
            chosen.append(self.leak_meeting)
        participants = []
        for m in chosen:
            for d in {s.delegation_id: s.delegation for s in Statement.objects.filter(agenda_item__meeting=m)
                      .select_related("delegation")}.values():  # fmt: skip
                code = rng.choice(["affected", "donor", "deadline"])
                participants.append(MeetingParticipant(meeting=m, delegation=d, category=categories[code],
                                                       proposed_category=categories[code], confirmed=True))  # fmt: skip
        _bulk(MeetingParticipant, participants)
        published = [m for m in chosen if m != self.leak_meeting]
        summaries = _bulk(
            PublicSummary,
            [
                PublicSummary(meeting=m, title=m.title, heading=f"10:00-12:00, {m.date:%A %-d %B %Y}, Geneva",
                              introduction=_text(rng, 30), key_points="- " + _text(rng, 20),
                              status=PublicSummary.Status.PUBLISHED,
                              published_at=datetime.datetime(m.date.year, m.date.month, m.date.day, 12,
                                                             tzinfo=datetime.UTC) + datetime.timedelta(days=30))
                for m in published
            ],
        )  # fmt: skip
        entries = []
        for summary in summaries:
            for n, s in enumerate(
                Statement.objects.filter(agenda_item__meeting=summary.meeting).select_related("agenda_item")
            ):
                entries.append(SummaryEntry(summary=summary, statement=s, section=str(s.agenda_item),
                                            letter=chr(97 + n % 26), speaker="A donor/partner State",
                                            text=s.text, order=n))  # fmt: skip
        _bulk(SummaryEntry, entries)

    # --- outreach ---------------------------------------------------------------------------
    def outreach(self):
        from django.contrib.auth import get_user_model

        from outreach.models import (
            Campaign,
            Contact,
            FollowUp,
            Letter,
            LetterTemplate,
            ReferenceCounter,
            Response,
        )

        rng, size = self.rng, self.size
        isu = get_user_model().objects.get(username="isu")
        _bulk(
            Contact,
            [
                Contact(state=s, kind=Contact.Kind.GENEVA_MISSION, name=f"Permanent Mission of {s.name} in Geneva",
                        addressee="H.E. the Ambassador", address="Geneva",
                        email=f"mission.{s.iso3.lower()}@example.org", is_primary=True)
                for s in self.all_states
            ],
        )  # fmt: skip
        template = LetterTemplate.objects.create(
            name="Benchmark letter", subject="Universalization of the Convention",
            body="Excellency,\n\nThe Coordinators write to {{ state.official_name }}.\n\nYours sincerely",
        )  # fmt: skip
        per_campaign = min(50, len(self.all_states))
        n_campaigns = max(1, size.letters // per_campaign)
        counters = dict(ReferenceCounter.objects.values_list("year", "last"))
        campaigns, letters_spec = [], []
        for c in range(n_campaigns):
            term = self.terms_list[c * len(self.terms_list) // n_campaigns]
            start = term.start + datetime.timedelta(days=rng.randint(10, 300))
            if start > TODAY - datetime.timedelta(days=10):
                start = TODAY - datetime.timedelta(days=10 + c % 30)
            area = self.areas[c % len(self.areas)]
            campaigns.append(
                Campaign(title=f"{area.name}: letters of {start:%B %Y}", term=term, area=area, template=template,
                         signatory_name="The Coordinators", period_start=start, selection="benchmark",
                         created_by=isu)
            )  # fmt: skip
            letters_spec.append((start, rng.sample(self.all_states, per_campaign)))
        campaigns = _bulk(Campaign, campaigns)
        letters = []
        for campaign, (start, states) in zip(campaigns, letters_spec, strict=True):
            for state in states:
                counters[start.year] = counters.get(start.year, 0) + 1
                sent = datetime.datetime(start.year, start.month, start.day, 9, tzinfo=datetime.UTC)
                answered = rng.random() < 0.4
                letters.append(
                    Letter(campaign=campaign, state=state, reference=f"CCM/ISU/{start.year}/{counters[start.year]:04d}",
                           status=Letter.Status.ANSWERED if answered else Letter.Status.SENT,
                           subject=template.subject, body=_text(rng, 60), addressee="H.E. the Ambassador",
                           owner=isu, generated_at=sent, approved_at=sent, sent_at=sent,
                           sent_channel=Letter.Channel.EMAIL, sent_to=f"mission.{state.iso3.lower()}@example.org")
                )  # fmt: skip
        letters = _bulk(Letter, letters)
        for year, last in counters.items():
            ReferenceCounter.objects.update_or_create(year=year, defaults={"last": last})
        _bulk(
            Response,
            [
                Response(letter=letter, date=letter.sent_at.date() + datetime.timedelta(days=rng.randint(5, 60)),
                         channel=Response.Channel.NOTE_VERBALE, summary=_text(rng, 20), logged_by=isu)
                for letter in letters
                if letter.status == Letter.Status.ANSWERED
            ],
        )  # fmt: skip
        followups = []
        for letter in letters[:: max(1, len(letters) // (len(letters) // 6 or 1))]:
            planned = letter.sent_at.date() + datetime.timedelta(days=30)
            followups.append(
                FollowUp(state=letter.state, letter=letter, kind=rng.choice(["follow_up", "bilateral", "demarche"]),
                         planned_on=planned, done_on=planned if planned < TODAY else None, place="Geneva",
                         who="The ISU", owner=isu)
            )  # fmt: skip
        _bulk(FollowUp, followups)

    # --- finance ----------------------------------------------------------------------------
    def finance(self):
        from django.contrib.auth import get_user_model

        from finance.models import (
            Assessment,
            FinancialYear,
            Invoice,
            InvoiceLine,
            InvoiceSequence,
            JointLetter,
            Payment,
            PaymentAllocation,
            ScalePeriod,
            ScaleRate,
        )
        from meetings.models import Meeting

        rng, size = self.rng, self.size
        isu = get_user_model().objects.get(username="isu")
        have = set(FinancialYear.objects.values_list("year", flat=True))
        years = [y for y in range(TODAY.year - size.invoice_years + 1, TODAY.year + 1) if y not in have]
        rates = {s.pk: Decimal(rng.randint(1, 5000)) / Decimal(1000) for s in self.all_states}
        total_rate = sum(rates.values())
        periods = {}
        for y in years:
            first = y - (y - 2010) % 3
            name = f"{first}-{first + 2}"
            if name not in periods:
                period, created = ScalePeriod.objects.get_or_create(name=name, defaults={"source": "benchmark"})
                if created:
                    _bulk(ScaleRate, [ScaleRate(period=period, iso3=s.iso3, rate_percent=rates[s.pk])
                                      for s in self.all_states])  # fmt: skip
                periods[name] = period
        msp = {m.date.year: m for m in Meeting.objects.filter(kind=Meeting.Kind.MSP)}
        sequences = dict(InvoiceSequence.objects.values_list("year", "last_number"))
        invoices, lines, letters, assessments, participants = [], [], [], [], []
        fyears = []
        for y in years:
            first = y - (y - 2010) % 3
            fyears.append(
                FinancialYear(year=y, isu_budget=Decimal(1_200_000), scale_period=periods[f"{first}-{first + 2}"],
                              meeting=msp.get(y), meeting_cost=Decimal(350_000),
                              assessed_at=datetime.datetime(y, 1, 10, tzinfo=datetime.UTC),
                              invoices_issued_at=datetime.datetime(y, 1, 15, tzinfo=datetime.UTC))
            )  # fmt: skip
        fyears = _bulk(FinancialYear, fyears)
        for fy in fyears:
            issue = D(fy.year, 1, 15)
            due = (fy.meeting.date - datetime.timedelta(days=90)) if fy.meeting else D(fy.year, 3, 31)
            for s in self.all_states:
                share = (Decimal(1_200_000) * rates[s.pk] / total_rate).quantize(Decimal("0.01"))
                un = (Decimal(350_000) * rates[s.pk] / total_rate).quantize(Decimal("0.01"))
                assessments.append(Assessment(financial_year=fy, state=s, un_rate=rates[s.pk], is_participant=True,
                                              share60=share, share40=Decimal(0), un_cost=un))  # fmt: skip
                participants.append(FinancialYear.participants.through(financialyear_id=fy.pk, state_id=s.pk))
                pair = []
                for kind, amount in ((Invoice.Kind.ISU_CONTRIBUTION, share), (Invoice.Kind.UN_SERVICES, un)):
                    sequences[fy.year] = sequences.get(fy.year, 0) + 1
                    pair.append(Invoice(financial_year=fy, year=fy.year, number=sequences[fy.year], kind=kind, state=s,
                                        amount=amount, issue_date=issue, due_date=due, issued_by=isu))  # fmt: skip
                invoices.extend(pair)
        _bulk(Assessment, assessments)
        FinancialYear.participants.through.objects.bulk_create(participants, batch_size=BATCH)
        invoices = _bulk(Invoice, invoices)
        for i in invoices:
            lines.append(InvoiceLine(invoice=i, position=1, description=i.get_kind_display(), amount=i.amount))
        _bulk(InvoiceLine, lines)
        for isu_invoice, un_invoice in zip(invoices[::2], invoices[1::2], strict=True):
            letters.append(JointLetter(financial_year=isu_invoice.financial_year, state=isu_invoice.state,
                                       isu_invoice=isu_invoice, un_invoice=un_invoice))  # fmt: skip
        _bulk(JointLetter, letters)
        # credit notes: one invoice in forty is cancelled by a credit note (numbered after the rest)
        credits = []
        for i in invoices[::40]:
            sequences[i.year] = sequences.get(i.year, 0) + 1
            credits.append(Invoice(financial_year=i.financial_year, year=i.year, number=sequences[i.year],
                                   kind=Invoice.Kind.CREDIT_NOTE, state=i.state, amount=-i.amount,
                                   issue_date=i.issue_date + datetime.timedelta(days=20), due_date=i.due_date,
                                   credit_note_for=i, reason="Issued in error (benchmark)", issued_by=isu))  # fmt: skip
        _bulk(Invoice, credits)
        for year, last in sequences.items():
            InvoiceSequence.objects.update_or_create(year=year, defaults={"last_number": last})
        # payments: most States pay both invoices of a year in one transfer; some are in arrears
        cancelled = {c.credit_note_for_id for c in credits}
        payments, allocations = [], []
        for isu_invoice, un_invoice in zip(invoices[::2], invoices[1::2], strict=True):
            if rng.random() < (0.6 if isu_invoice.year == TODAY.year else 0.9):
                pay = [i for i in (isu_invoice, un_invoice) if i.pk not in cancelled and i.amount > 0]
                if not pay:
                    continue
                payments.append(Payment(state=isu_invoice.state, date=isu_invoice.issue_date + datetime.timedelta(
                    days=rng.randint(20, 200)), amount=sum(i.amount for i in pay), reference=f"TRF {isu_invoice.pk}",
                    recorded_by=isu))  # fmt: skip
                allocations.append(pay)
        payments = _bulk(Payment, payments)
        _bulk(
            PaymentAllocation,
            [PaymentAllocation(payment=p, invoice=i, amount=i.amount) for p, pay in zip(payments, allocations,
                                                                                     strict=True) for i in pay],
        )  # fmt: skip


def generate(size_name: str, seed: int = 20261123) -> dict:
    from django.db import transaction

    from demo import coordinators as coordinators_demo
    from demo import finance as finance_demo
    from demo.meetings import load_demo
    from meetings.models import Meeting

    size = SIZES[size_name]
    timings = {}
    with transaction.atomic():
        if Meeting.objects.filter(title=MINUTES_MEETING_TITLE).exists():
            raise SystemExit("This database already holds benchmark data: drop it first.")
        started = time.monotonic()
        load_demo()
        coordinators_demo.build()
        finance_demo.build()
        timings["demo"] = time.monotonic() - started
        generator = Generator(size, seed)
        for step in ("states", "terms", "plans", "meetings", "summaries", "outreach", "finance"):
            started = time.monotonic()
            getattr(generator, step)()
            timings[step] = round(time.monotonic() - started, 2)
            print(f"  {step}: {timings[step]:.1f} s", flush=True)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a real database
    return timings


def counts() -> dict[str, int]:
    from coordinators.models import ActionPlan
    from directory.models import State, Term
    from finance.models import Invoice, Payment
    from meetings.models import ActionItem, Attendance, Meeting, PublicSummary, Statement
    from outreach.models import Letter

    models = [State, Term, ActionPlan, Meeting, Attendance, Statement, ActionItem, PublicSummary, Letter, Invoice,
              Payment]  # fmt: skip
    return {m._meta.verbose_name_plural.lower(): m.objects.count() for m in models}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args(argv)
    _setup(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"Generating the {args.size} portal in {args.database_url} ...", flush=True)
    generate(args.size, args.seed)
    print(", ".join(f"{n} {name}" for name, n in counts().items()))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.exit(main())
