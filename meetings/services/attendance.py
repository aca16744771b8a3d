"""The attendance of a meeting, recorded as a whole in the order the minutes list it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from directory.models import Delegation, Person

from ..models import Attendance, Meeting


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
