"""A statement as the ISU's summaries write it: the original sentences, with only the speaker
replaced ("a) A donor/partner State said: …", then "It supported …") and every other participant
named by a neutral phrase that reads grammatically, never by a category.

From the summary of 9 June 2017: "f) An affected State said: It had signed an agreement on a
cooperation program with a donor/partner State … a country like the affected State which had
spoken previously". The speaker's category stands once, in the speaker line; inside the text:

- the speaker is "it" ("its" for a possessive, "its representative" for one of its people, "its
  capital", "its mission"); a statement that opens by naming its speaker ("Germany, speaking as
  the 7MSP President, said that …") loses that opening, which the speaker line replaces;
- another State is "another State" (then "that State"), another State's people and roles
  "another delegation" (then "that delegation"), an organisation "an organisation", a person of
  unknown delegation "a representative", a Coordinator's role "a Coordinator", a place "a
  capital", "a city", "a province";
- possessives follow ("another State's plan", "another delegation's paper"), an article before
  the name is not doubled, a sentence still starts with a capital;
- participants named openly (the hosts, the ISU) and possible findings (ordinary words) are left
  as they are: the leak check lists the latter for the ISU.
"""

from __future__ import annotations

import re

from .kinds import CITY, DEMONYM, PERSON, PLACE, PROVINCE, ROLE, VENUE
from .lexicon import Lexicon
from .matching import _Entry, _mentions
from .text import _name_key

# The verbs that introduce what a speaker said: "Italy said that …" loses "Italy said that".
_SAYING = (
    r"(?:said|stated|noted|explained|added|stressed|emphasi[sz]ed|highlighted|recalled|underlined|indicated|"
    r"mentioned|observed|pointed out|confirmed|announced|clarified|replied|remarked|commented|reiterated|"
    r"informed (?:the (?:meeting|Committee|Coordination Committee|participants)|participants)|"
    r"told (?:the (?:meeting|Committee|Coordination Committee|participants)|participants))"
)
_OPENING = re.compile(
    rf"\s*(?:,\s*[^,.;:]{{1,200}},)?\s+(?:(?:said|stated)(?:\s+that\b|\s*:)?|{_SAYING}\s+that\b|{_SAYING}\s*:)\s*",
    re.IGNORECASE,
)
# "… said that it would …, and that …": the second "that" needs the first; the opening stays.
_SECOND_THAT = re.compile(r"[,;]\s+(?:and|but)\s+that\b", re.IGNORECASE)
_ARTICLE_BEFORE = re.compile(r"\b(the|an|a)[ \t]+$", re.IGNORECASE)
_DETERMINER = re.compile(r"^(?:the|a|an|another|that|its|one)\b", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:^|[.!?]|\n)[\s\"'“‘(•\-*\u2022\uf0b7]*$")


def _is_own(entry: _Entry, speaker_key: str | None, lexicon: Lexicon) -> bool:
    if not speaker_key:
        return False
    if entry.participant_key == speaker_key:
        return True
    if entry.participant_kind == "person":
        participant = lexicon.participant(entry.participant_key)
        return participant is not None and participant.delegation_key == speaker_key
    return False


def _plural_demonym(entry: _Entry, written: str, lexicon: Lexicon) -> bool:
    participant = lexicon.participant(entry.participant_key)
    demonyms = {_name_key(n) for n, k in participant.names.items() if k == DEMONYM} if participant else set()
    key = _name_key(written)
    return key.endswith("s") and key[:-1] in demonyms


def _phrase(entry: _Entry, written: str, own: bool, seen: bool, lexicon: Lexicon, speaker_is_state: bool) -> str:
    """The neutral phrase for one mention, without its possessive."""
    kind = entry.kind
    if kind in (PLACE, CITY, PROVINCE):
        if own and kind == PLACE:
            return "its capital"
        return {PLACE: "a capital", CITY: "a city", PROVINCE: "a province"}[kind]
    if kind == ROLE and "coordinator" in entry.name.lower():
        return "the Coordinators" if "coordinators" in entry.name.lower() else "a Coordinator"
    if own:
        if kind == PERSON:
            return "its representative"
        if kind == VENUE:
            return "its mission"
        if kind == DEMONYM:
            return "its nationals" if _plural_demonym(entry, written, lexicon) else "its"
        return "it"
    if entry.participant_kind == "organisation":
        return "that organisation" if seen else "an organisation"
    if entry.participant_kind == "person" and kind == PERSON:
        participant = lexicon.participant(entry.participant_key)
        if participant is None or participant.delegation_key is None:
            return "a representative"
    if kind in (PERSON, ROLE):
        return "that delegation" if seen else "another delegation"
    other = ("that State" if seen else "another State") if speaker_is_state else ("that State" if seen else "a State")
    if kind == VENUE:
        return f"the mission of {other}"
    if kind == DEMONYM:
        return f"nationals of {other}" if _plural_demonym(entry, written, lexicon) else f"{other}'s"
    return other


