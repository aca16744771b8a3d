"""The reads of the meeting pages: the list with each meeting's minutes status, the agenda as a
tree, the attendance grouped by delegation, the roster the attendance form starts from, and the
lines the Committee's members add to it."""

from __future__ import annotations

import re

from django.db.models import OuterRef, QuerySet, Subquery
from rapidfuzz import fuzz, process

from directory.models import Delegation, Person, Term, normalise_name

from ..models import RSVP, ActionItem, AgendaItem, Attendance, Meeting, Minutes


def minutes_status_subquery() -> Subquery:
    """The status of a meeting's latest minutes, for annotating a list of meetings."""
    latest = Minutes.objects.filter(meeting=OuterRef("pk")).order_by("-version")
    return Subquery(latest.values("status")[:1])


def meeting_list_for(user) -> QuerySet[Meeting]:
    """The meetings this user sees, each with `minutes_status` (its latest minutes' status)."""
    return Meeting.objects.visible_to(user).select_related("term").annotate(minutes_status=minutes_status_subquery())


def action_list_for(user) -> QuerySet[ActionItem]:
    """The action items this user sees, with their meeting, item and owner."""
    return ActionItem.objects.visible_to(user).with_related()


def agenda_tree(items) -> list[tuple[AgendaItem, list[AgendaItem]]]:
    """[(item, [sub-items])] in agenda order, from a flat list of one meeting's items."""
    children: dict[int, list[AgendaItem]] = {}
    top = []
    for item in items:
        if item.parent_id:
            children.setdefault(item.parent_id, []).append(item)
        else:
            top.append(item)
    order = lambda i: (i.position, i.pk)  # noqa: E731
    return [(item, sorted(children.get(item.pk, []), key=order)) for item in sorted(top, key=order)]


def meeting_agenda(meeting: Meeting) -> list[tuple[AgendaItem, list[AgendaItem]]]:
    """The meeting's agenda as a tree, with each item's thematic area and presenters."""
    return agenda_tree(meeting.agenda_items.select_related("thematic_area").prefetch_related("presenters"))


def attendance_by_delegation(meeting: Meeting):
    """[(delegation, [attendances])] in the order the minutes list them."""
    groups: dict[int, tuple] = {}
    attendances = meeting.attendances.select_related("delegation", "person", "on_behalf_of_delegation")
    for attendance in attendances.order_by("order", "pk"):
        groups.setdefault(attendance.delegation_id, (attendance.delegation, []))[1].append(attendance)
    return list(groups.values())


def attendance_roster(meeting: Meeting) -> list[dict]:
    """Initial rows: the attendance recorded so far, each delegation followed by its other people
    (unticked). A meeting with no attendance yet starts from the previous meeting's delegations."""
    rows: dict[int, list[dict]] = {}
    for a in meeting.attendances.order_by("order", "pk"):
        rows.setdefault(a.delegation_id, []).append(
            {
                "delegation": a.delegation_id,
                "person": a.person_id,
                "status": a.status,
                "capacity": a.capacity,
                "on_behalf_of": a.on_behalf_of,
                "on_behalf_of_delegation": a.on_behalf_of_delegation_id,
                "is_guest": a.is_guest,
            }
        )
    if not rows:
        previous = meeting.previous()
        if previous is not None:
            for delegation_id in previous.attendances.order_by("order", "pk").values_list("delegation", flat=True):
                rows.setdefault(delegation_id, [])
    _with_rsvps(meeting, rows)
    listed = {r["person"] for group in rows.values() for r in group if r["person"]}
    for person in Person.objects.filter(delegation__in=rows.keys()).exclude(pk__in=listed):
        rows[person.delegation_id].append({"delegation": person.delegation_id, "person": person.pk, "status": ""})
    return [row for group in rows.values() for row in group]


RSVP_STATUS = {
    RSVP.Answer.ATTENDING: Attendance.Status.PRESENT,
    RSVP.Answer.REMOTE: Attendance.Status.REMOTE,
    RSVP.Answer.APOLOGIES: Attendance.Status.APOLOGIES,
}


