"""A redline: what changed between two texts, word by word, as HTML marked with <del> and <ins>.

Pure logic (difflib from the standard library): the minutes' comparison of two versions, the
comparison of a correction with what it corrects, and an item's history all use it.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Words, runs of whitespace, and each punctuation mark on its own: "2016." → "2016", "." so that a
# changed year does not mark its full stop as changed too.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)
_LEADING_SPACE = re.compile(r"^\s*")
_TRAILING_SPACE = re.compile(r"\s*$")


def _segments(old: str, new: str) -> list[list]:
    """[unchanged, old text, new text] runs, with a space between two changes folded into them
    ("old words" → "new text" reads as one change, not two), but never a line break."""
    # a browser sends a textarea's line breaks as CRLF: the same text typed again is not a change
    a, b = _TOKEN.findall(old.replace("\r\n", "\n")), _TOKEN.findall(new.replace("\r\n", "\n"))
    runs = [
        [tag == "equal", "".join(a[i1:i2]), "".join(b[j1:j2])]
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    ]
    merged: list[list] = []
    for run in runs:
        if not run[0] and len(merged) >= 2 and not merged[-2][0] and _foldable(merged[-1]):
            space = merged.pop()[1]
            merged[-1][1] += space + run[1]
            merged[-1][2] += space + run[2]
        else:
            merged.append(run)
    return merged


def _foldable(run: list) -> bool:
    return run[0] and run[1].isspace() and "\n" not in run[1]


def _split_space(old: str, new: str) -> tuple[str, str, str, str]:
    """The whitespace around a change that reads better outside its marks: (before, old, new, after)."""
    before = after = ""
    lead_old, lead_new = _LEADING_SPACE.match(old).group(), _LEADING_SPACE.match(new).group()
    if not old or not new or lead_old == lead_new:
        before = lead_old or lead_new
        old, new = old[len(lead_old) :], new[len(lead_new) :]
    trail_old, trail_new = _TRAILING_SPACE.search(old).group(), _TRAILING_SPACE.search(new).group()
    if not old or not new or trail_old == trail_new:
        after = trail_old or trail_new
        old, new = old[: len(old) - len(trail_old)], new[: len(new) - len(trail_new)]
    return before, old, new, after


def redline(old: str, new: str) -> SafeString:
    """The new text with what was removed in <del> and what was added in <ins>, word by word;
    every piece of either text escaped (a text never injects markup)."""
    html: list[str] = []
    for unchanged, old_text, new_text in _segments(old or "", new or ""):
        if unchanged:
            html.append(escape(old_text))
            continue
        before, old_text, new_text, after = _split_space(old_text, new_text)
        html.append(escape(before))
        if old_text:
            html.append(f"<del>{escape(old_text)}</del>")
        if new_text:
            html.append(f"<ins>{escape(new_text)}</ins>")
        html.append(escape(after))
    return mark_safe("".join(html))  # noqa: S308 - every piece of text above is escaped
