"""The importer's engine: reads existing minutes (Word, Markdown or text) into a structured
draft of a meeting, with no database (parser.py). The review against the register and the
import itself are services (meetings/services/importing.py)."""

from .parser import (
    MAX_FILE_BYTES,
    ImportErrorMessage,
    Match,
    ParsedAgendaItem,
    ParsedDelegation,
    ParsedMeeting,
    ParsedPerson,
    ParsedStatement,
    fingerprint,
    match_name,
    parse_minutes,
    read_document,
)

__all__ = [
    "MAX_FILE_BYTES",
    "ImportErrorMessage",
    "Match",
    "ParsedAgendaItem",
    "ParsedDelegation",
    "ParsedMeeting",
    "ParsedPerson",
    "ParsedStatement",
    "fingerprint",
    "match_name",
    "parse_minutes",
    "read_document",
]
