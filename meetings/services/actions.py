"""Action items: captured at a meeting with an owner and a due date, then updated until done
or dropped."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directory.models import Delegation, Person

from ..models import ActionItem, AgendaItem, Meeting
from .locking import save_versioned


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
    save_versioned(ActionItem, pk=action.pk, expected_version=expected_version, **changes)
    action.refresh_from_db()
    action._history_user = by
    action.save()  # one history row for the change, with its author
    return action


@transaction.atomic
def action_item_complete(*, item: ActionItem, by: AbstractBaseUser, comment: str = "") -> ActionItem:
    """Mark an open action item done; the optional comment is kept in its history as the reason
    for the change (at most 100 characters)."""
    if item.status != ActionItem.Status.OPEN:
        raise ValidationError(_("This action item is no longer open."))
    comment = comment.strip()
    if len(comment) > 100:
        raise ValidationError(_("The comment may be at most 100 characters."))
    save_versioned(ActionItem, pk=item.pk, expected_version=item.lock_version, status=ActionItem.Status.DONE)
    item.refresh_from_db()
    item._history_user = by
    item._change_reason = comment
    item.save()  # one history row for the change, with its author and comment
    return item
