"""Optimistic locking: a row carries a lock_version, and a save that read an older version is
refused (EditConflict) instead of silently overwriting somebody else's save."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext as _


class EditConflict(ValidationError):
    """Somebody else saved the same record since this user opened it."""


def save_versioned(model, *, pk: int, expected_version: int, **values) -> None:
    """Write only if nobody saved since expected_version was read (optimistic locking)."""
    updated = model.objects.filter(pk=pk, lock_version=expected_version).update(
        lock_version=F("lock_version") + 1, **values
    )
    if not updated:
        raise EditConflict(
            _("Somebody else saved this in the meantime. Your text was not saved; reload to see their changes.")
        )
