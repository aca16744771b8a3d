"""Importing existing minutes: a review of what the parser read and how it matches the
register, then the draft meeting written in one transaction (or nothing at all). The uploads
waiting for their review, and the corrections made on it, are in pending_imports.py.

People are matched to the register within their delegation: the same name folded (no case, no
diacritics), else the closest name of that delegation's people when rapidfuzz's
token_sort_ratio of the two folded names is at least PERSON_MATCH_THRESHOLD ("Ms. Palma
D'Ambrossio" is the register's Palma D'Ambrosio: 97). A similar name in another delegation is
never taken; a person whose delegation the minutes do not give (an apology) is matched only by
the same name, and only when one person in the register has it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rapidfuzz import fuzz, process

from directory.models import Delegation, Organisation, Person, State, normalise_name

from ..importer import (
    ImportErrorMessage,
    KnownName,
    Match,
    ParsedDelegation,
    ParsedMeeting,
    ParsedPerson,
    fingerprint,
    known_name,
    match_name,
    parse_minutes,
    read_document,
)
from ..models import AgendaItem, Attendance, ImportedDocument, Meeting
from .agenda import agenda_item_add
from .attendance import AttendanceRow, attendance_record
from .minutes import minutes_item_update, minutes_start, statement_add

# The name of the organisation added for people whose delegation the minutes do not give (stored
# in English, as the register's names are); shown in the reader's language (DelegationMatch.label).
NO_DELEGATION = gettext_noop("(delegation not given in the minutes)")
# rapidfuzz token_sort_ratio (0-100) of two folded names of one delegation's people, at least:
# 90 takes "Palma D'Ambrossio" for Palma D'Ambrosio (97) and "Mohamed Al Hassan" for Mohammed
# Al-Hassan (97), not "Anne Berg" for Anna Berg (89).
PERSON_MATCH_THRESHOLD = 90


@dataclass
class DelegationMatch:
    name: str
    delegation: Delegation | None
    exact: bool
    note: str = ""
    state: KnownName | None = None  # a State not in the register, added as a State on import

    @property
    def label(self) -> str:
        """The name as the review shows it (the placeholder for no delegation in the reader's language)."""
        return _(NO_DELEGATION) if self.name == NO_DELEGATION else self.name


@dataclass
class PersonMatch:
    parsed: ParsedPerson
    delegation: DelegationMatch
    person: Person | None


@dataclass
class DelegationGroup:
    """A delegation present as the minutes list it, with its match and its people's."""

    parsed: ParsedDelegation
    match: DelegationMatch
    people: list[PersonMatch] = field(default_factory=list)


@dataclass
class Review:
    filename: str
    fingerprint: str
    parsed: ParsedMeeting
    duplicate: ImportedDocument | None
    delegations: list[DelegationMatch] = field(default_factory=list)
    present: list[PersonMatch] = field(default_factory=list)
    apologies: list[PersonMatch] = field(default_factory=list)
    apology_delegations: list[DelegationMatch] = field(default_factory=list)  # "APOLOGIES RECEIVED" then "Ghana"
    absent_delegations: list[DelegationMatch] = field(default_factory=list)  # "Apologies not received"
    flagged: list[PersonMatch] = field(default_factory=list)  # listed under an absence heading: present?
    groups: list[DelegationGroup] = field(default_factory=list)  # the delegations present, with their people
    unsure: list[str] = field(default_factory=list)


def _delegation_candidates() -> dict[str, Delegation]:
    candidates: dict[str, Delegation] = {}
    for state in State.objects.select_related("delegation").prefetch_related("aliases"):
        for name in (state.name, state.official_name, *(a.alias for a in state.aliases.all())):
            if name:
                candidates[normalise_name(name)] = state.delegation
    for organisation in Organisation.objects.select_related("delegation"):
        for name in (organisation.name, organisation.acronym):
            if name:
                candidates[normalise_name(name)] = organisation.delegation
    return candidates


def _person_key(title_first_last) -> str:
    return normalise_name(" ".join(p for p in title_first_last if p))


def read_minutes(*, filename: str, data: bytes, year: int | None = None) -> tuple[str, ParsedMeeting]:
    """The text of a file and what the parser read in it; ImportErrorMessage when it holds no
    minutes or dates them without a year. `year` is the year of a meeting whose date the
    minutes write without one."""
    text = read_document(filename, data)
    parsed = parse_minutes(text, year=year)
    if parsed.year_missing:
        raise ImportErrorMessage(
            _(
                "The date of the meeting has no year in these minutes: give the year of the meeting "
                "(write it in the file, or use --year YYYY with manage.py import_minutes)."
            )
        )
    if not parsed.agenda and not parsed.delegations:
        raise ImportErrorMessage(_("No minutes could be read in this file: no attendance list and no numbered agenda."))
    return text, parsed


def review_import(*, filename: str, data: bytes, year: int | None = None) -> Review:
    """Read and parse a file and match it to the register. Nothing is saved."""
    text, parsed = read_minutes(filename=filename, data=data, year=year)
    return review_parsed(filename=filename, fingerprint=fingerprint(text), parsed=parsed)


def _fuzzy_person(name: str, colleagues: list[Person]) -> Person | None:
    """The one person of a delegation whose name is closest to `name`, if close enough."""
    choices = {person.pk: _person_key((person.first_name, person.last_name)) for person in colleagues}
    found = process.extract(
        normalise_name(name), choices, scorer=fuzz.token_sort_ratio, score_cutoff=PERSON_MATCH_THRESHOLD, limit=2
    )
    if not found or (len(found) > 1 and found[1][1] == found[0][1]):  # none, or two as close: nobody
        return None
    return next(person for person in colleagues if person.pk == found[0][2])


def review_parsed(*, filename: str, fingerprint: str, parsed: ParsedMeeting) -> Review:
    """Match what the parser read (as the review screen corrected it) to the register. Nothing is saved."""
    review = Review(
        filename=filename,
        fingerprint=fingerprint,
        parsed=parsed,
        duplicate=ImportedDocument.objects.filter(fingerprint=fingerprint).select_related("meeting").first(),
    )
    review.unsure.extend(parsed.uncertain)
    candidates = _delegation_candidates()
    by_name: dict[str, DelegationMatch] = {}

    def delegation_for(name: str) -> DelegationMatch:
        if name in by_name:
            return by_name[name]
        found = match_name(name, candidates) if name else None
        known = known_name(name) if name and found is None else None
        if known is not None:  # "Lao PDR", "Bosnia-Herzegovina": the State under the name the register uses
            found = match_name(known.name, candidates) or (
                match_name(known.official_name, candidates) if known.official_name else None
            )
            state = State.objects.filter(iso3=known.iso3).select_related("delegation").first() if known.iso3 else None
            if found is None and state is not None:
                found = Match(state.delegation, 100.0, False)
        if found is None and known is not None and known.iso3:
            match = DelegationMatch(name, None, False, _("new State: will be added to the register"), state=known)
            review.unsure.append(
                _("“%(name)s” is a State not in the register: it will be added as a State.") % {"name": name}
            )
        elif found is None:
            match = DelegationMatch(name or NO_DELEGATION, None, False, _("new: will be added to the register"))
            review.unsure.append(
                _("“%(name)s” is not in the register: it will be added as an organisation.")
                % {"name": name or _(NO_DELEGATION)}
            )
        else:
            match = DelegationMatch(name, found.value, found.exact)
            if not found.exact:
                match.note = _("read as %(delegation)s") % {"delegation": found.value}
                review.unsure.append(
                    _("“%(name)s” read as %(delegation)s.") % {"name": name, "delegation": found.value}
                )
        by_name[name] = match
        return match

    people_by_delegation: dict[int, list[Person]] = {}
    people_by_name: dict[str, list[Person]] = {}
    for person in Person.objects.select_related("delegation"):
        people_by_delegation.setdefault(person.delegation_id, []).append(person)
        people_by_name.setdefault(_person_key((person.first_name, person.last_name)), []).append(person)

    def person_for(parsed_person: ParsedPerson, delegation: DelegationMatch) -> PersonMatch:
        name = f"{parsed_person.first_name} {parsed_person.last_name}"
        if delegation.delegation is None:  # no delegation in the minutes: the same name, if only one has it
            same_name = people_by_name.get(_person_key((name,)), []) if not delegation.name else []
            return PersonMatch(parsed_person, delegation, same_name[0] if len(same_name) == 1 else None)
        colleagues = people_by_delegation.get(delegation.delegation.pk, [])
        person = next((p for p in colleagues if _person_key((p.first_name, p.last_name)) == _person_key((name,))), None)
        if person is None:  # "Ms. Palma D'Ambrossio" for Palma D'Ambrosio, in her delegation
            person = _fuzzy_person(name, colleagues)
            if person is not None:
                review.unsure.append(
                    _("“%(name)s” read as %(person)s (%(delegation)s).")
                    % {"name": parsed_person.full_name, "person": person, "delegation": delegation.delegation}
                )
        return PersonMatch(parsed_person, delegation, person)

    for parsed_delegation in parsed.delegations:
        match = delegation_for(parsed_delegation.name)
        review.delegations.append(match)
        group = DelegationGroup(parsed_delegation, match, [person_for(p, match) for p in parsed_delegation.people])
        review.groups.append(group)
        review.present.extend(group.people)
        if not parsed_delegation.people:
            review.unsure.append(_("%(name)s is listed with nobody under it.") % {"name": parsed_delegation.name})
    for parsed_person in parsed.apologies:
        if parsed_person.delegation:
            review.apologies.append(person_for(parsed_person, delegation_for(parsed_person.delegation)))
            continue
        person = person_for(parsed_person, DelegationMatch("", None, False)).person
        if person is not None and person.delegation_id:
            match = DelegationMatch(str(person.delegation), person.delegation, True, _("from the register"))
        else:
            match = delegation_for("")
        review.apologies.append(PersonMatch(parsed_person, match, person))
    review.flagged = [person_for(p, delegation_for(p.delegation)) for p in parsed.flagged]
    review.apology_delegations = [delegation_for(name) for name in parsed.apology_delegations]
    review.absent_delegations = [delegation_for(name) for name in parsed.absent_delegations]
    numbers = [item.number for item in parsed.agenda if "." not in item.number]
    if numbers and numbers != [str(n) for n in range(1, len(numbers) + 1)]:
        review.unsure.append(
            _("The agenda is numbered %(numbers)s: the meeting's agenda will be numbered from the items' order.")
            % {"numbers": ", ".join(numbers)}
        )
    for host in parsed.hosts:
        delegation_for(host)
    return review


def _ensure_delegation(match: DelegationMatch) -> Delegation:
    if match.delegation is None and match.state is not None:
        state, _created = State.objects.get_or_create(
            iso3=match.state.iso3,
            defaults={"name": match.state.name, "iso2": match.state.iso2, "official_name": match.state.official_name},
        )
        match.delegation = Delegation.objects.get(state=state)
    if match.delegation is None:
        organisation, _created = Organisation.objects.get_or_create(name=match.name)
        match.delegation = organisation.delegation
    return match.delegation


def _ensure_person(match: PersonMatch) -> Person:
    if match.person is None:
        parsed = match.parsed
        match.person = Person.objects.create(
            title=parsed.title,
            first_name=parsed.first_name,
            last_name=parsed.last_name,
            delegation=_ensure_delegation(match.delegation),
        )
    return match.person


@transaction.atomic
def import_commit(*, filename: str, data: bytes, by: AbstractBaseUser, year: int | None = None) -> Meeting:
    """Read a file and write it as a draft meeting, in one transaction: all or nothing."""
    return import_reviewed(review=review_import(filename=filename, data=data, year=year), by=by)


@transaction.atomic
def import_reviewed(*, review: Review, by: AbstractBaseUser) -> Meeting:
    """Write reviewed minutes as a draft meeting, in one transaction: all or nothing."""
    filename = review.filename
    if review.duplicate is not None:
        raise ValidationError(
            _("This file was already imported on %(date)s as “%(meeting)s”.")
            % {
                "date": date_format(timezone.localtime(review.duplicate.imported_at)),
                "meeting": review.duplicate.meeting,
            }
        )
    parsed = review.parsed
    if parsed.date is None:
        raise ValidationError(_("The minutes have no date that could be read; add it to the file and import it again."))
    informal = parsed.kind == "informal"
    meeting = Meeting(
        kind=Meeting.Kind.INFORMAL if informal else Meeting.Kind.COORDINATION_COMMITTEE,
        title=parsed.title[:300] or _("Imported meeting"),
        date=parsed.date,
        start_time=parsed.start_time,
        end_time=parsed.end_time,
        venue=parsed.venue[:300],
        status=Meeting.Status.HELD,
        confidentiality=Meeting.Confidentiality.CHATHAM_HOUSE if informal else Meeting.Confidentiality.RESTRICTED,
        created_by=by,
    )
    meeting.full_clean(exclude=["conventions", "hosts", "term", "number"])
    meeting.save()
    meeting.hosts.set([_ensure_delegation(match) for match in _host_matches(review)])
    rows = []
    capacities = {d.name: d.capacity for d in parsed.delegations}
    first_of_delegation: set[str] = set()
    for person in review.present:
        name = person.delegation.name
        capacity = capacities.get(name, "") if name not in first_of_delegation else ""
        first_of_delegation.add(name)
        rows.append(
            AttendanceRow(
                delegation=_ensure_delegation(person.delegation),
                person=_ensure_person(person),
                status=Attendance.Status.REMOTE if person.parsed.remote else Attendance.Status.PRESENT,
                capacity=capacity,
            )
        )
    delegation_rows: set[int] = set()  # one row without a person per delegation
    for parsed_delegation, match in zip(parsed.delegations, review.delegations, strict=True):
        delegation = _ensure_delegation(match) if not parsed_delegation.people else None
        if delegation is not None and delegation.pk not in delegation_rows:  # "- Zambia": a State, nobody named
            delegation_rows.add(delegation.pk)
            rows.append(
                AttendanceRow(
                    delegation=delegation, status=Attendance.Status.PRESENT, capacity=parsed_delegation.capacity
                )
            )
    for person in review.apologies:
        rows.append(
            AttendanceRow(
                delegation=_ensure_delegation(person.delegation),
                person=_ensure_person(person),
                status=Attendance.Status.APOLOGIES,
            )
        )
    for matches, status in (
        (review.apology_delegations, Attendance.Status.APOLOGIES),
        (review.absent_delegations, Attendance.Status.ABSENT),
    ):
        for match in matches:
            delegation = _ensure_delegation(match)
            if delegation.pk not in delegation_rows:
                delegation_rows.add(delegation.pk)
                rows.append(AttendanceRow(delegation=delegation, status=status))
    if not rows:
        for host in meeting.hosts.all():
            rows.append(AttendanceRow(delegation=host, status=Attendance.Status.PRESENT))
    attendance_record(meeting=meeting, rows=rows)
    items: dict[str, AgendaItem] = {}
    for parsed_item in parsed.agenda:
        parent = items.get(parsed_item.parent_number)
        items[parsed_item.number] = agenda_item_add(meeting=meeting, title=parsed_item.title[:300], parent=parent)
    minutes = minutes_start(meeting=meeting)
    for parsed_item in parsed.agenda:
        if parsed_item.text:
            item = minutes.items.get(agenda_item=items[parsed_item.number])
            minutes_item_update(item=item, text=parsed_item.text, expected_version=item.lock_version, by=by)
    delegations = {m.name: m for m in review.delegations}
    for statement in parsed.statements:
        agenda_item = items.get(statement.agenda_number)
        if agenda_item is None:
            continue
        match = delegations.get(statement.delegation)
        if statement.delegation and match is None:
            match = next((m for m in _host_matches(review) if m.name == statement.delegation), None)
        statement_add(
            agenda_item=agenda_item,
            text=statement.text,
            delegation=_ensure_delegation(match) if match else None,
            on_behalf_of=statement.on_behalf_of,
            anonymous_category=statement.category or ("" if match else _("A participant")),
        )
    ImportedDocument.objects.create(
        fingerprint=review.fingerprint, filename=filename[:255], meeting=meeting, imported_by=by
    )
    return meeting


def _host_matches(review: Review) -> list[DelegationMatch]:
    candidates = _delegation_candidates()
    matches = []
    for host in review.parsed.hosts:
        known = next((m for m in review.delegations if m.name == host), None)
        if known is None:
            found = match_name(host, candidates)
            known = DelegationMatch(host, found.value if found else None, bool(found and found.exact))
        matches.append(known)
    return matches
