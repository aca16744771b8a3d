"""The names of delegations the importer knows without the register: every State (pycountry's
names are the fallback list of States, with the variants minutes use) and the organisations
that sit on the Coordination Committee. A State not in the register is thus read as a State,
not as an organisation."""

from __future__ import annotations

from dataclasses import dataclass

from directory.models import normalise_name

# Names of delegations that are not States, as minutes write them.
ORGANISATIONS = (
    "Secretariat ISU-CCM",
    "ISU-CCM",
    "ISU",
    "ICRC",
    "CMC",
    "UNDP",
    "UNODA",
    "UNMAS",
    "UNICEF",
    "UNIDIR",
    "GICHD",
    "OHCHR",
    "UNHCR",
    "European Union",
    "EU",
)
# Ways minutes write States that pycountry does not know, with the State's ISO 3166 code.
STATE_VARIANTS = {
    "bosnia herzegovina": "BIH",
    "lao pdr": "LAO",
    "laos": "LAO",
    "the netherlands": "NLD",
    "holland": "NLD",
    "holy see": "VAT",
    "palestine": "PSE",
    "state of palestine": "PSE",
    "ivory coast": "CIV",
    "drc": "COD",
    "dr congo": "COD",
    "democratic republic of the congo": "COD",
    "republic of korea": "KOR",
    "south korea": "KOR",
    "uk": "GBR",
    "usa": "USA",
    "united states": "USA",
    "macedonia": "MKD",
    "swaziland": "SWZ",
    "cape verde": "CPV",
    "moldova": "MDA",
    "republic of moldova": "MDA",
}


@dataclass(frozen=True)
class KnownName:
    name: str  # as the register would write it: "Bosnia and Herzegovina", "ICRC"
    iso3: str = ""  # a State's code; "" for an organisation
    iso2: str = ""
    official_name: str = ""


def _known_names() -> dict[str, KnownName]:
    """Normalised name -> what it designates, for every State (pycountry's names are the
    fallback list of States) and the organisations that sit on the Committee."""
    import pycountry

    names: dict[str, KnownName] = {}
    by_code: dict[str, KnownName] = {}
    for country in pycountry.countries:
        known = KnownName(
            getattr(country, "common_name", None) or country.name,
            country.alpha_3,
            country.alpha_2,
            getattr(country, "official_name", "") or "",
        )
        by_code[country.alpha_3] = known
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names.setdefault(normalise_name(value), known)
                if ", " in value:  # "Korea, Republic of" is also written "Republic of Korea"
                    head, _, tail = value.partition(", ")
                    names.setdefault(normalise_name(f"{tail} {head}"), known)
    for variant, code in STATE_VARIANTS.items():
        if code in by_code:
            names[normalise_name(variant)] = by_code[code]
    for organisation in ORGANISATIONS:
        names[normalise_name(organisation)] = KnownName(organisation)
    return names


_KNOWN: dict[str, KnownName] = {}


def known_name(name: str) -> KnownName | None:
    """The State or organisation a name designates ("Bosnia-Herzegovina" -> Bosnia and
    Herzegovina, "Lao PDR" -> Lao People's Democratic Republic), None when it is neither."""
    if not _KNOWN:
        _KNOWN.update(_known_names())
    return _KNOWN.get(normalise_name(name))


def known_delegation(name: str) -> str:
    found = known_name(name)
    return found.name if found else ""


def is_state(name: str) -> bool:
    found = known_name(name)
    return bool(found and found.iso3)
