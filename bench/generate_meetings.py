"""The benchmark world's meetings, minutes, statements, action items and summaries (mixed into Generator)."""

from __future__ import annotations

import datetime

from bench.world import BATCH, LEAK_MEETING_TITLE, MINUTES_MEETING_TITLE, SYLLABLES, TODAY, D, _bulk, _text  # noqa: F401  # noqa: F401


class MeetingSteps:
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
