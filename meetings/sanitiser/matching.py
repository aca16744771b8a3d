"""The matcher: one regex over every name of a lexicon (a character trie, the longest name
wins), the world's names (`world.py`, an automaton) beside it, each mention judged for case, and
the leak checks built on it (`find_leaks`, `scan_document`).

A mention is a finding, a *possible* finding (a name that is also an ordinary word, written as
the word: "chile had pledged", "a nice idea"; or a town named like a word at the start of a
sentence: "Reading the report, ..."), or nothing (an acronym not in capitals: "the cmc")."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .kinds import _CASE_SENSITIVE_FOLDED, PLACE_KINDS, SNIPPET_WIDTH
from .text import _SEP, _fold, _invisible, _name_key, _words, visible_text

if TYPE_CHECKING:
    from .lexicon import Lexicon


@dataclass(frozen=True)
class Finding:
    """One mention of a participant: where, what, and the text around it."""

    where: str
    text: str
    start: int
    end: int
    participant_key: str
    kind: str
    snippet: str
    possible: bool = False  # an ordinary word that may be the name: to confirm or waive


@dataclass(frozen=True)
class _Entry:
    participant_key: str  # "" for a neutral phrase of the world ("Vientiane Action Plan")
    participant_kind: str
    kind: str
    name: str
    case_rule: str | tuple[bool, ...] | None  # see _case_rule
    ordinary: bool = False  # also an ordinary lower-case word (the world's data says so)


@dataclass(frozen=True)
class _Matcher:
    regex: re.Pattern
    lookup: dict[str, tuple[_Entry, ...]]


def _case_rule(name: str, participant_kind: str) -> str | tuple[bool, ...] | None:
    """How a name's case must be written: freely (None), exactly, or word by word.

    Word by word, a True word must appear as in the register or in capitals (headings).
    """
    words = _words(name)
    if len(words) == 1 and len(words[0]) <= 4 and sum(c.isupper() for c in words[0]) >= 2:
        return "exact"  # EU, CMC, ISU, BiH
    if participant_kind == "person" and len(words) == 1:
        return (True,)  # a surname alone: "Mr. Young" is a person, "young" is not
    sensitive = tuple(w.lower() in _CASE_SENSITIVE_FOLDED for w in words)
    return sensitive if any(sensitive) else None


def _trie_pattern(keys: Iterable[str]) -> str:
    """One regex for all names, factored as a character trie so it runs in linear time.

    At each node the longer continuation is tried before stopping (greedy '?'), so the
    longest name wins; backtracking falls back to shorter ones.
    """
    trie: dict = {}
    for key in keys:
        node = trie
        for char in key:
            node = node.setdefault(char, {})
        node[None] = True

    def emit(node: dict) -> str:
        branches = [(_SEP if char == " " else re.escape(char)) + emit(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if None in node else body

    return emit(trie)


@lru_cache(maxsize=16)
def _compile_matcher(signature: tuple[tuple[str, str, str, str], ...]) -> _Matcher:
    lookup: dict[str, dict[str, _Entry]] = {}
    for participant_key, participant_kind, name, kind in signature:
        key = _name_key(name)
        if len(key) < 2:
            continue
        entries = lookup.setdefault(key, {})
        if participant_key not in entries:  # the first kind given for a name wins
            entries[participant_key] = _Entry(
                participant_key, participant_kind, kind, name, _case_rule(name, participant_kind)
            )
    # Sorted so that equal lexicons compile to the same pattern whatever their order.
    pattern = _trie_pattern(sorted(lookup)) if lookup else "(?!)"
    regex = re.compile(rf"\b(?P<name>{pattern})(?P<poss>'s)?\b")
    return _Matcher(regex, {key: tuple(entries.values()) for key, entries in lookup.items()})


@dataclass(frozen=True)
class _Mention:
    start: int  # of the name, in the original text
    end: int
    possessive_end: int  # end including "'s"
    entries: tuple[tuple[_Entry, bool], ...]  # each with whether it is only possible


def _sentence_start(text: str, start: int) -> bool:
    """Whether a capital at `start` may be there only because a sentence, a line or a bullet starts."""
    index = start - 1
    while index >= 0 and text[index] in " \t\u00a0\"'“‘(*•-\u2022\uf0b7#>":
        index -= 1
    return index < 0 or text[index] in ".!?\n\r"


def _judge(entry: _Entry, text: str, start: int, end: int) -> bool | None:
    """None when the mention is not a name here (an acronym in lower case), else whether it is
    only a possible finding: a name that is also an ordinary word written otherwise than as the
    name ("turkey", "biontino"), or a town named like a word ("Reading", "NICE") at the start of
    a sentence or in capitals."""
    if entry.case_rule is None:
        return False
    original = text[start:end]
    written, expected = _words(original), _words(entry.name)
    if entry.case_rule == "exact":
        return False if written == expected else None
    if len(written) != len(expected):  # cannot happen for equal keys; err on reporting
        return False
    as_name = all(
        not sensitive or w == n or w.isupper()
        for w, n, sensitive in zip(written, expected, entry.case_rule, strict=True)
    )
    if not as_name:
        return True
    if entry.ordinary and entry.kind in PLACE_KINDS:
        return original.isupper() or _sentence_start(text, start)
    return False


def _judged(entries, text: str, start: int, end: int) -> tuple[tuple[_Entry, bool], ...]:
    judged = ((entry, _judge(entry, text, start, end)) for entry in entries)
    return tuple((entry, possible) for entry, possible in judged if possible is not None)


def _merge(first: _Mention, second: _Mention) -> _Mention:
    """One mention found by both matchers: each participant once, a finding over a possible one;
    a neutral phrase gives way to any name."""
    best: dict[str, tuple[_Entry, bool]] = {}
    for entry, possible in first.entries + second.entries:
        known = best.get(entry.participant_key)
        if known is None or (known[1] and not possible):
            best[entry.participant_key] = (entry, possible)
    if len(best) > 1:
        best.pop("", None)
    end = max(first.possessive_end, second.possessive_end)
    return dataclasses.replace(first, entries=tuple(best.values()), possessive_end=end)


def _mentions(text: str, lexicon: Lexicon) -> Iterator[_Mention]:
    """Every mention of any participant (allowed ones and neutral phrases included), left to
    right, the longest where they overlap."""
    matcher = lexicon._matcher
    folded, offsets = _fold(text)

    def original(index: int) -> int:
        return index if offsets is None else offsets[index]

    def original_end(index: int) -> int:
        end = original(index - 1) + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1  # "Dorovic" + U+0301: the accent belongs to the match
        return end

    candidates = []
    position = 0
    while match := matcher.regex.search(folded, position):
        start, end = match.span("name")
        entries = matcher.lookup.get(_name_key(match.group("name")), ())
        o_start, o_end = original(start), original_end(end)
        judged = _judged(entries, text, o_start, o_end)
        if not judged:  # "cmc": not a name here
            position = start + 1
            continue
        candidates.append(_Mention(o_start, o_end, original_end(match.end()), judged))
        position = match.end()
    if lexicon.world is not None:
        from .world import world_hits

        for hit in world_hits(folded, lexicon.world):
            o_start, o_end = original(hit.start), original_end(hit.end)
            judged = _judged(hit.entries, text, o_start, o_end)
            if judged:
                possessive = _POSSESSIVE.match(folded, hit.end)
                end = original_end(possessive.end()) if possessive else o_end
                candidates.append(_Mention(o_start, o_end, end, judged))
    candidates.sort(key=lambda m: (m.start, -m.end))
    candidates = [_plural_possessive(text, m) for m in candidates]
    kept: _Mention | None = None
    for mention in candidates:
        if kept is not None and (mention.start, mention.end) == (kept.start, kept.end):
            kept = _merge(kept, mention)
        elif kept is None or mention.start >= kept.end:
            if kept is not None:
                yield kept
            kept = mention
    if kept is not None:
        yield kept


_POSSESSIVE = re.compile(r"'s\b")


def _plural_possessive(text: str, mention: _Mention) -> _Mention:
    """In "the Philippines' plan" the apostrophe after a name ending in s is its possessive."""
    end = mention.possessive_end
    if end == mention.end and text[end - 1 : end] in ("s", "S") and text[end : end + 1] in ("'", "’"):
        if not text[end + 1 : end + 2].isalnum():
            return dataclasses.replace(mention, possessive_end=end + 1)
    return mention


def _snippet(text: str, start: int, end: int) -> str:
    """The text around a mention, with invisible characters shown as [U+200B] for the ISU."""
    left, right = max(0, start - SNIPPET_WIDTH), min(len(text), end + SNIPPET_WIDTH)
    snippet = " ".join(text[left:right].split())
    snippet = "".join(f"[U+{ord(c):04X}]" if _invisible(c) else c for c in snippet)
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")


# ------------------------------------------------------------------ leak checks


def find_leaks(text: str, lexicon: Lexicon, where: str) -> list[Finding]:
    """Every mention in `text` of a participant not named openly, in order.

    A name shared by several participants gives one finding per participant. Offsets
    and the matched text point into `text` as given (not into a normalised copy). A
    finding with `possible` set is an ordinary word that may be the name: never dropped,
    it is for the ISU to confirm (fix the text) or waive.
    """
    findings = []
    for mention in _mentions(text, lexicon):
        for entry, possible in mention.entries:
            if not entry.participant_key or entry.participant_key in lexicon.allowed:
                continue
            findings.append(
                Finding(
                    where=where,
                    text=text[mention.start : mention.possessive_end],
                    start=mention.start,
                    end=mention.possessive_end,
                    participant_key=entry.participant_key,
                    kind=entry.kind,
                    snippet=_snippet(text, mention.start, mention.possessive_end),
                    possible=possible,
                )
            )
    return findings


def scan_document(parts: Iterable[tuple[str, str] | tuple[str, str, str]], lexicon: Lexicon) -> list[Finding]:
    """Check each part of a summary: its title, key points, statements, file names.

    A part is (where, text), or (where, text, html) for a text shown as HTML (rendered
    Markdown): then what a reader of the page reads (`visible_text`) is checked too, so a
    name the source hides ("It*al*y", "Leb&#97;non", "Aus<!-- -->tralia") is found. A name
    found in both is reported once, from the source; a name found only on the page has its
    offsets and snippet in the visible text.
    """
    findings = []
    for where, text, *shown in parts:
        found = find_leaks(text or "", lexicon, where)
        if shown and shown[0]:
            seen = {(_name_key(f.text), f.participant_key) for f in found}
            for finding in find_leaks(visible_text(shown[0]), lexicon, where):
                if (_name_key(finding.text), finding.participant_key) not in seen:
                    found.append(dataclasses.replace(finding, snippet=_AS_SHOWN + finding.snippet))
        findings += found
    return findings


_AS_SHOWN = "(as shown on the page) "
