"""The Chatham House rule: find and remove every way a participant can be identified.

A meeting held under the rule is published as a sanitised summary in which speakers are
named only by category ("A donor/partner State said:", "An affected State said:"); only
the hosts or Coordinators are named openly. This package is pure: its functions take
plain data (a `Lexicon` built once from the register) and never touch the database, so
they can run in a view, a task or a test alike.

- `find_leaks` / `scan_document` list every mention of a participant in a text, with
  where it is and a snippet, for the ISU to review before publishing.
- `sanitise_statement` replaces such mentions with plain phrases ("a State"), to pre-clean
  text; the ISU still reviews the result.
- `build_summary_record` letters the statements a), b), c) ... across the whole record
  and writes each speaker line, as in the summary of 9 June 2017; each statement keeps its
  sentences, its speaker becoming "it" and others "another State", "another delegation"
  (`anonymise_statement`, module `speech`).
- `load_world` gives the names of the whole world (every State's names in three languages,
  demonyms, capitals, 31,000 cities, provinces; `world`), which `lexicon_from_register(...,
  world=)` adds to the register's.

Matching folds case and diacritics (Dorović == Dorovic), reads '&', hyphens, line breaks
and repeated spaces inside a name as the same separator, respects whole words (Oman is
not in "woman", Niger is not in "Nigeria") and lets the longest name win where names
overlap ("Permanent Mission of Germany" is one venue, not also "Germany"). What a reader
sees is what counts: invisible characters (soft hyphens, zero-width spaces and joiners) are
dropped, compatibility forms folded (NFKD: fullwidth letters) and Cyrillic or Greek
look-alike letters read as the Latin ones ("Іtaly"); for a text shown as HTML,
`scan_document` also reads the page's text (`visible_text`). A State is also known by its
ISO 3166 names in English, French and Spanish (pycountry: "Liban", "Líbano"). A name that is
also an ordinary word (`CASE_SENSITIVE_NAMES`, the world's names marked so, a person's surname
alone) written otherwise than as the name ("chile had pledged", "a nice idea") is a *possible*
finding (`Finding.possible`), for the ISU to confirm or waive: never skipped. Short acronyms
(EU, CMC, ISU) count only in capitals.

The ISU is a participant like any other: a summary that says "The ISU said:" names it
openly, so callers that publish such summaries pass its key ("org:ISU") in
`allowed_keys`. Nothing is allowed by default.

The modules: `kinds` (kinds of leak and participant, special names), `text` (folding,
`visible_text`), `matching` (the matcher, `find_leaks`, `scan_document`), `lexicon`
(`Lexicon`, participant keys, `lexicon_from_register`), `world` (the world's names, an
Aho-Corasick automaton), `record` (`sanitise_statement`, `build_summary_record`), `speech`
(`anonymise_statement`). Import the public names from this package.
"""

from .kinds import (
    ALIAS,
    CASE_SENSITIVE_NAMES,
    CITY,
    DEFAULT_PHRASES,
    DEMONYM,
    LEAK_KINDS,
    ORGANISATION,
    PARTICIPANT_KINDS,
    PERSON,
    PLACE,
    PROVINCE,
    ROLE,
    SNIPPET_WIDTH,
    STATE_NAME,
    TITLES,
    VENUE,
)
from .lexicon import (
    NAME_LANGUAGES,
    Lexicon,
    Participant,
    delegation_key,
    lexicon_from_register,
    organisation_key,
    person_key,
    state_key,
)
from .matching import Finding, find_leaks, scan_document
from .record import SummaryEntry, build_summary_record, letter, sanitise_statement
from .speech import anonymise_statement
from .text import visible_text
from .world import NEUTRAL_PHRASES, World, build_world, load_world

__all__ = [
    "ALIAS",
    "CASE_SENSITIVE_NAMES",
    "CITY",
    "NEUTRAL_PHRASES",
    "PROVINCE",
    "World",
    "anonymise_statement",
    "build_world",
    "load_world",
    "DEFAULT_PHRASES",
    "DEMONYM",
    "LEAK_KINDS",
    "NAME_LANGUAGES",
    "ORGANISATION",
    "PARTICIPANT_KINDS",
    "PERSON",
    "PLACE",
    "ROLE",
    "SNIPPET_WIDTH",
    "STATE_NAME",
    "TITLES",
    "VENUE",
    "Finding",
    "Lexicon",
    "Participant",
    "SummaryEntry",
    "build_summary_record",
    "delegation_key",
    "find_leaks",
    "letter",
    "lexicon_from_register",
    "organisation_key",
    "person_key",
    "sanitise_statement",
    "scan_document",
    "state_key",
    "visible_text",
]
