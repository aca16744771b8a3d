"""The importer's engine: reads existing minutes (Word, Markdown or text) into a structured
draft of a meeting, with no database (parser.py). The review against the register and the
import itself are services (meetings/services/importing.py)."""

from .names import KnownName, is_state, known_name
from .parser import (
    MAX_FILE_BYTES,
    ImportErrorMessage,
    Match,
    fingerprint,
    match_name,
    parse_minutes,
    read_document,
)
from .structure import ParsedAgendaItem, ParsedDelegation, ParsedMeeting, ParsedPerson, ParsedStatement

__all__ = [
    "MAX_FILE_BYTES",
    "ImportErrorMessage",
    "KnownName",
    "Match",
    "ParsedAgendaItem",
    "ParsedDelegation",
    "ParsedMeeting",
    "ParsedPerson",
    "ParsedStatement",
    "fingerprint",
    "is_state",
    "known_name",
    "match_name",
    "parse_minutes",
    "read_document",
]
