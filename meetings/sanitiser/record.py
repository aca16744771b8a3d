"""Sanitised text: mentions replaced by plain phrases (`sanitise_statement`), and the
detailed record of a summary lettered a), b), c) with its speakers anonymised and each
statement in the ISU's form (`build_summary_record`, `speech.anonymise_statement`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .kinds import DEFAULT_PHRASES, DEMONYM, VENUE
from .lexicon import Lexicon
from .matching import _Entry, _mentions
from .speech import anonymise_statement
from .text import _name_key


@dataclass(frozen=True)
class SummaryEntry:
    """One lettered statement of a summary's detailed record."""

    agenda_label: str
    letter: str
    speaker_line: str
    text: str

    @property
    def label(self) -> str:
        return f"{self.letter})"


# ------------------------------------------------------------------ sanitising

_ARTICLE_BEFORE = re.compile(r"\b(the|an|a)[ \t]+$", re.IGNORECASE)
_ARTICLE_AT_START = re.compile(r"^(the|an|a) ", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:^|[.!?]|\n)[\s\"'“‘(•\-*\u2022\uf0b7]*$")


def _with_article_lowered(phrase: str) -> str:
    """'An affected State' -> 'an affected State' (for use inside a sentence)."""
    return _ARTICLE_AT_START.sub(lambda m: m.group(1).lower() + " ", phrase.strip())


def _phrase_for(entry: _Entry, name_text: str, lexicon: Lexicon, replacements: Mapping[str, str]) -> str:
    if entry.participant_key in replacements:
        phrase = _with_article_lowered(replacements[entry.participant_key])
        if entry.participant_kind == "person":
            return phrase
    elif entry.participant_kind == "person":
        participant = lexicon.participant(entry.participant_key)
        delegation = participant.delegation_key if participant else None
        if delegation in replacements:
            return "a representative of " + _with_article_lowered(replacements[delegation])
        return DEFAULT_PHRASES["person"]
    else:
        phrase = DEFAULT_PHRASES[entry.participant_kind]

    if entry.kind == DEMONYM:
        participant = lexicon.participant(entry.participant_key)
        demonyms = {_name_key(n) for n, k in participant.names.items() if k == DEMONYM} if participant else set()
        key = _name_key(name_text)
        if key.endswith("s") and key[:-1] in demonyms:
            return "nationals of " + phrase  # "Iraqis"
        return phrase + "'s"  # "an Iraqi deminer" -> "the affected State's deminer"
    if entry.kind == VENUE:
        return "the mission of " + phrase
    return phrase


def sanitise_statement(text: str, lexicon: Lexicon, replacements: Mapping[str, str]) -> str:
    """Replace every mention of a participant not named openly with a category phrase.

    `replacements` maps participant keys to phrases ("state:IRQ" -> "the affected State");
    a person without one is "a representative of" their delegation's phrase, anyone else
    falls back to `DEFAULT_PHRASES`. Possessives follow ("Iraq's" -> "the affected
    State's"), an article before the name is not doubled ("the Presidency's" keeps one),
    and a sentence still starts with a capital. This is a first pass: the ISU reviews.
    """
    out: list[str] = []
    written_tail = ""  # the end of what is written so far, to tell a sentence's start
    done = 0
    for mention in _mentions(text, lexicon):
        entry = next(
            (
                e
                for e, possible in mention.entries
                if not possible and e.participant_key and e.participant_key not in lexicon.allowed
            ),
            None,
        )
        if entry is None:  # named openly, a neutral phrase, or an ordinary word (the leak check lists it)
            continue
        before = text[done : mention.start]
        phrase = _phrase_for(entry, text[mention.start : mention.end], lexicon, replacements)
        capital = False
        article = _ARTICLE_BEFORE.search(before)
        if article and _ARTICLE_AT_START.match(phrase):
            capital = article.group(1)[0].isupper()
            before = before[: article.start()]
        end = mention.possessive_end
        possessive = end > mention.end  # "Iraq's", "the Philippines'"
        if possessive:
            phrase += "'s"
        if capital or _SENTENCE_START.search(written_tail + before):
            phrase = phrase[:1].upper() + phrase[1:]
        out += [before, phrase]
        written_tail = (written_tail + before + phrase)[-80:]
        done = end
    out.append(text[done:])
    return "".join(out)


# ------------------------------------------------------------- summary record


def letter(n: int) -> str:
    """The letter of the n-th statement (from 0): a ... z, aa, ab ... az, ba ..."""
    if n < 0:
        raise ValueError("Statements are lettered from 0.")
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _get(obj, name: str, default=None):
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def build_summary_record(
    statements: Iterable,
    categories: Mapping[str, str],
    named_openly: Mapping[str, str],
    *,
    lexicon: Lexicon,
) -> list[SummaryEntry]:
    """The detailed record of a summary: statements lettered across items, speakers anonymised.

    Each statement (object or dict) has `agenda_label`, `delegation_key` (or None),
    `anonymous_category` and `text`, in the order of the record. Its speaker is the name in
    `named_openly` (the hosts: "Australia said:"), else its own `anonymous_category`, else
    the category of its delegation ("A donor/partner State said:"); categories carry their
    article. A statement with none of these is refused rather than left attributable.
    Texts keep their sentences; only the speaker changes, and other participants get neutral
    phrases (`speech.anonymise_statement`), with the openly named delegations allowed. The
    categories name speakers only, once each, in the speaker line.
    """
    lexicon = lexicon.allowing(named_openly)
    entries = []
    for index, statement in enumerate(statements):
        key = _get(statement, "delegation_key")
        own_category = (_get(statement, "anonymous_category") or "").strip()
        if key in named_openly:
            speaker = named_openly[key]
        elif own_category:
            speaker = own_category
        elif key in categories:
            speaker = categories[key]
        else:
            raise ValueError(f"Statement {letter(index)}) has no category for {key or 'its speaker'}.")
        speaker = speaker[:1].upper() + speaker[1:]
        entries.append(
            SummaryEntry(
                agenda_label=_get(statement, "agenda_label", ""),
                letter=letter(index),
                speaker_line=f"{speaker} said:",
                text=anonymise_statement(_get(statement, "text", ""), lexicon, speaker_key=key),
            )
        )
    return entries
