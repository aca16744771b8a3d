"""The structure `parse_minutes` reads minutes into: a draft of a meeting, no database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

TITLES = ("H.E.", "Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Ambassador", "Amb.", "Mgr.", "Msgr.", "Mme")


@dataclass
class ParsedPerson:
    title: str
    first_name: str
    last_name: str
    raw: str
    delegation: str = ""
    remote: bool = False  # "(via conference call)", "(by phone)"

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)


@dataclass
class ParsedDelegation:
    name: str
    capacity: str = ""
    people: list[ParsedPerson] = field(default_factory=list)


@dataclass
class ParsedAgendaItem:
    number: str
    title: str
    text: str = ""
    uncertain: list[str] = field(default_factory=list)

    @property
    def parent_number(self) -> str:
        return self.number.split(".")[0] if "." in self.number else ""


@dataclass
class ParsedStatement:
    agenda_number: str
    text: str
    delegation: str = ""
    on_behalf_of: str = ""
    category: str = ""
    letter: str = ""


@dataclass
class ParsedMeeting:
    kind: str = "cc"
    title: str = ""
    date: datetime.date | None = None
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None
    venue: str = ""
    hosts: list[str] = field(default_factory=list)
    delegations: list[ParsedDelegation] = field(default_factory=list)
    apologies: list[ParsedPerson] = field(default_factory=list)
    apology_delegations: list[str] = field(default_factory=list)  # "APOLOGIES RECEIVED" then "Ghana"
    absent_delegations: list[str] = field(default_factory=list)  # "Apologies not received"
    flagged: list[ParsedPerson] = field(default_factory=list)  # people under an absence heading: present?
    year_missing: bool = False  # a date without a year and no year= given: the import is refused
    agenda: list[ParsedAgendaItem] = field(default_factory=list)
    statements: list[ParsedStatement] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)

    @property
    def people_present(self) -> int:
        return sum(len(d.people) for d in self.delegations)
