"""The importer's engine: reads existing minutes (Word, PDF, Markdown or text) into a structured
draft of a meeting, with no database (parser.py; PDFs through pdf.py), and applies the
corrections made on the review screen to that draft (corrections.py). The review against the
register and the import itself are services (meetings/services/importing.py, pending_imports.py)."""

from .corrections import correct
from .names import KnownName, is_state, known_name
from .parser import (
    MAX_FILE_BYTES,
    Match,
    fingerprint,
    match_name,
    parse_minutes,
    read_document,
)
from .structure import (
    ImportErrorMessage,
    ParsedAgendaItem,
    ParsedDelegation,
    ParsedMeeting,
    ParsedPerson,
    ParsedStatement,
    meeting_from_data,
    meeting_to_data,
)

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
    "correct",
    "fingerprint",
    "is_state",
    "known_name",
    "match_name",
    "meeting_from_data",
    "meeting_to_data",
    "parse_minutes",
    "read_document",
]
