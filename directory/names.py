"""How the ISU's letters name a State, join a list and write an amount, in English, French and Spanish.

A State's name in running text takes its article as the UN writes it: "the Netherlands", "les
Pays-Bas", "los Países Bajos", but "Italy", "l'Italie", "Italia". The French and Spanish names and
the three articles are fields of the State (filled from directory/data/state_names.csv where blank:
the UN's English, French and Spanish lists of Member States); "of" contracts with the article:
"du Liban", "des Pays-Bas", "de l'Iraq", "d'Israël", "del Líbano", "de los Países Bajos".

The register holds official names in English only: in French and Spanish, where a letter would use
the official name ("Permanent Mission of ..."), the short name is used, as UN texts in those
languages do.

Dates (`letter_date`): '30 November 2026', '30 novembre 2026' ('1er décembre'), '30 de noviembre
de 2026'.

Amounts (`chf`): English "CHF 1,234.56"; French "1 234,56 CHF", the thousands separated by a narrow
no-break space (U+202F) as French typography (and UN Geneva's French texts) writes them; Spanish
"1.234,56 CHF". The currency and the number are held together by a no-break space (U+00A0), so a
line never breaks between them.

The functions read a State's attributes only (no query), so that the data migration, on its
historical State model, and the importer fill the fields alike (fill_blank_names).
"""

from __future__ import annotations

import csv
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from django.utils import formats, translation

LANGUAGES = ("en", "fr", "es")
DATA_FILE = Path(__file__).resolve().parent / "data" / "state_names.csv"
DATA_COLUMNS = ("iso3", "name_en", "article_en", "name_fr", "article_fr", "name_es", "article_es")
ARTICLES = {"en": ("", "the"), "fr": ("", "le", "la", "l'", "les"), "es": ("", "el", "la", "los", "las")}

NBSP = "\u00a0"
NARROW_NBSP = "\u202f"

# The last item of a list, joined: "Italy and Chile", "l'Italie et le Chili", "Italia y Chile".
CONJUNCTION = {"en": "and", "fr": "et", "es": "y"}


def language_of(lang: str | None = None) -> str:
    """'en', 'fr' or 'es': the one given, else the active language; anything else reads as English."""
    code = (lang or translation.get_language() or "en").lower()[:2]
    return code if code in LANGUAGES else "en"


def with_article(name: str, article: str) -> str:
    """'the' + 'Netherlands' → 'the Netherlands'; "l'" + 'Iraq' → "l'Iraq"; '' + 'Italy' → 'Italy'."""
    if not article:
        return name
    if article.endswith("'"):
        return f"{article}{name}"
    return f"{article} {name}"


def _local(state, lang: str) -> tuple[str, str]:
    """(name, article) of the State's short name in the language. A French or Spanish name the
    register does not hold yet falls back to the English short name, without an article."""
    if lang == "fr" and state.name_fr:
        return state.name_fr, state.article_fr
    if lang == "es" and state.name_es:
        return state.name_es, state.article_es
    if lang == "en":
        return state.name, state.article_en
    return state.name, ""


def _official(state, lang: str) -> tuple[str, str]:
    """(name, article) of the official name: in English the official name, which takes 'the' when
    it differs from the short name ('the Lebanese Republic', but 'Hungary'); in French and Spanish
    the short name in that language (the register holds official names in English only), or,
    while the register has no name in that language, the English official name as it is."""
    official = (state.official_name or "").strip()
    if lang != "en" and getattr(state, f"name_{lang}"):
        return _local(state, lang)
    if not official or official == state.name:
        return _local(state, lang)
    if lang != "en":
        return official, ""
    if official.lower().startswith("the "):
        return official, ""
    return official, "the"


def state_name(state, lang: str | None = None, article: bool = True) -> str:
    """The State's short name in the language, with its article unless article=False:
    'the Netherlands', 'les Pays-Bas', 'los Países Bajos'."""
    name, art = _local(state, language_of(lang))
    return with_article(name, art) if article else name


def official_state_name(state, lang: str | None = None, article: bool = True) -> str:
    """The official name with its article ('the Republic of Iraq'); in French and Spanish the
    short name with its article ("l'Iraq", 'el Iraq')."""
    name, art = _official(state, language_of(lang))
    return with_article(name, art) if article else name


def _vowel_sound(word: str) -> bool:
    first = word[:1].lower()
    return first in "aàâäeéèêëiîïoôöuùûü" or word.lower().startswith(("haï", "hai"))


def of_name(name: str, article: str, lang: str | None = None) -> str:
    """'of' + a name and its article, contracted as each language writes it:
    'of the Netherlands'; 'du Liban', 'des Pays-Bas', 'de la ...', "de l'Iraq", "d'Israël";
    'del Líbano', 'de los Países Bajos', 'de Italia'."""
    lang = language_of(lang)
    if lang == "fr":
        if article == "le":
            return f"du {name}"
        if article == "les":
            return f"des {name}"
        if not article and _vowel_sound(name):
            return f"d'{name}"
        return f"de {with_article(name, article)}"
    if lang == "es":
        if article == "el":
            return f"del {name}"
        return f"de {with_article(name, article)}"
    return f"of {with_article(name, article)}"


def of_state(state, lang: str | None = None, official: bool = False) -> str:
    """'of the Lao People's Democratic Republic', 'de la République démocratique populaire lao',
    'du Liban', 'des Pays-Bas', "de l'Iraq", 'del Líbano', 'de los Países Bajos', 'de Italia'.
    official=True uses the official name (English) as in 'Permanent Mission of ...'."""
    lang = language_of(lang)
    name, article = (_official if official else _local)(state, lang)
    return of_name(name, article, lang)


