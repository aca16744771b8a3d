"""The write operations on meetings, each one transaction that checks its rules.

Views call these; nothing else writes meetings, agendas, attendance or minutes.
A refusal is a ValidationError whose message is shown to the user as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Delegation, Mandate, Person, ThematicArea
from outbox import services as outbox

from .documents import minutes_pdf_request
from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Minutes,
    MinutesComment,
    MinutesItem,
    Statement,
)
from .tasks import send_circulation_notice


class EditConflict(ValidationError):
    """Somebody else saved the same record since this user opened it."""


# --- agenda -----------------------------------------------------------------------------


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


# --- attendance ---------------------------------------------------------------------------


@dataclass
class AttendanceRow:
    delegation: Delegation
    status: str
    person: Person | None = None
    capacity: str = ""
    on_behalf_of: str = ""
    is_guest: bool = False


@transaction.atomic
def attendance_record(*, meeting: Meeting, rows: Iterable[AttendanceRow]) -> list[Attendance]:
    """Replace the whole attendance of a meeting with these rows, in this order."""
    rows = list(rows)
    seen_people: set[int] = set()
    seen_delegations: set[int] = set()
    for row in rows:
        if row.status not in Attendance.Status.values:
            raise ValidationError(_("Unknown attendance status: %(status)s") % {"status": row.status})
        if row.person is not None:
            if row.person.pk in seen_people:
                raise ValidationError(_("%(person)s is listed twice.") % {"person": row.person})
            seen_people.add(row.person.pk)
        else:
            if row.delegation.pk in seen_delegations:
                raise ValidationError(_("%(delegation)s is listed twice.") % {"delegation": row.delegation})
            seen_delegations.add(row.delegation.pk)
    meeting.attendances.all().delete()
    return Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            delegation=row.delegation,
            person=row.person,
            status=row.status,
            capacity=row.capacity,
            on_behalf_of=row.on_behalf_of,
            is_guest=row.is_guest,
            order=n,
        )
        for n, row in enumerate(rows)
    )


# --- minutes -------------------------------------------------------------------------------


@transaction.atomic
def minutes_start(*, meeting: Meeting) -> Minutes:
    """Open the draft minutes of a meeting, with one text per agenda item."""
    minutes = meeting.current_minutes
    if minutes is None:
        minutes = Minutes.objects.create(meeting=meeting, version=1)
    for item in meeting.agenda_items.all():
        MinutesItem.objects.get_or_create(minutes=minutes, agenda_item=item)
    return minutes


def _check_minutes_editable(minutes: Minutes) -> None:
    if minutes.is_frozen:
        raise ValidationError(_("Approved minutes are frozen: make a correction instead."))


def _save_versioned(model, *, pk: int, expected_version: int, **values) -> None:
    """Write only if nobody saved since expected_version was read (optimistic locking)."""
    updated = model.objects.filter(pk=pk, lock_version=expected_version).update(
        lock_version=F("lock_version") + 1, **values
    )
    if not updated:
        raise EditConflict(
            _("Somebody else saved this in the meantime. Your text was not saved; reload to see their changes.")
        )


@transaction.atomic
def minutes_item_update(*, item: MinutesItem, text: str, expected_version: int, by: AbstractBaseUser) -> MinutesItem:
    """Save the text of one agenda item's minutes, refusing to overwrite a newer save."""
    item = MinutesItem.objects.select_related("minutes").select_for_update().get(pk=item.pk)
    _check_minutes_editable(item.minutes)
    if item.text == text:
        return item
    item.text = text
    item.updated_by = by
    item._history_user = by
    _save_versioned(MinutesItem, pk=item.pk, expected_version=expected_version, text=text)
    item.lock_version = expected_version + 1
    # the history row records the new text and who wrote it
    item.save(update_fields=["updated_by", "updated_at"])
    if item.minutes.status == Minutes.Status.CIRCULATED:
        minutes_pdf_request(item.minutes)  # members' file follows the text they comment on
    return item


@transaction.atomic
def minutes_update(
    *, minutes: Minutes, documents_distributed: str, expected_version: int, by: AbstractBaseUser
) -> Minutes:
    """Save the minutes-wide fields (the documents distributed)."""
    _check_minutes_editable(minutes)
    _save_versioned(
        Minutes, pk=minutes.pk, expected_version=expected_version, documents_distributed=documents_distributed
    )
    minutes.refresh_from_db()
    minutes._history_user = by
    minutes.save()
    return minutes


