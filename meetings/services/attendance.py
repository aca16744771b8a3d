"""The attendance of a meeting, recorded as a whole in the order the minutes list it, and a person
new to the register entered from the attendance page."""

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
    on_behalf_of: str = ""  # earlier free text; on_behalf_of_delegation is the choice from the register
    is_guest: bool = False
    on_behalf_of_delegation: Delegation | None = None


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
            on_behalf_of_delegation=row.on_behalf_of_delegation,
            is_guest=row.is_guest,
            order=n,
        )
        for n, row in enumerate(rows)
    )


@transaction.atomic
def person_add(
    *, delegation: Delegation, last_name: str, first_name: str = "", title: str = "", function: str = ""
) -> Person:
    """A person new to the register, in this delegation (entered on a line of the attendance).
    Refused without a last name, or when the delegation already has a person of that name."""
    last_name, first_name = " ".join(last_name.split()), " ".join(first_name.split())
    if not last_name:
        raise ValidationError(_("Enter the person's last name."))
    same = Person.objects.filter(delegation=delegation, last_name__iexact=last_name, first_name__iexact=first_name)
    if same.exists():
        raise ValidationError(
            _("%(person)s is already in the register for %(delegation)s: choose them in the line's list of people.")
            % {"person": same.first().full_name, "delegation": delegation}
        )
    person = Person(
        delegation=delegation, title=title, first_name=first_name, last_name=last_name, function=function.strip()
    )
    person.full_clean()
    person.save()
    return person
