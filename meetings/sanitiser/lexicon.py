"""The lexicon: every participant (State, organisation, person) with the names that identify
it, built from the register (names, aliases, ISO 3166 names by pycountry, demonyms, places,
venues, roles), and the keys that name a participant ("state:IRQ", "org:UNODA")."""

from __future__ import annotations

import dataclasses
import gettext
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

import pycountry

from .kinds import (
    _DEFAULT_LEAK_KIND,
    ALIAS,
    DEMONYM,
    LEAK_KINDS,
    PARTICIPANT_KINDS,
    PERSON,
    PLACE,
    ROLE,
    STATE_NAME,
    TITLES,
    VENUE,
)
from .matching import _compile_matcher, _Matcher

if TYPE_CHECKING:
    from .world import World


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
    # The names of every State and place (world.load_world()), or none.
    world: World | None = field(default=None, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "participants", tuple(self.participants))
        object.__setattr__(self, "allowed", frozenset(self.allowed))

    def allowing(self, keys: Iterable[str]) -> Lexicon:
        """The same lexicon with more keys named openly."""
        return dataclasses.replace(self, allowed=self.allowed | frozenset(keys))

    def participant(self, key: str) -> Participant | None:
        found = self._by_key.get(key)
        if found is None and self.world is not None:
            return self.world.participants.get(key)
        return found

    @cached_property
    def _by_key(self) -> dict[str, Participant]:
        return {p.key: p for p in self.participants}

    @cached_property
    def _matcher(self) -> _Matcher:
        signature = tuple((p.key, p.kind, name, kind) for p in self.participants for name, kind in p.names.items())
        return _compile_matcher(signature)


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
    world: World | None = None,
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
    and "org:ISU" when the summary names the ISU). `world` (world.load_world()) adds every
    State's names, demonyms, capital, cities and provinces, whether in the register or not.
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
    return Lexicon(list(participants.values()), frozenset(allowed_keys), world)