@transaction.atomic
def minutes_circulate(*, minutes: Minutes, comment_deadline: date, by: AbstractBaseUser) -> Minutes:
    """Circulate draft minutes to the Committee for comments until the deadline."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.status != Minutes.Status.DRAFT:
        raise ValidationError(_("Only draft minutes can be circulated."))
    if minutes.meeting.status != Meeting.Status.HELD:
        raise ValidationError(_("Minutes can be circulated only once the meeting has been held."))
    if comment_deadline < timezone.localdate():
        raise ValidationError(_("The comment deadline cannot be in the past."))
    if not minutes.items.exclude(text="").exists():
        raise ValidationError(_("The minutes are empty: write at least one item before circulating them."))
    minutes.status = Minutes.Status.CIRCULATED
    minutes.comment_deadline = comment_deadline
    minutes.circulated_at = timezone.now()
    minutes.circulated_by = by
    minutes._history_user = by
    minutes.save()
    minutes_pdf_request(minutes)  # the circulated text's own file; the draft's stays the ISU's
    outbox.enqueue(send_circulation_notice, minutes.pk)
    return minutes


@transaction.atomic
def minutes_comment_add(*, item: MinutesItem, author: AbstractBaseUser, text: str) -> MinutesComment:
    """A Committee member comments on one item of circulated minutes."""
    status = Minutes.objects.filter(pk=item.minutes_id).values_list("status", flat=True).get()
    if status != Minutes.Status.CIRCULATED:
        raise ValidationError(_("Comments are taken only while the minutes are circulated."))
    if not text.strip():
        raise ValidationError(_("A comment cannot be empty."))
    return MinutesComment.objects.create(item=item, author=author, text=text.strip())


@transaction.atomic
def minutes_comment_settle(
    *, comment: MinutesComment, resolution: str, reason: str = "", by: AbstractBaseUser
) -> MinutesComment:
    """The ISU takes a comment in, or declines it with a reason."""
    comment = MinutesComment.objects.select_for_update().select_related("item__minutes").get(pk=comment.pk)
    if comment.item.minutes.is_frozen:
        raise ValidationError(_("These minutes are approved; their comments are closed."))
    if resolution not in (MinutesComment.Resolution.TAKEN_IN, MinutesComment.Resolution.DECLINED):
        raise ValidationError(_("A comment is settled by taking it in or declining it."))
    if resolution == MinutesComment.Resolution.DECLINED and not reason.strip():
        raise ValidationError(_("Say why the comment is declined."))
    comment.resolution = resolution
    comment.resolution_reason = reason.strip()
    comment.resolved_by = by
    comment.resolved_at = timezone.now()
    comment._history_user = by
    comment.save()
    return comment


@transaction.atomic
def minutes_approve(*, minutes: Minutes, at_meeting: Meeting, by: AbstractBaseUser) -> Minutes:
    """Approve circulated minutes as a correct record at a later meeting, and freeze them."""
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if minutes.status != Minutes.Status.CIRCULATED:
        raise ValidationError(_("Only circulated minutes can be approved."))
    if at_meeting.pk == minutes.meeting_id or at_meeting.date <= minutes.meeting.date:
        raise ValidationError(_("Minutes are approved at a later meeting."))
    if at_meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("A cancelled meeting cannot approve minutes."))
    pending = minutes.pending_comments().count()
    if pending:
        raise ValidationError(
            _("%(count)d comment(s) are not settled yet: take each in or decline it before approval.")
            % {"count": pending}
        )
    Minutes.objects.filter(meeting=minutes.meeting, status=Minutes.Status.APPROVED).exclude(pk=minutes.pk).update(
        status=Minutes.Status.SUPERSEDED
    )
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at_meeting = at_meeting
    minutes.approved_at = timezone.now()
    minutes.approved_by = by
    minutes._history_user = by
    minutes.save()
    minutes_pdf_request(minutes)  # frozen with its hash; rendered after commit
    return minutes


@transaction.atomic
def minutes_correct(*, minutes: Minutes, reason: str, by: AbstractBaseUser) -> Minutes:
    """Open a corrected version of approved minutes: a new draft, with its reason."""
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.status != Minutes.Status.APPROVED:
        raise ValidationError(_("Only approved minutes are corrected; edit a draft directly."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the correction."))
    if Minutes.objects.filter(meeting=minutes.meeting, version__gt=minutes.version).exists():
        raise ValidationError(_("A correction of these minutes is already open."))
    new = Minutes.objects.create(
        meeting=minutes.meeting,
        version=minutes.version + 1,
        correction_reason=reason.strip(),
        documents_distributed=minutes.documents_distributed,
    )
    MinutesItem.objects.bulk_create(
        MinutesItem(minutes=new, agenda_item_id=item.agenda_item_id, text=item.text, updated_by=by)
        for item in minutes.items.all()
    )
    return new


# --- statements, decisions, action items -------------------------------------------------


def _check_record_open(meeting: Meeting) -> None:
    minutes = meeting.current_minutes
    if minutes is not None and minutes.is_frozen:
        raise ValidationError(_("The minutes of this meeting are approved: the record is frozen."))


@transaction.atomic
def statement_add(
    *,
    agenda_item: AgendaItem,
    text: str,
    delegation: Delegation | None = None,
    speaker: Person | None = None,
    on_behalf_of: str = "",
    anonymous_category: str = "",
) -> Statement:
    """Record what a delegation said (or an anonymised speaker's category) under an item."""
    _check_record_open(agenda_item.meeting)
    if not text.strip():
        raise ValidationError(_("A statement needs its text."))
    if delegation is None and not anonymous_category.strip():
        raise ValidationError(_("Say which delegation spoke, or the category of an anonymised speaker."))
    order = agenda_item.statements.count() + 1
    return Statement.objects.create(
        agenda_item=agenda_item,
        text=text.strip(),
        delegation=delegation,
        speaker=speaker,
        on_behalf_of=on_behalf_of.strip(),
        anonymous_category=anonymous_category.strip(),
        order=order,
    )


@transaction.atomic
def statement_delete(*, statement: Statement) -> None:
    _check_record_open(statement.agenda_item.meeting)
    statement.delete()


@transaction.atomic
def decision_add(*, meeting: Meeting, text: str, agenda_item: AgendaItem | None = None) -> Decision:
    _check_record_open(meeting)
    if not text.strip():
        raise ValidationError(_("A decision needs its text."))
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("That agenda item belongs to another meeting."))
    return Decision.objects.create(meeting=meeting, agenda_item=agenda_item, text=text.strip())


