"""The Chatham House rule: find and remove every way a participant can be identified.

A meeting held under the rule is published as a sanitised summary in which speakers are
named only by category ("A donor/partner State said:", "An affected State said:"); only
the hosts or Coordinators are named openly. This module is pure: its functions take
plain data (a `Lexicon` built once from the register) and never touch the database, so
they can run in a view, a task or a test alike.

- `find_leaks` / `scan_document` list every mention of a participant in a text, with
  where it is and a snippet, for the ISU to review before publishing.
- `sanitise_statement` replaces such mentions with category phrases, to pre-clean text;
  the ISU still reviews the result.
- `build_summary_record` letters the statements a), b), c) ... across the whole record
  and writes each speaker line, as in the summary of 9 June 2017.

Matching folds case and diacritics (Dorović == Dorovic), reads '&', hyphens, line breaks
and repeated spaces inside a name as the same separator, respects whole words (Oman is
not in "woman", Niger is not in "Nigeria") and lets the longest name win where names
overlap ("Permanent Mission of Germany" is one venue, not also "Germany"). What a reader
sees is what counts: invisible characters (soft hyphens, zero-width spaces and joiners) are
dropped, compatibility forms folded (NFKD: fullwidth letters) and Cyrillic or Greek
look-alike letters read as the Latin ones ("Іtaly"); for a text shown as HTML,
`scan_document` also reads the page's text (`visible_text`). A State is also known by its
ISO 3166 names in English, French and Spanish (pycountry: "Liban", "Líbano"). Names that are
ordinary words in lower case (`CASE_SENSITIVE_NAMES`, and a person's surname alone) count
only when capitalised; short acronyms (EU, CMC, ISU) only in capitals.

The ISU is a participant like any other: a summary that says "The ISU said:" names it
openly, so callers that publish such summaries pass its key ("org:ISU") in
`allowed_keys`. Nothing is allowed by default.
"""

from __future__ import annotations

import dataclasses
import gettext
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from html.parser import HTMLParser
from urllib.parse import unquote

import pycountry

# Kinds of leak, as reported in Finding.kind.
STATE_NAME = "state name"
ALIAS = "alias"
DEMONYM = "demonym"
PLACE = "capital/place"
PERSON = "person"
ROLE = "role"
VENUE = "venue"
ORGANISATION = "organisation"
LEAK_KINDS = (STATE_NAME, ALIAS, DEMONYM, PLACE, PERSON, ROLE, VENUE, ORGANISATION)

PARTICIPANT_KINDS = ("state", "organisation", "person")
_DEFAULT_LEAK_KIND = {"state": STATE_NAME, "organisation": ORGANISATION, "person": PERSON}

# Names that are also ordinary words in lower case ("turkey sandwich", "fine china"):
# they count only when written as in the register, or in capitals (headings).
CASE_SENSITIVE_NAMES = frozenset(
    {
        "Chad",
        "Chile",
        "Chili",  # French for Chile
        "China",
        "Chine",  # French for China
        "Georgia",
        "Grenade",  # French for Grenada
        "Guinea",
        "Jordan",
        "Lima",
        "Male",
        "Nice",
        "Panama",
        "Polish",
        "Swede",
        "Turkey",
        "Victoria",
    }
)
_CASE_SENSITIVE_FOLDED = frozenset(name.lower() for name in CASE_SENSITIVE_NAMES)

# What a mention becomes in sanitised text when the caller gave no phrase for its participant.
DEFAULT_PHRASES = {"state": "a State", "organisation": "an organisation", "person": "a representative"}

TITLES = ("H.E.", "Mr.", "Ms.", "Mrs.", "Dr.", "Prof.", "Ambassador", "Amb.")

SNIPPET_WIDTH = 40


# --------------------------------------------------------------------------- data


@dataclass
class Participant:
    """Someone who may have spoken: a State, an organisation or a person.

    `names` maps every string that identifies the participant to the kind of leak it is
    ("Iraqi" -> "demonym"). A plain list of strings is accepted too; each then gets the
    participant's default kind ("state name", "organisation" or "person").
    `delegation_key` is, for a person, the key of the delegation they belong to.
    """

    key: str
    kind: str
    names: Mapping[str, str] = field(default_factory=dict)
    delegation_key: str | None = None

    def __post_init__(self):
        if self.kind not in PARTICIPANT_KINDS:
            raise ValueError(f"Unknown participant kind {self.kind!r} for {self.key}.")
        if not isinstance(self.names, Mapping):
            default = _DEFAULT_LEAK_KIND[self.kind]
            self.names = dict.fromkeys(self.names, default)
        else:
            self.names = dict(self.names)
        unknown = set(self.names.values()) - set(LEAK_KINDS)
        if unknown:
            raise ValueError(f"Unknown kind of leak {sorted(unknown)} for {self.key}.")


