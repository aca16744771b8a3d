"""Minutes waiting for their review: uploaded and read, kept as what the parser read
(PendingImport.parsed), corrected on the review screen, then imported in one transaction or
cancelled. Nothing of the meeting is saved before the import is confirmed."""

from __future__ import annotations

import datetime
import uuid

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..importer import ImportErrorMessage, correct, fingerprint, meeting_from_data, meeting_to_data
from ..models import Meeting, PendingImport
from .importing import Review, import_reviewed, read_minutes, review_parsed

KEPT_FOR = datetime.timedelta(days=7)  # a review left open longer is forgotten


def pending_import_create(
    *, filename: str, data: bytes, by: AbstractBaseUser, year: int | None = None
) -> PendingImport:
    """Read a file and keep what the parser read for its review; ImportErrorMessage when it
    cannot be read. Reviews left open for a week are forgotten on the way."""
    text, parsed = read_minutes(filename=filename, data=data, year=year)
    PendingImport.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    return PendingImport.objects.create(
        token=uuid.uuid4().hex,
        filename=filename[:255],
        fingerprint=fingerprint(text),
        parsed=meeting_to_data(parsed),
        uploaded_by=by,
    )


def pending_import_review(*, pending: PendingImport) -> Review:
    """What the parser read, as corrected so far, matched to the register."""
    return review_parsed(
        filename=pending.filename, fingerprint=pending.fingerprint, parsed=meeting_from_data(pending.parsed)
    )


@transaction.atomic
def pending_import_correct(*, pending: PendingImport, action: str, values: dict) -> str:
    """Apply one correction of the review screen to the kept draft; returns what was done.
    A correction that cannot apply is refused (ValidationError) and changes nothing."""
    pending = PendingImport.objects.select_for_update().get(pk=pending.pk)
    parsed = meeting_from_data(pending.parsed)
    if action == "to_present" and values.get("kind") == "apology" and not values.get("into"):
        # an apology whose delegation the minutes do not give: the one the register gives, if any
        review = review_parsed(filename=pending.filename, fingerprint=pending.fingerprint, parsed=parsed)
        index = values.get("index")
        if index is not None and 0 <= index < len(review.apologies):
            match = review.apologies[index].delegation
            values = {**values, "into": str(match.delegation) if match.delegation is not None else ""}
        parsed = meeting_from_data(pending.parsed)
    try:
        done = correct(parsed, action, **values)
    except ImportErrorMessage as error:
        raise ValidationError(str(error)) from None
    pending.parsed = meeting_to_data(parsed)
    pending.corrections = [*pending.corrections, {"action": action, **values}]
    pending.save(update_fields=["parsed", "corrections"])
    return done


@transaction.atomic
def pending_import_commit(*, pending: PendingImport, by: AbstractBaseUser) -> Meeting:
    """Import the reviewed minutes as a draft meeting (all or nothing) and forget the review."""
    meeting = import_reviewed(review=pending_import_review(pending=pending), by=by)
    pending.delete()
    return meeting


def pending_import_discard(*, pending: PendingImport) -> None:
    """Cancel a review: nothing of it is saved."""
    pending.delete()
