"""Issue 18: a French or Spanish page shows no English word, and no page is wider than the screen.

The English words that must not appear are taken from the catalogues themselves: every word of
the English messages (msgids) that no translation into that language uses. "Date", "Total",
"Document" or "Minutes" are written the same way in French, so they are not on the list; "meeting",
"invoice", "due" or "Save" are. Words of three letters or fewer are left out ("de", "la", "the"
would only add noise), and so are the proper names a test shows on purpose (`allowed`).

    walk(page, "/meetings/", "fr")                 # at 1366 px and at 390 px
    assert english_left(text, "es") == []
"""

from __future__ import annotations

import gettext
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = (1366, 390)
WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’][A-Za-z]+)?")
# Interpolation names, HTML and template syntax inside msgids are not words people read.
PLACEHOLDER = re.compile(r"%\([^)]*\)[sdfi]|\{[^}]*\}|<[^>]+>|&[a-z]+;")


def _words(text: str) -> set[str]:
    return {word.lower() for word in WORD.findall(PLACEHOLDER.sub(" ", text)) if len(word) > 3}


@cache
def english_only(language: str) -> frozenset[str]:
    """Words of the English messages that no message translated into `language` uses."""
    with open(ROOT / "locale" / language / "LC_MESSAGES" / "django.mo", "rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog
    english: set[str] = set()
    translated: set[str] = set()
    for key, value in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not msgid:  # the header
            continue
        msgid = msgid.split("\x04")[-1]  # without its context
        english |= _words(msgid)
        translated |= _words(value)
    # The plural msgids are in the .mo only under their singular form's key.
    return frozenset(english - translated)


def english_left(text: str, language: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """The English words in `text` (as a person reads it), minus the names in `allowed`."""
    allowed_words = set().union(*(_words(name) for name in allowed)) if allowed else set()
    found = _words(text) & english_only(language)
    return sorted(found - allowed_words)


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0: nothing to scroll sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def visible_text(page) -> str:
    """What a reader sees: the body's rendered text, the page title and the form fields' placeholders
    and button values (innerText leaves those out). Text marked translate="no" (a two-factor key,
    a code) is left out: it is in no language, and a random key can spell "SIZE"."""
    return page.evaluate(
        """() => [document.title,
                 [...document.querySelectorAll('[translate=no]')]
                     .reduce((text, e) => e.innerText ? text.split(e.innerText).join(' ') : text,
                             document.body.innerText),
                 ...[...document.querySelectorAll('input[placeholder], textarea[placeholder]')]
                     .map(e => e.placeholder),
                 ...[...document.querySelectorAll('input[type=submit], input[type=button]')]
                     .map(e => e.value)].join('\\n')"""
    )


def set_language(context, base_url: str, language: str) -> None:
    """Choose `language` for a browser context the way the switcher does: Django's language cookie."""
    context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])


def walk(page, path: str, language: str, *, allowed: tuple[str, ...] = (), widths=WIDTHS) -> None:
    """Open `path` at each width and fail on English words left on it or on sideways overflow."""
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(path)
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        left = english_left(visible_text(page), language, allowed)
        assert not left, f"{path} in {language} at {width} px shows English: {left}"
        wider = overflow(page)
        assert wider <= 0, f"{path} in {language} at {width} px is {wider} px wider than the screen"