@dataclass(frozen=True)
class Lexicon:
    """Every participant of a meeting (or of the register) and the keys named openly.

    Allowed participants are still matched, so that their names are not half-reported
    ("Permanent Mission of Australia" is not a leak of anything), but give no finding and
    are left as they are by `sanitise_statement`. Treat a lexicon as immutable: its regex
    is compiled on first use and cached (shared by lexicons with the same names, so
    `dataclasses.replace(lexicon, allowed=...)` costs nothing).
    """

    participants: Sequence[Participant]
    allowed: frozenset[str] = frozenset()

    def __post_init__(self):
        object.__setattr__(self, "participants", tuple(self.participants))
        object.__setattr__(self, "allowed", frozenset(self.allowed))

    def allowing(self, keys: Iterable[str]) -> Lexicon:
        """The same lexicon with more keys named openly."""
        return dataclasses.replace(self, allowed=self.allowed | frozenset(keys))

    def participant(self, key: str) -> Participant | None:
        return self._by_key.get(key)

    @cached_property
    def _by_key(self) -> dict[str, Participant]:
        return {p.key: p for p in self.participants}

    @cached_property
    def _matcher(self) -> _Matcher:
        signature = tuple((p.key, p.kind, name, kind) for p in self.participants for name, kind in p.names.items())
        return _compile_matcher(signature)


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


# ---------------------------------------------------------------- normalisation

# Letters NFKD does not decompose, and the punctuation that real documents vary.
_EXTRA_FOLD = str.maketrans(
    {
        "đ": "d",
        "ð": "d",
        "ø": "o",
        "ł": "l",
        "ı": "i",
        "ħ": "h",
        "þ": "th",
        "æ": "ae",
        "œ": "oe",
        "ß": "ss",
        "-": " ",
        "_": " ",  # file names: "summary_Iraq_2017.pdf"
        ".": " ",
        "(": " ",
        ")": " ",
        "/": " ",
        "&": " ",
        "‐": " ",
        "‑": " ",
        "‒": " ",
        "–": " ",
        "—": " ",
        "−": " ",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "´": "'",
    }
)
# ASCII text, by far the common case, folds with one translate and keeps its offsets.
_ASCII_FOLD = str.maketrans(dict.fromkeys("-_\t\n\r\x0b\x0c.()/&", " ") | {"`": "'"})


# Letters of other scripts that look like Latin ones ("Іtaly" with a Cyrillic I): a reader
# sees the Latin name. Capitals are folded before lower-casing (Cyrillic "Н" looks like H,
# its lower case "н" does not).
_CONFUSABLES = str.maketrans(
    {
        # Cyrillic capitals
        "А": "A",
        "В": "B",
        "Е": "E",
        "Ё": "E",
        "І": "I",
        "Ї": "I",
        "Ј": "J",
        "К": "K",
        "М": "M",
        "Н": "H",
        "О": "O",
        "Р": "P",
        "С": "C",
        "Ѕ": "S",
        "Т": "T",
        "У": "Y",
        "Ү": "Y",
        "Х": "X",
        "Ԁ": "D",
        "Ԛ": "Q",
        "Ԝ": "W",
        "Ӏ": "I",
        # Cyrillic small letters
        "а": "a",
        "е": "e",
        "ё": "e",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "к": "k",
        "о": "o",
        "р": "p",
        "с": "c",
        "ѕ": "s",
        "у": "y",
        "ү": "y",
        "х": "x",
        "һ": "h",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "ӏ": "l",
        "ɡ": "g",
        # Greek capitals
        "Α": "A",
        "Β": "B",
        "Ε": "E",
        "Ζ": "Z",
        "Η": "H",
        "Ι": "I",
        "Κ": "K",
        "Μ": "M",
        "Ν": "N",
        "Ο": "O",
        "Ρ": "P",
        "Τ": "T",
        "Υ": "Y",
        "Χ": "X",
        # Greek small letters
        "α": "a",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
    }
)


