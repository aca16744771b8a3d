"""The structure `parse_minutes` reads minutes into: a draft of a meeting, no database. Each
guess keeps the line(s) of the document it was read from (`source`), for the review screen; a
draft turns into plain data and back (`meeting_to_data`, `meeting_from_data`) so that a pending
import can be kept, corrected and imported later."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field
from typing import Any


class ImportErrorMessage(ValueError):
    """A file that cannot be imported; the message is for the person who uploaded it."""


TITLES = ("H.E.", "Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Ambassador", "Amb.", "Mgr.", "Msgr.", "Mme")


@dataclass
class ParsedPerson:
    title: str
    first_name: str
    last_name: str
    raw: str
    delegation: str = ""
    remote: bool = False  # "(via conference call)", "(by phone)"
    source: str = ""  # the line of the document it was read from

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.title, self.first_name, self.last_name) if p)


@dataclass
class ParsedDelegation:
    name: str
    capacity: str = ""
    people: list[ParsedPerson] = field(default_factory=list)
    source: str = ""


@dataclass
class ParsedAgendaItem:
    number: str
    title: str
    text: str = ""
    uncertain: list[str] = field(default_factory=list)
    source: str = ""

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
    date_source: str = ""  # the line the date was read from
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


def meeting_to_data(meeting: ParsedMeeting) -> dict[str, Any]:
    """The draft as JSON-ready data (dates and times as ISO strings)."""
    data = asdict(meeting)
    for key in ("date", "start_time", "end_time"):
        data[key] = data[key].isoformat() if data[key] is not None else None
    return data


def meeting_from_data(data: dict[str, Any]) -> ParsedMeeting:
    """The draft `meeting_to_data` gave, back as a ParsedMeeting."""
    data = dict(data)
    data["delegations"] = [
        ParsedDelegation(**{**d, "people": [ParsedPerson(**p) for p in d["people"]]}) for d in data["delegations"]
    ]
    for key in ("apologies", "flagged"):
        data[key] = [ParsedPerson(**p) for p in data[key]]
    data["agenda"] = [ParsedAgendaItem(**item) for item in data["agenda"]]
    data["statements"] = [ParsedStatement(**s) for s in data["statements"]]
    data["date"] = datetime.date.fromisoformat(data["date"]) if data["date"] else None
    for key in ("start_time", "end_time"):
        data[key] = datetime.time.fromisoformat(data[key]) if data[key] else None
    return ParsedMeeting(**data)
