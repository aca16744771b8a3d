"""Text PDFs of minutes: poppler's `pdftotext -layout`, then the stretches laid out in two
columns read column by column.

`-layout` keeps each printed line with its horizontal spacing, so two columns printed side by
side come out as lines with a wide gap at the same place. Two cases look alike there and are
read differently:

- a list printed in two columns ("Austria / H.E. Lukas Brenner / Chile / Ms. …" on the left,
  "Norway / Mr. … / ICRC / …" on the right): the left column is read to its end, then the right;
  a row-by-row reading would give Austria's people to Norway;
- a table of delegations and their people (the delegation on the left, its people on the right,
  no person on the left): each row is read as one line, "Austria H.E. Lukas Brenner".

A stretch is two columns when at least three lines have text starting at the same column after
a gap of three spaces or more, and no line in between crosses that column.
"""

from __future__ import annotations

import re
import subprocess

from django.utils.translation import gettext as _

from .structure import TITLES, ImportErrorMessage

PDF_TIMEOUT_SECONDS = 30
PDF_MAX_PAGES = 200
GAP = 3  # spaces between two columns, at least
MIN_ROWS = 3  # lines with text in the right column, at least
MAX_STRETCH = 400  # lines; an attendance list is far shorter, and this bounds the work

_TITLE = re.compile(r"(?:^|\s)(?:" + "|".join(re.escape(t) for t in TITLES) + r")\s")
_BOUNDARY = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})?\.?(?:\s|$)|agenda item\b|(?:apologies|regrets|absent|excused)\b"
    r"|present\b|attendance\b|participants\s*:?$|list of)",
    re.IGNORECASE,
)


def read_pdf(data: bytes) -> str:
    """The text of a text PDF, two-column stretches read column by column."""
    if b"%PDF-" not in data[:1024]:
        raise ImportErrorMessage(_("This PDF file is damaged or is not a PDF."))
    command = ["pdftotext", "-layout", "-enc", "UTF-8", "-l", str(PDF_MAX_PAGES), "-", "-"]
    try:
        result = subprocess.run(command, input=data, capture_output=True, timeout=PDF_TIMEOUT_SECONDS, check=False)
    except FileNotFoundError:
        raise ImportErrorMessage(
            _("PDF files cannot be read on this server (poppler's pdftotext is missing); save the minutes as Word.")
        ) from None
    except subprocess.TimeoutExpired:
        raise ImportErrorMessage(_("This PDF file took too long to read; save the minutes as Word.")) from None
    if result.returncode != 0:
        if b"password" in result.stderr.lower():
            raise ImportErrorMessage(_("This PDF file is protected by a password: save it without one."))
        raise ImportErrorMessage(_("This PDF file is damaged and could not be read."))
    text = result.stdout.decode("utf-8", errors="replace")
    if not text.strip():
        raise ImportErrorMessage(
            _("This PDF file has no text to read (a scanned page?): import a PDF with text, or a Word file.")
        )
    return "\n".join(reading_order(text.replace("\f", "\n").splitlines()))


def _starts(line: str) -> set[int]:
    """Where text starts after a gap of GAP spaces or more (the start of a right column)."""
    return {m.end() for m in re.finditer(rf" {{{GAP},}}(?=\S)", line)}


def _stretch(lines: list[str], starts: list[set[int]], start: int) -> tuple[int, int] | None:
    """(column, end) of the two-column stretch starting at lines[start], if there is one."""

    def fits(index: int, column: int) -> bool:  # text at the column after a gap, or none near it
        return column in starts[index] or len(lines[index].rstrip()) <= column - GAP

    best = None
    limit = min(len(lines), start + MAX_STRETCH)
    for column in sorted(starts[start]):
        if not lines[start][:column].strip():  # indented text, not a right column
            continue
        end, rows, last_row = start, 0, start
        while end < limit and fits(end, column):
            if column in starts[end]:
                rows, last_row = rows + 1, end
            end += 1
        # left-column lines after the last right-column one still belong to the left column,
        # up to a blank line or the next heading
        end = last_row + 1
        while end < limit and lines[end].strip() and not _BOUNDARY.match(lines[end].strip()):
            if not fits(end, column) or column in starts[end]:
                break
            end += 1
        if rows >= MIN_ROWS and (best is None or end > best[1]):
            best = (column, end)
    return best


def _split(lines: list[str], column: int) -> list[str]:
    left = [line[:column].strip() for line in lines]
    right = [line[column:].strip() for line in lines]
    if not any(_TITLE.search(f" {cell} ") for cell in left) and any(_TITLE.search(f" {cell} ") for cell in right):
        # a table of delegations (left) and their people (right): row by row
        return [f"{a} {b}".strip() for a, b in zip(left, right, strict=True)]
    return [cell for cell in left if cell] + [cell for cell in right if cell]


def reading_order(lines: list[str]) -> list[str]:
    """The lines of `pdftotext -layout` in reading order: two-column stretches column by column."""
    starts = [_starts(line) for line in lines]
    result: list[str] = []
    i = 0
    while i < len(lines):
        found = _stretch(lines, starts, i) if starts[i] else None
        if found is None:
            result.append(lines[i].strip())
            i += 1
            continue
        column, end = found
        result.extend(_split(lines[i:end], column))
        i = end
    return result
