"""Importing existing minutes: a review of what the parser read and how it matches the
register, then the draft meeting written in one transaction (or nothing at all)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from directory.models import Delegation, Organisation, Person, State, normalise_name

from ..importer import (
    ImportErrorMessage,
    KnownName,
    Match,
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

NO_DELEGATION = "(delegation not given in the minutes)"
PENDING_DIR = "imports/pending"


@dataclass
class DelegationMatch:
    name: str
    delegation: Delegation | None
    exact: bool
    note: str = ""
    state: KnownName | None = None  # a State not in the register, added as a State on import


@dataclass
class PersonMatch:
    parsed: ParsedPerson
    delegation: DelegationMatch
    person: Person | None


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


def review_import(*, filename: str, data: bytes, year: int | None = None) -> Review:
    """Read and parse a file and match it to the register. Nothing is saved. `year` is the
    year of a meeting whose date the minutes write without one; without it they are refused."""
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
    review = Review(
        filename=filename,
        fingerprint=fingerprint(text),
        parsed=parsed,
        duplicate=ImportedDocument.objects.filter(fingerprint=fingerprint(text)).select_related("meeting").first(),
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
                % {"name": name or NO_DELEGATION}
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

    people = list(Person.objects.select_related("delegation"))
    people_by_name: dict[str, list[Person]] = {}
    for person in people:
        people_by_name.setdefault(_person_key((person.first_name, person.last_name)), []).append(person)

    def person_for(parsed_person: ParsedPerson, delegation: DelegationMatch) -> PersonMatch:
        same_name = people_by_name.get(_person_key((parsed_person.first_name, parsed_person.last_name)), [])
        in_delegation = [p for p in same_name if delegation.delegation and p.delegation_id == delegation.delegation.pk]
        person = (in_delegation or same_name or [None])[0]
        if person is None and delegation.delegation is not None:  # "Ivo Maretic" for Ivo Maretić, in its delegation
            colleagues = {
                _person_key((p.first_name, p.last_name)): p
                for p in people
                if p.delegation_id == delegation.delegation.pk
            }
            found = match_name(f"{parsed_person.first_name} {parsed_person.last_name}", colleagues, threshold=90)
            if found is not None:
                person = found.value
                review.unsure.append(
                    _("“%(name)s” read as %(person)s.") % {"name": parsed_person.full_name, "person": person}
                )
        return PersonMatch(parsed_person, delegation, person)

    for parsed_delegation in parsed.delegations:
        match = delegation_for(parsed_delegation.name)
        review.delegations.append(match)
        review.present.extend(person_for(p, match) for p in parsed_delegation.people)
        if not parsed_delegation.people:
            review.unsure.append(_("%(name)s is listed with nobody under it.") % {"name": parsed_delegation.name})
    for parsed_person in parsed.apologies:
        person = person_for(parsed_person, DelegationMatch("", None, False))
        if parsed_person.delegation:
            match = delegation_for(parsed_person.delegation)
        elif person.person is not None and person.person.delegation_id:
            match = DelegationMatch(
                str(person.person.delegation), person.person.delegation, True, _("from the register")
            )
        else:
            match = delegation_for("")
        review.apologies.append(PersonMatch(parsed_person, match, person.person))
    review.apology_delegations = [delegation_for(name) for name in parsed.apology_delegations]
    review.absent_delegations = [delegation_for(name) for name in parsed.absent_delegations]
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
    """Write the reviewed minutes as a draft meeting, in one transaction: all or nothing."""
    review = review_import(filename=filename, data=data, year=year)
    if review.duplicate is not None:
        raise ValidationError(
            _("This file was already imported on %(date)s as “%(meeting)s”.")
            % {"date": review.duplicate.imported_at.strftime("%d %B %Y"), "meeting": review.duplicate.meeting}
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


# --- files waiting for review -------------------------------------------------------------


def pending_import_store(*, data: bytes) -> str:
    """Keep an uploaded file until its review is confirmed or cancelled; returns its token."""
    token = uuid.uuid4().hex
    default_storage.save(f"{PENDING_DIR}/{token}", ContentFile(data))
    return token


def pending_import_read(*, token: str) -> bytes | None:
    """The file kept under this token, or None when it is gone."""
    path = f"{PENDING_DIR}/{token}"
    if not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as stored:
        return stored.read()


def pending_import_discard(*, token: str) -> None:
    default_storage.delete(f"{PENDING_DIR}/{token}")
