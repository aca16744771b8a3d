"""Issue 18: the French and Spanish catalogues translate every string of the portal, none fuzzy;
extracting the strings of the code again adds none they lack; the compiled catalogues (.mo) that
Django reads hold exactly what the .po files say."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fr", "es")
MAKEMESSAGES = [
    sys.executable, "manage.py", "makemessages", "--no-location", "--no-obsolete",
    "--ignore", ".venv/*", "--ignore", "bench/*", "--ignore", "tests/*",
]  # fmt: skip


def _statistics(po: Path) -> str:
    result = subprocess.run(["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)], capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
    return result.stderr.decode().strip()


def _complete(statistics: str) -> bool:
    return re.fullmatch(r"\d+ translated messages\.", statistics) is not None


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_translates_everything(language):
    statistics = _statistics(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
    assert _complete(statistics), f"{language}: {statistics}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_po_file(language, tmp_path):
    folder = ROOT / "locale" / language / "LC_MESSAGES"
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(folder / "django.po")], check=True)
    with open(compiled, "rb") as fresh, open(folder / "django.mo", "rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog, (
            f"run: msgfmt -o locale/{language}/LC_MESSAGES/django.mo locale/{language}/LC_MESSAGES/django.po"
        )


def test_extracting_the_strings_again_adds_none_untranslated(tmp_path):
    """makemessages rewrites the .po files in place: they are put back whatever happens."""
    saved = {language: tmp_path / f"{language}.po" for language in LANGUAGES}
    for language, copy in saved.items():
        shutil.copy(ROOT / "locale" / language / "LC_MESSAGES" / "django.po", copy)
    try:
        args = [a for language in LANGUAGES for a in ("-l", language)]
        subprocess.run([*MAKEMESSAGES, *args], cwd=ROOT, check=True, capture_output=True)
        for language in LANGUAGES:
            statistics = _statistics(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
            assert _complete(statistics), f"{language} after makemessages: {statistics}"
    finally:
        for language, copy in saved.items():
            shutil.copy(copy, ROOT / "locale" / language / "LC_MESSAGES" / "django.po")
