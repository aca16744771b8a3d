"""The reads of the meeting pages: the list with each meeting's minutes status, the agenda as a
tree, the attendance grouped by delegation, and the roster the attendance form starts from."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from directory.models import Person

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
    for attendance in meeting.attendances.select_related("delegation", "person").order_by("order", "pk"):
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
    """A delegation that answered the invitation and has no attendance row yet gets a
    whole-delegation line with the status of its answer (the ISU then names the people)."""
    recorded = set(meeting.attendances.values_list("delegation", flat=True))
    for rsvp in meeting.rsvps.exclude(delegation__in=recorded).order_by("delegation__name"):
        line = {"delegation": rsvp.delegation_id, "person": None, "status": RSVP_STATUS[rsvp.answer]}
        rows.setdefault(rsvp.delegation_id, []).insert(0, line)


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