def _label(item, lang: str) -> str:
    if hasattr(item, "iso3") and hasattr(item, "name_fr"):  # a State: named with its article
        return state_name(item, lang)
    return str(item)


def _takes_e(word: str) -> bool:
    """Spanish writes 'e' for 'y' before the sound /i/: 'Italia e Irlanda', but 'y hielo'."""
    word = word.lower()
    if word.startswith(("i", "í")):
        return not word.startswith(("ia", "ie", "io", "iu"))  # a diphthong ('y Iowa') keeps 'y'
    if word.startswith(("hi", "hí")):
        return word[2:3] not in ("a", "e", "o", "u", "á", "é", "ó", "ú")
    return False


def join_and(items, lang: str | None = None) -> str:
    """'A', 'A and B', 'A, B and C' ('et' in French, 'y' or 'e' in Spanish). States in the list
    are named with their article in the language."""
    lang = language_of(lang)
    names = [_label(item, lang) for item in items]
    names = [name for name in names if name]
    if len(names) <= 1:
        return "".join(names)
    last = names[-1]
    conjunction = CONJUNCTION[lang]
    if lang == "es" and _takes_e(last):
        conjunction = "e"
    return ", ".join(names[:-1]) + f" {conjunction} {last}"


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return None


def chf_number(value, lang: str | None = None) -> str:
    """An amount as the language writes it, without the currency: '1,234.56', '1 234,56' (narrow
    no-break space), '1.234,56'. Two decimals, rounded half up; '' for no amount."""
    amount = _decimal(value)
    if amount is None:
        return ""
    lang = language_of(lang)
    sign = "-" if amount < 0 else ""
    units, cents = f"{abs(amount):.2f}".split(".")
    group = {"en": ",", "fr": NARROW_NBSP, "es": "."}[lang]
    decimal_mark = "." if lang == "en" else ","
    grouped = re.sub(r"(?<=\d)(?=(\d{3})+$)", group, units)
    return f"{sign}{grouped}{decimal_mark}{cents}"


def chf(value, lang: str | None = None) -> str:
    """'CHF 1,234.56' (English), '1 234,56 CHF' (French), '1.234,56 CHF' (Spanish); '' for no amount."""
    number = chf_number(value, lang)
    if not number:
        return ""
    if language_of(lang) == "en":
        return f"CHF{NBSP}{number}"
    return f"{number}{NBSP}CHF"


def letter_date(value, lang: str | None = None) -> str:
    """A date as a letter writes it: '30 November 2026', '30 novembre 2026' ('1er décembre 2026'),
    '30 de noviembre de 2026'. Give it the date in Geneva (timezone.localdate()), not a UTC one."""
    if not value:
        return ""
    lang = language_of(lang)
    if lang == "es":
        layout = r"j \d\e F \d\e Y"
    elif lang == "fr" and value.day == 1:
        layout = r"j\e\r F Y"
    else:
        layout = "j F Y"
    with translation.override(lang):
        return formats.date_format(value, layout)


# --- the data file and filling the fields ---------------------------------------------------------


@cache
def data_rows() -> dict[str, dict[str, str]]:
    """iso3 → the row of directory/data/state_names.csv (the UN's names and articles)."""
    with DATA_FILE.open(encoding="utf-8", newline="") as file:
        return {row["iso3"]: row for row in csv.DictReader(file)}


def _fold(value: str) -> str:
    from .models import normalise_name  # the models import nothing from here

    return normalise_name(value)


_THE_WORDS = re.compile(
    r"\b(republic|kingdom|federation|emirates|united|union|states|see|islands|netherlands|philippines|"
    r"bahamas|gambia|comoros|congo|niger|sudan)\b",
    re.IGNORECASE,
)


def guess_article_en(name: str) -> str:
    """'the' for a name that takes it in English running text and is not in the data file in that
    form ('Czech Republic', 'Republic of Moldova'); '' for the others and for the UN's inverted
    forms ('Bolivia (Plurinational State of)')."""
    if "(" in name or name.lower().startswith("the ") or name.lower().startswith("south sudan"):
        return ""
    if name.lower() == "solomon islands":
        return ""
    return "the" if _THE_WORDS.search(name) else ""


def fill_blank_names(state, row: dict[str, str] | None = None) -> list[str]:
    """Fill the State's naming fields that are blank from the data file (or `row`); never change
    one that holds a value. An article is filled with its name (an article left blank beside a
    name the ISU wrote is its choice); the English article when blank, from the file when the
    register's short name is the UN's, else from the name's form. Returns the fields changed."""
    row = row if row is not None else data_rows().get(state.iso3)
    if row is None:
        return []
    changed = []
    for lang in ("fr", "es"):
        name_field, article_field = f"name_{lang}", f"article_{lang}"
        if not getattr(state, name_field) and row.get(name_field):
            setattr(state, name_field, row[name_field])
            changed.append(name_field)
            if not getattr(state, article_field) and row.get(article_field):
                setattr(state, article_field, row[article_field])
                changed.append(article_field)
    if not state.article_en:
        same_name = _fold(state.name) == _fold(row.get("name_en", ""))
        article = row.get("article_en", "") if same_name else guess_article_en(state.name)
        if article:
            state.article_en = article
            changed.append("article_en")
    return changed
