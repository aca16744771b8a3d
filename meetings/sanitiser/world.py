"""The world the leak check knows beyond the register: every State's names in English, French and
Spanish (short, official, ISO and CLDR forms), demonyms and capital, its cities of 15,000
inhabitants or more and its provinces (directory/data/world.csv and places.csv, read through
directory.world), matched in one pass with an Aho-Corasick automaton (pyahocorasick) over the
words of the folded text, so that 45,000 names cost a few milliseconds per summary.

A name is a sequence of words; the text is read as its words (case, diacritics, look-alike
letters and punctuation folded as for the register's names, `text._fold`), so "Xieng-Khouang",
"XIENG KHOUANG" and "Xieng Khouang province" are all found. The longest name wins where names
overlap ("Lebanon Mine Action Centre" is not a leak of a town named Mine: the town is not
searched, see directory/data/generate_world.py; "Permanent Mission of Lebanon" is a venue).

`NEUTRAL_PHRASES` name places that identify no participant in a CCM summary: Geneva and New York
(where the Convention's and the UN's meetings are held), the action plans and documents named
after the cities where they were adopted ("Vientiane Action Plan", "Dubrovnik Declaration"), the
European and African Unions, "Latin American", the Chatham House rule, the languages of the
documents ("in French and Spanish"), the Convention's history ("Dublin in May 2008", "Oslo in
December 2008") and the operators whose names carry a demonym ("Norwegian People's Aid"). They
win over the names inside them and give no finding.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import ahocorasick

from .kinds import _CASE_SENSITIVE_FOLDED, ALIAS, CITY, DEMONYM, PLACE, PROVINCE, STATE_NAME
from .lexicon import Participant, _demonym_plural, _iso_name_variants
from .matching import _case_rule, _Entry

NEUTRAL_PHRASES = (
    "Geneva", "Genève", "Ginebra", "New York", "New York City",
    "Vientiane Action Plan", "Dubrovnik Action Plan", "Dubrovnik Declaration", "Lausanne Action Plan",
    "Lausanne Declaration", "Beirut Progress Report", "Lusaka Progress Report", "San José Progress Report",
    "Oslo Action Plan", "Maputo Action Plan", "Cartagena Action Plan", "Nairobi Action Plan",
    "Siem Reap-Angkor Action Plan", "Ottawa Convention", "Oslo Convention", "Oslo Process",
    "Wellington Declaration", "Dublin Diplomatic Conference", "Dublin Declaration",
    "European Union", "African Union", "Latin American", "Latin America", "Organization of American States",
    "South-East Asia", "Southeast Asia", "South East Asia", "Central Asia", "Central America", "South America",
    "North America", "Middle East", "Western Balkans", "Gulf States",
    "in English", "in French", "in Spanish", "in English, French and Spanish", "in French and Spanish",
    "in English and French", "in English and Spanish", "in Arabic, Chinese, English, French, Russian and Spanish",
    "Dublin in May 2008", "Oslo in December 2008",
    "Chatham House", "Chatham House rule", "Palais des Nations", "Norwegian People's Aid",
    "Danish Refugee Council", "Danish Demining Group", "Swiss Foundation for Mine Action",
    "Geneva International Centre for Humanitarian Demining",
)  # fmt: skip

_KIND = {"capital": PLACE, "city": CITY, "province": PROVINCE}
_PLACES = frozenset(_KIND.values())
_WORD = re.compile(r"[^\W_]+")
_FILLERS = frozenset({"and", "the"})


@dataclass(frozen=True, eq=False)
class World:
    """The names of the world: an automaton over their folded words and, for each, its entries
    (an entry with an empty participant key is a neutral phrase)."""

    automaton: ahocorasick.Automaton
    entries: tuple[tuple[_Entry, ...], ...]
    participants: dict[str, Participant] = field(default_factory=dict)


def _words(name: str) -> list[str]:
    from .text import _fold

    return _WORD.findall(_fold(name)[0])


def _keys(words: list[str]) -> set[str]:
    """The word sequences a name is found by: as written, and without inner 'and'/'the'
    ("Bosnia & Herzegovina", "Democratic Republic of Congo")."""
    inner = [w for i, w in enumerate(words) if w not in _FILLERS or i in (0, len(words) - 1)]
    return {" ".join(words), " ".join(inner)} - {""}


def _rule(name: str, words: list[str], kind: str, ordinary: bool) -> str | tuple[bool, ...] | None:
    """matching._case_rule, computed only where it can differ from None (most names are
    matched whatever their case), and "exact" for a place of three letters or fewer ("Gao",
    "Ibb": as written only, never an acronym such as GAO)."""
    letters = "".join(words)
    if kind in (PLACE, CITY, PROVINCE) and len(letters) <= 3:
        return "exact"
    if ordinary:
        return tuple(True for _ in _words_as_written(name))
    if len(letters) <= 4 or any(w in _CASE_SENSITIVE_FOLDED for w in words):
        return _case_rule(name, "state")
    return None


def build_world(states: Iterable, places: Iterable, neutral: Iterable[str] = NEUTRAL_PHRASES) -> World:
    """A World from rows shaped like directory.world's WorldState and Place."""
    names: dict[str, dict[str, str]] = {}  # participant key -> name -> kind
    ordinary: set[str] = set()
    for state in states:
        key = f"state:{state.iso3}"
        own = names.setdefault(key, {})
        for name in (*state.names, *state.aliases_en, *state.other_names):
            for variant in _iso_name_variants(name):
                own.setdefault(variant, STATE_NAME if name in state.names else ALIAS)
        for demonym in state.demonyms:
            own.setdefault(demonym, DEMONYM)
            plural = _demonym_plural(demonym)
            if plural:
                own.setdefault(plural, DEMONYM)
        if state.capital:
            own.setdefault(state.capital, PLACE)
        ordinary |= set(state.ordinary)
    for place in places:
        names.setdefault(f"state:{place.iso3}", {}).setdefault(place.name, _KIND[place.kind])
        if place.ordinary:
            ordinary.add(place.name)
    folded_ordinary = {" ".join(_words(name)) for name in ordinary}
    by_key: dict[str, dict[str, _Entry]] = {}
    for participant_key, own in names.items():
        for name, kind in own.items():
            words = _words(name)
            if len("".join(words)) < 2:
                continue
            is_ordinary = " ".join(words) in folded_ordinary
            entry = _Entry(participant_key, "state", kind, name, _rule(name, words, kind, is_ordinary), is_ordinary)
            for key in _keys(words):
                found = by_key.setdefault(key, {})
                found.setdefault(participant_key, entry)
    for found in by_key.values():
        # A State's name wins over a town of another State named after it (Lebanon, Tennessee).
        if len(found) > 1 and any(e.kind not in _PLACES for e in found.values()):
            for participant_key in [k for k, e in found.items() if e.kind in _PLACES]:
                del found[participant_key]
    for phrase in neutral:
        for key in _keys(_words(phrase)):
            by_key[key] = {"": _Entry("", "", "", phrase, None, False)}  # wins over any name
    automaton = ahocorasick.Automaton()
    entries = []
    for key, found in by_key.items():
        automaton.add_word(f" {key} ", (len(entries), key.count(" ") + 1))
        entries.append(tuple(found.values()))
    automaton.make_automaton()
    # What Lexicon.participant() is asked of a State of the world: its demonyms ("Iraqis").
    participants = {
        key: Participant(key, "state", {n: k for n, k in own.items() if k == DEMONYM}) for key, own in names.items()
    }
    return World(automaton, tuple(entries), participants)