def _invisible(char: str) -> bool:
    """Soft hyphens, zero-width spaces and joiners, BOMs, direction marks: format characters
    a reader does not see, so a name with one inside reads as the name."""
    return unicodedata.category(char) == "Cf"


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    if char.isspace():
        return " "
    if _invisible(char):
        return ""
    folded = unicodedata.normalize("NFKD", char.translate(_CONFUSABLES).lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return folded.translate(_EXTRA_FOLD)


def _fold(text: str) -> tuple[str, list[int] | None]:
    """Fold case, diacritics and separators, with a map from folded to original offsets.

    The map is None when every character folds to exactly one (offsets are unchanged).
    """
    if text.isascii():
        return text.lower().translate(_ASCII_FOLD), None
    pieces = [_fold_char(c) for c in text]
    folded = "".join(pieces)
    if all(len(p) == 1 for p in pieces):
        return folded, None
    offsets = [i for i, piece in enumerate(pieces) for _ in piece]
    return folded, offsets


def _fold_keep_case(text: str) -> str:
    visible = "".join(c for c in text if not _invisible(c)).translate(_CONFUSABLES)
    decomposed = unicodedata.normalize("NFKD", visible)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


# Words that may come and go inside a name: "Bosnia & Herzegovina", "Permanent Mission of
# the Federal Republic of Germany". A leading "the" stays ("The Netherlands", "the Presidency").
_FILLERS = frozenset({"and", "the"})


def _without_fillers(words: list[str]) -> list[str]:
    last = len(words) - 1
    return [w for i, w in enumerate(words) if w.lower() not in _FILLERS or i in (0, last)]


def _name_key(text: str) -> str:
    """The form a name is looked up by: folded words, without inner 'and' or 'the'."""
    return " ".join(_without_fillers(_TOKEN.findall(_fold(text)[0])))


# Between two words of a name: spaces (line breaks, hyphens, the dots of "H.E.", brackets,
# slashes and '&' have all become spaces), and perhaps a filler word.
_SEP = " +(?:(?:and|the) +)?"


# ------------------------------------------------------------------ the matcher


@dataclass(frozen=True)
class _Entry:
    participant_key: str
    participant_kind: str
    kind: str
    name: str
    case_rule: str | tuple[bool, ...] | None  # see _case_rule


@dataclass(frozen=True)
class _Matcher:
    regex: re.Pattern
    lookup: dict[str, tuple[_Entry, ...]]


def _words(text: str) -> list[str]:
    """The words of a name as written (diacritics folded, case kept), without inner fillers."""
    return _without_fillers(_TOKEN.findall(_fold_keep_case(text)))


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
    entries: tuple[_Entry, ...]


def _case_ok(entry: _Entry, original: str) -> bool:
    if entry.case_rule is None:
        return True
    written, expected = _words(original), _words(entry.name)
    if entry.case_rule == "exact":
        return written == expected
    if len(written) != len(expected):  # cannot happen for equal keys; err on reporting
        return True
    return all(
        not sensitive or w == n or w.isupper()
        for w, n, sensitive in zip(written, expected, entry.case_rule, strict=True)
    )


def _mentions(text: str, lexicon: Lexicon) -> Iterator[_Mention]:
    """Every mention of any participant (allowed ones included), left to right."""
    matcher = lexicon._matcher
    folded, offsets = _fold(text)

    def original(index: int) -> int:
        return index if offsets is None else offsets[index]

    def original_end(index: int) -> int:
        end = original(index - 1) + 1
        while end < len(text) and unicodedata.combining(text[end]):
            end += 1  # "Dorovic" + U+0301: the accent belongs to the match
        return end

    position = 0
    while match := matcher.regex.search(folded, position):
        start, end = match.span("name")
        entries = matcher.lookup.get(_name_key(match.group("name")), ())
        o_start, o_end = original(start), original_end(end)
        entries = tuple(e for e in entries if _case_ok(e, text[o_start:o_end]))
        if not entries:  # "turkey", "cmc": not a name here
            position = start + 1
            continue
        yield _Mention(o_start, o_end, original_end(match.end()), entries)
        position = match.end()


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
    and the matched text point into `text` as given (not into a normalised copy).
    """
    findings = []
    for mention in _mentions(text, lexicon):
        for entry in mention.entries:
            if entry.participant_key in lexicon.allowed:
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

# Elements a browser lays out as blocks (or cells, or breaks): their boundaries separate words.
# Inline ones (em, strong, a, code, span, sup ...) do not: "It<em>al</em>y" reads "Italy".
_BLOCK_TAGS = frozenset(
    """address article aside blockquote br caption dd details div dl dt figcaption figure footer
    h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th
    thead tr ul""".split()
)
# Attributes a reader sees too (a tooltip, the address of a link in the status bar).
_SHOWN_ATTRIBUTES = frozenset({"title", "alt", "href"})


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)  # entities are read as the characters they stand for
        self.text: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.text.append("\n")
        self.attributes += [unquote(value) for name, value in attrs if name in _SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self.text.append("\n")

    def handle_data(self, data):
        self.text.append(data)

    # Comments, processing instructions and declarations are not shown: the defaults drop them.


def visible_text(html: str) -> str:
    """The text a reader reads on a page showing `html`: tags and comments gone, entities read,
    block boundaries as line breaks; then the values of shown attributes (link addresses,
    titles), one a line."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return "".join(parser.text) + "\n" + "\n".join(parser.attributes)


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
        entry = next((e for e in mention.entries if e.participant_key not in lexicon.allowed), None)
        if entry is None:
            continue
        before = text[done : mention.start]
        phrase = _phrase_for(entry, text[mention.start : mention.end], lexicon, replacements)
        capital = False
        article = _ARTICLE_BEFORE.search(before)
        if article and _ARTICLE_AT_START.match(phrase):
            capital = article.group(1)[0].isupper()
            before = before[: article.start()]
        end = mention.possessive_end
        possessive = end > mention.end
        if not possessive and text[end : end + 1] == "'" and text[mention.end - 1 : mention.end] in ("s", "S"):
            possessive, end = True, end + 1  # "the Philippines'"
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
    Texts go through `sanitise_statement`, with the openly named delegations allowed.
    """
    lexicon = lexicon.allowing(named_openly)
    base = {key: _with_article_lowered(phrase) for key, phrase in categories.items()}
    entries = []
    for index, statement in enumerate(statements):
        key = _get(statement, "delegation_key")
        own_category = (_get(statement, "anonymous_category") or "").strip()
        replacements = base
        if key in named_openly:
            speaker = named_openly[key]
        elif own_category:
            speaker = own_category
            if key:
                replacements = base | {key: _with_article_lowered(own_category)}
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
                text=sanitise_statement(_get(statement, "text", ""), lexicon, replacements),
            )
        )
    return entries


# ------------------------------------------------------------- from the register


def delegation_key(delegation) -> str | None:
    """'state:IRQ' or 'org:UNODA' for a Delegation (or None)."""
    if delegation is None:
        return None
    state = getattr(delegation, "state", None)
    if state is not None:
        return state_key(state)
    organisation = getattr(delegation, "organisation", None)
    return organisation_key(organisation) if organisation is not None else None


def state_key(state) -> str:
    return f"state:{state.iso3}"


def organisation_key(organisation) -> str:
    return f"org:{organisation.acronym or getattr(organisation, 'pk', None) or organisation.name}"


def person_key(person) -> str:
    return f"person:{getattr(person, 'pk', None) or _person_full_name(person)}"


def _person_full_name(person, with_title: bool = True) -> str:
    parts = (person.title if with_title else "", person.first_name, person.last_name)
    return " ".join(p.strip() for p in parts if p and p.strip())


def _split(values: str | None) -> list[str]:
    return [v.strip() for v in (values or "").split(",") if v.strip()]


def _demonym_plural(demonym: str) -> str | None:
    """Iraqi -> Iraqis, Australian -> Australians; Swiss, French, Maltese stay as they are."""
    if demonym.lower().endswith(("ese", "s", "sh", "ch", "x", "z")):
        return None
    return demonym + "s"


def _aliases(state) -> list[str]:
    aliases = getattr(state, "aliases", None)
    if aliases is None:
        return []
    if hasattr(aliases, "all"):
        aliases = aliases.all()
    return [a if isinstance(a, str) else a.alias for a in aliases]


def _without_the(name: str) -> str:
    return name[4:] if name.lower().startswith("the ") else name


# The languages a summary's reader may read a State's name in, besides the register's English.
NAME_LANGUAGES = ("fr", "es")


@lru_cache(maxsize=8)
def _iso3166_translation(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _iso_name_variants(name: str) -> list[str]:
    """The forms a name of the ISO 3166 list is written in running text.

    "Corée, République de" -> "République de Corée" and "Corée"; "Iran, République islamique d'"
    -> "République islamique d'Iran"; "Saint-Siège (état de la cité du Vatican)" -> both parts.
    """
    variants = [name]
    outer, _, inner = name.partition(" (")
    if inner:
        variants += [outer, inner.rstrip(")")]
    for base in list(variants):
        head, comma, tail = base.partition(", ")
        if comma:
            variants += [f"{tail}{head}" if tail.endswith("'") else f"{tail} {head}", head]
    return [v.strip() for v in variants if "," not in v and v.strip()]


@lru_cache(maxsize=1024)
def _iso_names(iso3: str, iso2: str) -> tuple[str, ...]:
    """A State's names in the ISO 3166 list (pycountry): English short, common and official
    names, and their French and Spanish translations, with their running-text forms."""
    country = (pycountry.countries.get(alpha_3=iso3) if iso3 else None) or (
        pycountry.countries.get(alpha_2=iso2) if iso2 else None
    )
    if country is None:
        return ()
    english = [getattr(country, attr, None) for attr in ("name", "common_name", "official_name")]
    english = [name for name in english if name]
    names = list(english)
    for language in NAME_LANGUAGES:
        translate = _iso3166_translation(language).gettext
        names += [translate(name) for name in english]
    return tuple(dict.fromkeys(variant for name in names for variant in _iso_name_variants(name)))


def _state_names(state, places: Iterable[str]) -> dict[str, str]:
    names: dict[str, str] = {}

    def add(name: str | None, kind: str) -> None:
        if name and name.strip():
            names.setdefault(name.strip(), kind)

    add(state.name, STATE_NAME)
    add(getattr(state, "official_name", ""), STATE_NAME)
    aliases = _aliases(state)
    for alias in aliases:
        add(alias, ALIAS)
    for name in _iso_names(getattr(state, "iso3", "") or "", getattr(state, "iso2", "") or ""):
        add(name, ALIAS)
    for demonym in _split(getattr(state, "demonyms", "")):
        add(demonym, DEMONYM)
        add(_demonym_plural(demonym), DEMONYM)
    add(getattr(state, "capital", ""), PLACE)
    for place in places:
        add(place, PLACE)
    for base in [state.name, getattr(state, "official_name", ""), *aliases]:
        if base and base.strip():
            base = _without_the(base.strip())
            for venue in ("Permanent Mission of", "Mission of", "Embassy of"):
                add(f"{venue} {base}", VENUE)  # "of the ..." matches too: "the" is a filler
    return names


def _person_names(person) -> dict[str, str]:
    last, first = (person.last_name or "").strip(), (person.first_name or "").strip()
    names = [_person_full_name(person), _person_full_name(person, with_title=False)]
    for title in TITLES:
        names.append(f"{title} {last}")
    if first:
        names += [f"Ambassador {first} {last}", f"Amb. {first} {last}"]
    if len(last) >= 4:
        names.append(last)
    return dict.fromkeys((n for n in names if n.strip() and last), PERSON)


def _kind_of_key(key: str) -> str:
    prefix = key.split(":", 1)[0]
    kinds = {"state": "state", "org": "organisation", "person": "person"}
    if prefix not in kinds:
        raise ValueError(f"A participant key starts with state:, org: or person:, not {key!r}.")
    return kinds[prefix]


def lexicon_from_register(
    states: Iterable,
    organisations: Iterable = (),
    people: Iterable = (),
    *,
    roles: Mapping[str, Iterable[str]] | None = None,
    places: Mapping[str, Iterable[str]] | None = None,
    allowed_keys: Iterable[str] = (),
) -> Lexicon:
    """Build a lexicon from register rows (model instances or anything with their attributes).

    For each State: its short and official names, aliases, its ISO 3166 names in English,
    French and Spanish by its ISO3 (or ISO2) code, demonyms (and their plurals),
    capital, extra `places` by ISO3 code ({"LBN": ["Beirut"]}) and its venues ("Permanent
    Mission of ..."). For each organisation its name and acronym; for each person their
    name with and without title, "Ambassador <surname>" and the surname alone (4+ letters).
    `roles` maps participant keys to the roles that point to them ({"state:DEU": ["7MSP
    President", "the Presidency"]}); a person's function is not used (too generic: pass a
    distinctive one as a role). `allowed_keys` are named openly (hosts, Coordinators,
    and "org:ISU" when the summary names the ISU).
    """
    places = places or {}
    participants: dict[str, Participant] = {}
    for state in states:
        key = state_key(state)
        participants[key] = Participant(key, "state", _state_names(state, places.get(state.iso3, ())))
    for organisation in organisations:
        key = organisation_key(organisation)
        names = [organisation.name, organisation.acronym]
        participants[key] = Participant(key, "organisation", [n.strip() for n in names if n and n.strip()])
    for person in people:
        key = person_key(person)
        participants[key] = Participant(
            key, "person", _person_names(person), delegation_key=delegation_key(getattr(person, "delegation", None))
        )
    for key, role_names in (roles or {}).items():
        participant = participants.setdefault(key, Participant(key, _kind_of_key(key)))
        for role in role_names:
            if role.strip():
                participant.names.setdefault(role.strip(), ROLE)
    return Lexicon(list(participants.values()), frozenset(allowed_keys))
