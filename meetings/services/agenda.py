"""The agenda of a meeting: items and sub-items, numbered from their positions, and the
standard agenda proposed for a new meeting."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import Delegation, Mandate, Term, ThematicArea

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


TITLE_MAX = AgendaItem._meta.get_field("title").max_length


@transaction.atomic
def agenda_item_rename(*, item: AgendaItem, title: str) -> AgendaItem:
    """Give an item a new title; its number, kind, area and the minutes it approves stay."""
    _check_agenda_editable(item.meeting)
    title = " ".join(title.split())
    if not title:
        raise ValidationError(_("An agenda item needs a title."))
    if len(title) > TITLE_MAX:
        raise ValidationError(
            _("An agenda item's title has at most %(max)d characters (this one has %(count)d).")
            % {"max": TITLE_MAX, "count": len(title)}
        )
    item.title = title
    item.save(update_fields=["title"])
    return item


# --- the agenda proposed for a new meeting, by its kind ----------------------------------------
# The Committee's meetings are run, and their record kept, in English: what a proposed agenda
# stores (and the decision recorded when minutes are approved, services/minutes.py) is written in
# English whatever the language of the pages of the ISU member who asks for it.
MEETING_LANGUAGE = "en"


class AgendaTemplate(NamedTuple):
    name: str
    outline: str


COMMITTEE_TEMPLATE = AgendaTemplate(
    gettext_lazy("The Coordination Committee's agenda"),
    gettext_lazy(
        "Opening remarks, approval of the minutes of the previous Committee meeting, matters arising "
        "with the open action items, the Presidency's update, one item per thematic area with its "
        "Coordinators, any other business and the date of the next meeting."
    ),
)
COALITION_TEMPLATE = AgendaTemplate(
    gettext_lazy("A Country Coalition meeting's agenda"),
    gettext_lazy(
        "Opening, the needs and priorities of the State concerned, the partners' support, "
        "follow-up and next steps, and any other business."
    ),
)
WORKSHOP_TEMPLATE = AgendaTemplate(
    gettext_lazy("A workshop's agenda"),
    gettext_lazy("Opening, the subject of the workshop, conclusions and next steps, and any other business."),
)
SIMPLE_TEMPLATE = AgendaTemplate(
    gettext_lazy("A simple agenda"),
    gettext_lazy("Opening, the subject of the meeting and any other business."),
)


def agenda_template_for(meeting: Meeting) -> AgendaTemplate:
    """The agenda proposed for a meeting of this kind (named and outlined on the agenda page)."""
    return {
        Meeting.Kind.COORDINATION_COMMITTEE: COMMITTEE_TEMPLATE,
        Meeting.Kind.COUNTRY_COALITION: COALITION_TEMPLATE,
        Meeting.Kind.WORKSHOP: WORKSHOP_TEMPLATE,
    }.get(meeting.kind, SIMPLE_TEMPLATE)


def minutes_to_approve_at(meeting: Meeting) -> Meeting | None:
    """The meeting whose minutes come up for approval at this Committee meeting: the last
    Committee meeting held before it, unless its minutes are already approved (a held meeting
    whose minutes are not started yet still counts: they will be written before this one)."""
    previous = (
        Meeting.objects.filter(kind=Meeting.Kind.COORDINATION_COMMITTEE, status=Meeting.Status.HELD)
        .exclude(pk=meeting.pk)
        .before(meeting)
        .order_by("-date", "-start_time", "-pk")
        .first()
    )
    if previous is None:
        return None
    minutes = previous.current_minutes
    return None if minutes is not None and minutes.is_frozen else previous


def _propose_committee(meeting: Meeting) -> list[AgendaItem]:
    created = [agenda_item_add(meeting=meeting, title=_("Opening remarks"))]
    previous = minutes_to_approve_at(meeting)
    if previous is not None:
        created.append(
            agenda_item_add(
                meeting=meeting,
                title=_("Approval of the minutes of %(meeting)s") % {"meeting": date_format(previous.date, "j F Y")},
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
    term = meeting.term or Term.objects.current(on=meeting.date)
    if term is not None:
        delegation = Delegation.objects.filter(state=term.presidency_id).first()
        created.append(
            agenda_item_add(
                meeting=meeting,
                title=_("Updates from the %(term)s Presidency") % {"term": term.name},
                presenters=[delegation] if delegation else [],
            )
        )
    created += _area_items(meeting, term)
    created.append(agenda_item_add(meeting=meeting, title=_("Any other business")))
    created.append(
        agenda_item_add(meeting=meeting, title=_("Date of the next meeting"), kind=AgendaItem.Kind.NEXT_MEETING)
    )
    return created


def _area_items(meeting: Meeting, term: Term | None) -> list[AgendaItem]:
    """One sub-item per thematic area coordinated in the term (every area when the term has no
    mandates yet), in the areas' order, with its Coordinators as presenters."""
    mandates = list(Mandate.objects.filter(term=term).select_related("state__delegation")) if term else []
    by_area: dict[int, list] = {}
    for mandate in mandates:
        by_area.setdefault(mandate.area_id, []).append(mandate.state)
    areas = ThematicArea.objects.filter(pk__in=by_area) if by_area else ThematicArea.objects.all()
    areas = list(areas.order_by("order", "name"))
    if not areas:
        return []
    parent = agenda_item_add(meeting=meeting, title=_("Updates from the Coordinators"))
    created = [parent]
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
    return created


def _propose_simple(meeting: Meeting) -> list[AgendaItem]:
    """Opening, the subject (the meeting's title) and what fits the kind; no minutes to approve,
    no matters arising, no per-area items."""
    titles = [_("Opening"), meeting.title]
    if meeting.kind == Meeting.Kind.COUNTRY_COALITION:
        titles = [
            _("Opening"),
            _("Needs and priorities of the State concerned"),
            _("Support from partners"),
            _("Follow-up and next steps"),
        ]
    elif meeting.kind == Meeting.Kind.WORKSHOP:
        titles.append(_("Conclusions and next steps"))
    titles.append(_("Any other business"))
    return [agenda_item_add(meeting=meeting, title=title) for title in titles]


@transaction.atomic
def agenda_propose(*, meeting: Meeting) -> list[AgendaItem]:
    """Give an empty agenda the items of its kind (agenda_template_for): the Committee's standing
    items for a Coordination Committee meeting, a simpler one for the others. Titles are stored in
    the meeting's language, English; they can be renamed afterwards."""
    if meeting.agenda_items.exists():
        raise ValidationError(_("This meeting already has an agenda."))
    with translation.override(MEETING_LANGUAGE):
        if meeting.kind == Meeting.Kind.COORDINATION_COMMITTEE:
            return _propose_committee(meeting)
        return _propose_simple(meeting)