def _words_as_written(name: str) -> list[str]:
    from .text import _words as words_keeping_case

    return words_keeping_case(name)


@cache
def load_world() -> World:
    """The world of directory/data, built once per process (about a second)."""
    from directory.world import world_places, world_states

    return build_world(world_states(), world_places())


@dataclass(frozen=True)
class WorldHit:
    """A run of words of the folded text that is a name of the world."""

    start: int  # offsets in the folded text
    end: int
    entries: tuple[_Entry, ...]


def world_hits(folded: str, world: World) -> list[WorldHit]:
    """Every name of the world in the folded text, overlapping ones included (the caller keeps
    the longest), left to right."""
    spans = [m.span() for m in _WORD.finditer(folded)]
    if not spans:
        return []
    compact_starts = []  # where each word starts in the compact text " w1 w2 ... "
    position = 1
    for start, end in spans:
        compact_starts.append(position)
        position += end - start + 1
    compact = " " + " ".join(folded[s:e] for s, e in spans) + " "
    hits = []
    for end_index, (value, length) in world.automaton.iter(compact):
        last = bisect_right(compact_starts, end_index - 1) - 1  # the word ending just before end_index
        hits.append(WorldHit(spans[last - length + 1][0], spans[last][1], world.entries[value]))
    hits.sort(key=lambda h: (h.start, -h.end))
    return hits