_NOT_A_NOUN = frozenset(
    """and or but nor had has have was were is are be been said says would will could should can may might must
    did does do to of in on at for with by from as than which that who whose also not it its their they there
    itself welcomed noted stressed thanked reported explained supported asked informed agreed""".split()
)
_NEXT_WORD = re.compile(r"\s+([a-z][a-z-]*)")


def _attributive(entry: _Entry, text: str, end: int) -> bool:
    """A State's name used as an adjective after "the": "the Lao PDR survey", "the Lebanon workshop"."""
    if entry.participant_kind != "state" or entry.kind in (PLACE, CITY, PROVINCE, DEMONYM, VENUE, ROLE):
        return False
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.group(1) not in _NOT_A_NOUN


def _strip_opening(text: str, mentions: list, speaker_key: str | None, lexicon: Lexicon) -> int:
    """Where the statement proper starts: after "Germany, speaking as …, said that" when the
    statement opens by naming its own speaker."""
    if not mentions or not speaker_key or text[: mentions[0].start].strip(" \t\n\"“'").lower() not in ("", "the"):
        return 0
    if not any(_is_own(entry, speaker_key, lexicon) for entry, _ in mentions[0].entries):
        return 0
    opening = _OPENING.match(text, mentions[0].possessive_end)
    if opening is None or (opening.group().rstrip().endswith("that") and _SECOND_THAT.search(text, opening.end())):
        return 0
    return opening.end()


def anonymise_statement(text: str, lexicon: Lexicon, *, speaker_key: str | None = None) -> str:
    """The statement of `speaker_key` (a participant key, or None when the speaker is known only
    by its category) in the ISU's form: see the module's docstring."""
    mentions = list(_mentions(text, lexicon))
    start = _strip_opening(text, mentions, speaker_key, lexicon)
    speaker_is_state = speaker_key is None or speaker_key.startswith("state:")
    out: list[str] = []
    written_tail = ""
    done = start
    seen: set[str] = set()
    for mention in mentions:
        if mention.start < start:
            continue
        candidates = [
            entry
            for entry, possible in mention.entries
            if not possible and entry.participant_key and entry.participant_key not in lexicon.allowed
        ]
        if not candidates:
            continue
        entry = next((e for e in candidates if _is_own(e, speaker_key, lexicon)), candidates[0])
        own = _is_own(entry, speaker_key, lexicon)
        written = text[mention.start : mention.end]
        phrase = _phrase(entry, written, own, entry.participant_key in seen, lexicon, speaker_is_state)
        seen.add(entry.participant_key)
        before = text[done : mention.start]
        article = _ARTICLE_BEFORE.search(before)
        capital = False
        if article and _DETERMINER.match(phrase):
            capital = article.group(1)[0].isupper()
            before = before[: article.start()]
        end = mention.possessive_end
        possessive = end > mention.end  # "Iraq's", "the Philippines'"
        if not possessive and article and article.group(1).lower() == "the" and _attributive(entry, text, end):
            possessive = True  # "the Lao PDR survey" -> "another State's survey"
        if possessive:
            phrase = {"it": "its", "its": "its"}.get(phrase, phrase + "'s")
        if capital or _SENTENCE_START.search(written_tail + before):
            phrase = phrase[:1].upper() + phrase[1:]
        out += [before, phrase]
        written_tail = (written_tail + before + phrase)[-80:]
        done = end
    out.append(text[done:])
    result = "".join(out)
    return result[:1].upper() + result[1:] if start else result
