"""Corrections the ISU makes to what the parser read, before anything is saved: a line moved
between present and apologies, two delegations merged or one split, the date or an agenda
number corrected. Pure functions on a ParsedMeeting; a correction that cannot apply raises
ImportErrorMessage with the reason, and leaves the draft as it was."""

from __future__ import annotations

import datetime
import re

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from directory.models import normalise_name

from .structure import ImportErrorMessage, ParsedDelegation, ParsedMeeting, ParsedPerson

_MONTHS = "january february march april may june july august september october november december".split()
_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})?")


def _pick(items: list, index: int | None):
    if index is None or not 0 <= index < len(items):
        raise ImportErrorMessage(_("This line is no longer in the review: reload the page and try again."))
    return items[index]


def _present_group(meeting: ParsedMeeting, name: str, source: str) -> ParsedDelegation:
    """The present delegation of this name, added at the end when there is none."""
    key = normalise_name(name)
    for group in meeting.delegations:
        if normalise_name(group.name) == key:
            return group
    group = ParsedDelegation(name=name.strip(), source=source)
    meeting.delegations.append(group)
    return group


def to_present(meeting: ParsedMeeting, *, kind: str, index: int | None, into: str = "") -> str:
    """Move an apology, a person flagged under an absence heading, or a delegation listed as
    excused or absent, to the people present; `into` is the delegation of a person whose
    delegation the minutes do not give."""
    if kind in ("apology", "flagged"):
        people = meeting.apologies if kind == "apology" else meeting.flagged
        person: ParsedPerson = _pick(people, index)
        name = (into or person.delegation).strip()
        if not name:
            raise ImportErrorMessage(
                _("The minutes do not say which delegation %(person)s belongs to: choose it first.")
                % {"person": person.full_name}
            )
        people.remove(person)
        person.delegation = name
        _present_group(meeting, name, person.source).people.append(person)
        return _("%(person)s moved to the people present (%(delegation)s).") % {
            "person": person.full_name,
            "delegation": name,
        }
    if kind in ("apology_delegation", "absent_delegation"):
        names = meeting.apology_delegations if kind == "apology_delegation" else meeting.absent_delegations
        name = _pick(names, index)
        if any(normalise_name(g.name) == normalise_name(name) for g in meeting.delegations):
            raise ImportErrorMessage(_("%(delegation)s is already listed as present.") % {"delegation": name})
        names.remove(name)
        _present_group(meeting, name, name)
        return _("%(delegation)s moved to the delegations present.") % {"delegation": name}
    raise ImportErrorMessage(_("Unknown correction."))


def to_apologies(meeting: ParsedMeeting, *, kind: str, index: int | None, person: int | None = None) -> str:
    """Move a person present (kind "present": delegation `index`, its `person`), a whole
    delegation ("delegation") or a flagged person ("flagged") to the apologies."""
    if kind == "present":
        group = _pick(meeting.delegations, index)
        moved = _pick(group.people, person)
        group.people.remove(moved)
        moved.delegation = group.name
        meeting.apologies.append(moved)
        if not group.people:  # nobody of it left present: the delegation was not there
            meeting.delegations.remove(group)
        return _("%(person)s moved to the apologies.") % {"person": moved.full_name}
    if kind == "delegation":
        group = _pick(meeting.delegations, index)
        meeting.delegations.remove(group)
        for moved in group.people:
            moved.delegation = group.name
        meeting.apologies.extend(group.people)
        if not group.people:
            meeting.apology_delegations.append(group.name)
        return _("%(delegation)s moved to the apologies.") % {"delegation": group.name}
    if kind == "flagged":
        moved = _pick(meeting.flagged, index)
        meeting.flagged.remove(moved)
        meeting.apologies.append(moved)
        return _("%(person)s moved to the apologies.") % {"person": moved.full_name}
    raise ImportErrorMessage(_("Unknown correction."))


def merge(meeting: ParsedMeeting, *, index: int | None, into: int | None) -> str:
    """Merge delegation `index` into delegation `into`: one delegation with the people of both."""
    group, target = _pick(meeting.delegations, index), _pick(meeting.delegations, into)
    if group is target:
        raise ImportErrorMessage(_("Choose another delegation to merge with."))
    target.people.extend(group.people)
    for person in group.people:
        person.delegation = target.name
    target.capacity = target.capacity or group.capacity
    target.source = f"{target.source} / {group.source}".strip(" /")
    meeting.delegations.remove(group)
    for statement in meeting.statements:  # what it said, it said as the merged delegation
        if statement.delegation == group.name:
            statement.delegation = target.name
    return _("%(delegation)s merged into %(target)s.") % {"delegation": group.name, "target": target.name}


