"""Follow-ups, bilateral meetings and démarches with a State: planned, then recorded as done."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import FollowUp


@transaction.atomic
def followup_add(*, state, kind: str, planned_on, by, letter=None, **fields) -> FollowUp:
    if letter is not None and letter.state_id != state.pk:
        raise ValidationError(_("The letter was written to another State."))
    return FollowUp.objects.create(state=state, kind=kind, planned_on=planned_on, letter=letter, owner=by, **fields)


@transaction.atomic
def followup_done(*, followup: FollowUp, on, notes: str = "", by) -> FollowUp:
    followup = FollowUp.objects.select_for_update().get(pk=followup.pk)
    followup.done_on = on
    if notes:
        followup.notes = (followup.notes + "\n\n" + notes).strip()
    followup.save(update_fields=["done_on", "notes"])
    return followup
