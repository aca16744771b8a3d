"""The agenda of a meeting: items and sub-items, numbered from their positions, and the
standard agenda proposed for a new meeting."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directory.models import Delegation, Mandate, ThematicArea

from ..models import ActionItem, AgendaItem, Decision, Meeting, MinutesItem, Statement


def agenda_renumber(*, meeting: Meeting) -> None:
    """Number the items 1, 2, … and their sub-items 5.1, 5.2, … from their positions."""
    items = list(meeting.agenda_items.all())
    top = sorted((i for i in items if i.parent_id is None), key=lambda i: (i.position, i.pk))
    children: dict[int, list[AgendaItem]] = {}
    for item in items:
        if item.parent_id:
            children.setdefault(item.parent_id, []).append(item)
    changed = []
    for n, item in enumerate(top, start=1):
        for new in [(item, n, str(n))] + [
            (child, m, f"{n}.{m}")
            for m, child in enumerate(sorted(children.get(item.pk, []), key=lambda i: (i.position, i.pk)), start=1)
        ]:
            obj, position, number = new
            if obj.position != position or obj.number != number:
                obj.position, obj.number = position, number
                changed.append(obj)
    AgendaItem.objects.bulk_update(changed, ["position", "number"])


def _check_agenda_editable(meeting: Meeting) -> None:
    minutes = meeting.current_minutes
    if minutes and minutes.is_frozen:
        raise ValidationError(_("The minutes of this meeting are approved: its agenda can no longer change."))


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    parent: AgendaItem | None = None,
    kind: str = AgendaItem.Kind.STANDARD,
    thematic_area: ThematicArea | None = None,
    presenters: Iterable[Delegation] = (),
    approves_minutes_of: Meeting | None = None,
) -> AgendaItem:
    """Append an item (or a sub-item under parent) at the end and renumber the agenda."""
    _check_agenda_editable(meeting)
    if not title.strip():
        raise ValidationError(_("An agenda item needs a title."))
    if parent is not None:
        if parent.meeting_id != meeting.pk:
            raise ValidationError(_("The parent item belongs to another meeting."))
        if parent.parent_id is not None:
            raise ValidationError(_("Sub-items cannot have sub-items of their own."))
    siblings = meeting.agenda_items.filter(parent=parent)
    last = max((s.position for s in siblings), default=0)
    item = AgendaItem.objects.create(
        meeting=meeting,
        parent=parent,
        position=last + 1,
        title=title.strip(),
        kind=kind,
        thematic_area=thematic_area,
        approves_minutes_of=approves_minutes_of,
    )
    item.presenters.set(presenters)
    minutes = meeting.current_minutes
    if minutes is not None:
        MinutesItem.objects.get_or_create(minutes=minutes, agenda_item=item)
    agenda_renumber(meeting=meeting)
    item.refresh_from_db()
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str) -> None:
    """Swap an item with its neighbour ('up' or 'down') among its siblings and renumber."""
    _check_agenda_editable(item.meeting)
    siblings = list(AgendaItem.objects.filter(meeting=item.meeting, parent=item.parent_id).order_by("position", "pk"))
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(siblings):
        raise ValidationError(_("That item cannot move further."))
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    AgendaItem.objects.bulk_update(siblings, ["position"])
    agenda_renumber(meeting=item.meeting)


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem) -> None:
    """Remove an item that holds no record yet (no statements, decisions, actions or text)."""
    _check_agenda_editable(item.meeting)
    ids = [item.pk, *item.children.values_list("pk", flat=True)]
    has_record = (
        Statement.objects.filter(agenda_item__in=ids).exists()
        or Decision.objects.filter(agenda_item__in=ids).exists()
        or ActionItem.objects.filter(agenda_item__in=ids).exists()
        or MinutesItem.objects.filter(agenda_item__in=ids).exclude(text="").exists()
    )
    if has_record:
        raise ValidationError(_("This item already has minutes, statements or action items; it cannot be removed."))
    meeting = item.meeting
    item.delete()
    agenda_renumber(meeting=meeting)


@transaction.atomic
def agenda_propose(*, meeting: Meeting) -> list[AgendaItem]:
    """Give an empty agenda the standing items: previous minutes, matters arising with the
    open action items, one sub-item per thematic area with its Coordinators, next meeting."""
    if meeting.agenda_items.exists():
        raise ValidationError(_("This meeting already has an agenda."))
    created = [agenda_item_add(meeting=meeting, title=_("Opening remarks"))]
    previous = meeting.previous()
    if previous is not None:
        created.append(
            agenda_item_add(
                meeting=meeting,
                title=_("Approval of the minutes of %(meeting)s") % {"meeting": previous.date.strftime("%-d %B %Y")},
                kind=AgendaItem.Kind.APPROVAL_OF_MINUTES,
                approves_minutes_of=previous,
            )
        )
    matters = agenda_item_add(meeting=meeting, title=_("Matters arising"), kind=AgendaItem.Kind.MATTERS_ARISING)
    created.append(matters)
    open_actions = ActionItem.objects.open().filter(meeting__date__lt=meeting.date).with_related()
    for action in open_actions:
        created.append(
            agenda_item_add(
                meeting=meeting,
                parent=matters,
                title=_("%(owner)s: %(text)s") % {"owner": action.owner_label, "text": action.text[:200]},
            )
        )
    if meeting.kind == Meeting.Kind.COORDINATION_COMMITTEE and meeting.term_id:
        areas = list(ThematicArea.objects.all())
        if areas:
            parent = agenda_item_add(meeting=meeting, title=_("Updates from the Coordinators"))
            created.append(parent)
            mandates = Mandate.objects.filter(term=meeting.term).select_related("state__delegation")
            by_area: dict[int, list] = {}
            for mandate in mandates:
                by_area.setdefault(mandate.area_id, []).append(mandate.state)
            for area in areas:
                states = by_area.get(area.pk, [])
                title = area.name + (f" ({' and '.join(s.name for s in states)})" if states else "")
                created.append(
                    agenda_item_add(
                        meeting=meeting,
                        parent=parent,
                        title=title,
                        thematic_area=area,
                        presenters=[s.delegation for s in states],
                    )
                )
    created.append(
        agenda_item_add(meeting=meeting, title=_("Date of the next meeting"), kind=AgendaItem.Kind.NEXT_MEETING)
    )
    return created