def split(meeting: ParsedMeeting, *, index: int | None, person: int | None, name: str) -> str:
    """Split delegation `index`: its people from `person` on form a new delegation `name`."""
    group = _pick(meeting.delegations, index)
    _pick(group.people, person)
    name = " ".join((name or "").split())
    if not name:
        raise ImportErrorMessage(_("Give the name of the delegation the people from there on belong to."))
    if len(name) > 200:
        raise ImportErrorMessage(_("A delegation's name has at most 200 characters."))
    if normalise_name(name) == normalise_name(group.name):
        raise ImportErrorMessage(_("Give a name other than %(delegation)s.") % {"delegation": group.name})
    moved = group.people[person:]
    del group.people[person:]
    for each in moved:
        each.delegation = name
    new = ParsedDelegation(name=name, people=moved, source=moved[0].source)
    meeting.delegations.insert(meeting.delegations.index(group) + 1, new)
    if not group.people:  # split at the first person: a new name for the whole delegation
        meeting.delegations.remove(group)
    return _("%(people)s now listed under %(delegation)s.") % {
        "people": ", ".join(p.full_name for p in moved),
        "delegation": name,
    }


def read_date(value: str) -> datetime.date:
    """A date as the review form sends it (2016-03-07) or as minutes write it (7 March 2016)."""
    value = " ".join((value or "").split())
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    match = re.fullmatch(r"(?:\w+,? )?(\d{1,2})(?:st|nd|rd|th)? (\w+),? (\d{4})", value, re.IGNORECASE)
    if match and match[2].lower() in _MONTHS:
        try:
            return datetime.date(int(match[3]), _MONTHS.index(match[2].lower()) + 1, int(match[1]))
        except ValueError:
            pass
    raise ImportErrorMessage(
        _("“%(value)s” is not a date that could be read: give it as 2016-03-07 or 7 March 2016.") % {"value": value}
    )


def set_date(meeting: ParsedMeeting, *, value: str) -> str:
    date = read_date(value)
    if not 1990 <= date.year <= datetime.date.today().year + 1:
        raise ImportErrorMessage(_("%(year)s cannot be the year of these minutes.") % {"year": date.year})
    meeting.date = date
    meeting.year_missing = False
    return _("The date of the meeting is now %(date)s.") % {"date": date_format(date, "j F Y")}


def _order(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def set_agenda_number(meeting: ParsedMeeting, *, index: int | None, number: str) -> str:
    """Renumber agenda item `index`; the statements read under it follow it. The agenda is kept
    in the order of its numbers."""
    item = _pick(meeting.agenda, index)
    number = (number or "").strip().rstrip(".")
    if not _NUMBER.fullmatch(number):
        raise ImportErrorMessage(
            _("“%(number)s” is not an agenda number: write 4 for an item or 4.1 for a sub-item.") % {"number": number}
        )
    number = ".".join(str(int(part)) for part in number.split("."))
    if number.endswith(".0") or number == "0":
        raise ImportErrorMessage(_("Agenda numbers start at 1."))
    if any(other is not item and other.number == number for other in meeting.agenda):
        raise ImportErrorMessage(
            _("There is already an agenda item %(number)s: give each item its own number.") % {"number": number}
        )
    old, item.number = item.number, number
    for statement in meeting.statements:
        if statement.agenda_number == old:
            statement.agenda_number = number
    meeting.agenda.sort(key=lambda each: _order(each.number))
    return _("Agenda item %(old)s is now %(number)s.") % {"old": old, "number": number}


CORRECTIONS = {
    "to_present": to_present,
    "to_apologies": to_apologies,
    "merge": merge,
    "split": split,
    "date": set_date,
    "agenda_number": set_agenda_number,
}


def correct(meeting: ParsedMeeting, action: str, **values) -> str:
    """Apply one correction; returns what was done, for the person who asked."""
    if action not in CORRECTIONS:
        raise ImportErrorMessage(_("Unknown correction."))
    return CORRECTIONS[action](meeting, **values)