def _with_rsvps(meeting: Meeting, rows: dict[int, list[dict]]) -> None:
    """A delegation that answered the invitation and has no attendance row yet gets a line per
    person its answer names who is in the register (the name as written, or within rapidfuzz's
    token_sort_ratio 90 of it: "Ms. Bela Brant" is Bela Brandt), with the status of its answer;
    a delegation whose answer names nobody known gets a whole-delegation line."""
    recorded = set(meeting.attendances.values_list("delegation", flat=True))
    rsvps = meeting.rsvps.exclude(delegation__in=recorded).order_by("-delegation__name")
    for rsvp in rsvps.prefetch_related("delegation__people"):
        status = RSVP_STATUS[rsvp.answer]
        people = rsvp_people(rsvp.names, list(rsvp.delegation.people.all()))
        lines = [{"delegation": rsvp.delegation_id, "person": p.pk, "status": status} for p in people] or [
            {"delegation": rsvp.delegation_id, "person": None, "status": status}
        ]
        rows.setdefault(rsvp.delegation_id, [])[:0] = lines


HONORIFICS = re.compile(r"^(?:(?:h\.?\s?e\.?|mr|mrs|ms|miss|dr|prof|amb|ambassador|minister|sir|dame)\.?\s+)+", re.I)


def rsvp_people(names: str, people: list[Person]) -> list[Person]:
    """The register's people of a delegation named in an answer, one name a line, in its order."""
    keys = {p.pk: normalise_name(f"{p.first_name} {p.last_name}") for p in people}
    found: list[Person] = []
    for line in names.splitlines():
        name = normalise_name(HONORIFICS.sub("", line.strip()))
        match = name and process.extractOne(name, keys, scorer=fuzz.token_sort_ratio, score_cutoff=90)
        person = match and next(p for p in people if p.pk == match[2])
        if person and person not in found:
            found.append(person)
    return found


def with_people_of(delegation, rows: list[dict]) -> list[dict]:
    """The rows, plus every person of this delegation not on them yet, marked present."""
    listed = {r.get("person") for r in rows}
    added = [
        {"delegation": delegation.pk, "person": p.pk, "status": Attendance.Status.PRESENT}
        for p in delegation.people.all()
        if p.pk not in listed
    ]
    if not added and not any(r.get("delegation") == delegation.pk for r in rows):
        added = [{"delegation": delegation.pk, "person": None, "status": Attendance.Status.PRESENT}]
    return rows + added


def committee_delegations(term: Term) -> list[Delegation]:
    """The Coordination Committee of a term: the Presidency, then the Coordinators in the order of
    their areas (a State coordinating two areas once)."""
    mandates = term.mandates.order_by("area__order", "area__name", "order").values_list("state", flat=True)
    states = list(dict.fromkeys([term.presidency_id, *mandates]))
    by_state = {d.state_id: d for d in Delegation.objects.filter(state__in=states).prefetch_related("people")}
    return [by_state[state] for state in states if state in by_state]


def with_committee_members(term: Term, rows: list[dict]) -> list[dict]:
    """The rows, plus for each delegation of the term's Committee its people from the register not
    on them yet (unticked, for the ISU to mark), after that delegation's lines; a delegation the
    register knows nobody of gets a line of its own unless it has one. The lines already there
    (the invitation's answers among them) stay as they are, so pressing twice adds nothing."""
    rows = list(rows)
    listed = {r.get("person") for r in rows if r.get("person")}
    for delegation in committee_delegations(term):
        added = [
            {"delegation": delegation.pk, "person": p.pk, "status": ""}
            for p in delegation.people.all()
            if p.pk not in listed
        ]
        own = [n for n, r in enumerate(rows) if r.get("delegation") == delegation.pk]
        if not added and not own:
            added = [{"delegation": delegation.pk, "person": None, "status": ""}]
        at = own[-1] + 1 if own else len(rows)
        rows[at:at] = added
    return rows