@transaction.atomic
def action_item_create(
    *,
    meeting: Meeting,
    text: str,
    owner_delegation: Delegation | None = None,
    owner_person: Person | None = None,
    due_date: date | None = None,
    agenda_item: AgendaItem | None = None,
    by: AbstractBaseUser | None = None,
) -> ActionItem:
    """Capture a commitment made at a meeting, with its owner and due date."""
    if not text.strip():
        raise ValidationError(_("An action item needs its text."))
    if owner_delegation is None and owner_person is None:
        raise ValidationError(_("An action item needs an owner: a delegation or a person."))
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError(_("That agenda item belongs to another meeting."))
    action = ActionItem(
        meeting=meeting,
        agenda_item=agenda_item,
        text=text.strip(),
        owner_delegation=owner_delegation,
        owner_person=owner_person,
        due_date=due_date,
    )
    action._history_user = by
    action.save()
    return action


@transaction.atomic
def action_item_update(*, action: ActionItem, expected_version: int, by: AbstractBaseUser, **changes) -> ActionItem:
    """Change an action item (text, owner, due date, status), refusing to overwrite a newer save."""
    allowed = {"text", "owner_delegation", "owner_person", "due_date", "status", "agenda_item"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    if "status" in changes and changes["status"] not in ActionItem.Status.values:
        raise ValidationError(_("Unknown status."))
    merged = {**{f: getattr(action, f) for f in ("owner_delegation", "owner_person")}, **changes}
    if merged["owner_delegation"] is None and merged["owner_person"] is None:
        raise ValidationError(_("An action item needs an owner: a delegation or a person."))
    if "text" in changes and not changes["text"].strip():
        raise ValidationError(_("An action item needs its text."))
    _save_versioned(ActionItem, pk=action.pk, expected_version=expected_version, **changes)
    action.refresh_from_db()
    action._history_user = by
    action.save()  # one history row for the change, with its author
    return action
