"""What a reader sees: text folded for matching (case, diacritics, look-alike letters, invisible
characters, separators), the words of a name, and the visible text of an HTML page."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser
from urllib.parse import unquote

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


def _words(text: str) -> list[str]:
    """The words of a name as written (diacritics folded, case kept), without inner fillers."""
    return _without_fillers(_TOKEN.findall(_fold_keep_case(text)))


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
