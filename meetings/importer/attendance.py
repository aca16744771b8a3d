"""The attendance list of minutes, in the layouts real minutes use: a delegation line then its
people, "delegation person" pairs (several on a line when two columns were flattened), the whole
list on one line, countries without people, "Name (State, for Region)" and "Name (Role).....
(Country)", remote annotations, and the absence headings with what is listed under them."""

from __future__ import annotations

import re

from django.utils.translation import gettext

from directory.models import normalise_name

from .names import known_delegation
from .structure import TITLES, ParsedDelegation, ParsedMeeting, ParsedPerson

_TITLE_RE = "|".join(re.escape(t) for t in TITLES)
_PRESENT_WORDS = r"(?:present|attendance|participants|list of (?:attendees|participants)|attendees)"
_REMOTE = re.compile(
    r"\((?:via|by|through|on)\s+(?:conference call|video\s?conference|video|phone|telephone|skype|webex|zoom"
    r"|teams|remote\w*)[^)]*\)|\((?:remotely|online)\)",
    re.I,
)


def _is_present_heading(line: str) -> bool:
    return bool(re.fullmatch(rf"(?:\d+\.\s*)?{_PRESENT_WORDS}\s*:?", line, re.IGNORECASE))


def _absence_heading(line: str) -> str:
    """ "received" or "not_received" for a heading of absences, "" otherwise."""
    if re.fullmatch(r"(?:apologies|regrets)\s+not\s+received\s*:?|absent\s*:?", line, re.IGNORECASE):
        return "not_received"
    if re.fullmatch(r"(?:apologies|regrets)(?:\s+received)?\s*:?|excused\s*:?", line, re.IGNORECASE):
        return "received"
    return ""


def _is_apologies(line: str) -> bool:
    return bool(_absence_heading(line))


_TITLE_AT = re.compile(rf"(?:^|(?<=[\s,;:(]))({_TITLE_RE})(?=\s)")


def _split_tail(words: list[str]) -> tuple[list[str], str]:
    """A person's words and the delegation whose name ends them, when two columns or a whole
    list were run together ("Lukas Brenner Chile" -> Lukas Brenner, Chile)."""
    for size in range(8, 0, -1):  # up to "United Kingdom of Great Britain and Northern Ireland"
        if len(words) > size and known_delegation(" ".join(words[-size:])):
            return words[:-size], " ".join(words[-size:])
    return words, ""


def _person(title: str, text: str) -> tuple[ParsedPerson | None, str]:
    """The person in the text after a title, and the delegation named after them, if any."""
    remote = bool(_REMOTE.search(text))
    text = _REMOTE.sub(" ", text)
    delegation = ""
    paren = re.search(r"\(([^)]+)\)", text)
    if paren:
        delegation = paren[1].split(",")[0].strip()
        text = text[: paren.start()] + " " + text[paren.end() :]
    words = text.replace(",", " ").replace(";", " ").split()
    words, following = _split_tail(words) if not paren else (words, "")
    words = [w for w in words if w not in ("and", "&")]
    if not words:
        return None, following
    first, last = (words[0], " ".join(words[1:])) if len(words) > 1 else ("", words[0])
    raw = f"{title} {' '.join(words)}"
    return ParsedPerson(title, first, last, raw, delegation=delegation, remote=remote), following


def _line_people(line: str) -> tuple[str, list[tuple[ParsedPerson, str]]]:
    """The text before the first title, and each person on the line with the delegation they
    belong to ("" for the one before)."""
    titles = list(_TITLE_AT.finditer(line))
    before = line[: titles[0].start(1)].strip(" :–—-,;") if titles else line
    people: list[tuple[ParsedPerson, str]] = []
    delegation = ""
    stacked = ""  # "H.E. Mr. Aurelio Quispe": two titles for one person
    for index, title in enumerate(titles):
        end = titles[index + 1].start(1) if index + 1 < len(titles) else len(line)
        person, following = _person(title[1], line[title.end(1) : end])
        if person is None and not following and not line[title.end(1) : end].strip():
            stacked = f"{stacked} {title[1]}".strip()
            continue
        if person is not None:
            person.title = f"{stacked} {person.title}".strip()
            people.append((person, delegation))
        stacked = ""
        if following:
            delegation = following
    return before, people


_PAREN_LINE = re.compile(rf"^(?:({_TITLE_RE})\s+)?([^\d(),;.:][^(),;:]*?)\s*\(([^)]+)\)[\s.…_]*(?:\(([^)]+)\))?\s*$")


def _paren_line(line: str) -> tuple[ParsedPerson, str, str] | None:
    """ "Name (State, for Region)" or "Name (Role)..... (Country)": the person, the delegation
    and the capacity; None for other lines."""
    match = _PAREN_LINE.match(line)
    if not match:
        return None
    inner, outer = match[3], match[4]
    if outer:
        delegation, capacity = outer.strip(), inner.strip()
    else:
        delegation, _, capacity = (p.strip() for p in inner.partition(","))
    if not known_delegation(delegation) and not outer:
        return None
    words = match[2].split()
    if not words or len(words) > 5:
        return None
    first, last = (words[0], " ".join(words[1:])) if len(words) > 1 else ("", words[0])
    person = ParsedPerson(match[1] or "", first, last, line, delegation=delegation, remote=bool(_REMOTE.search(line)))
    return person, delegation, capacity


def _bare_name(line: str) -> bool:
    """A person's name without a title: two to four capitalised words, no State or
    organisation, no acronym, no digits, no separator."""
    words = line.split()
    return (
        2 <= len(words) <= 4
        and all(w[0].isupper() and not w.isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words)
        and not known_delegation(line)
        and not _split_tail(words)[1]
    )


# The header row of an attendance table ("Delegation | Participants"), whole or cell by cell.
_TABLE_HEADER = re.compile(
    r"(?=\w)(?:delegations?|countr(?:y|ies)|states?|organi[sz]ations?)?\s*/?\s*"
    r"(?:(?:names?|participants?|representatives?|persons?|attendees?|members?)(?:\s+and\s+titles?)?)?\s*:?",
    re.IGNORECASE,
)


def _stamp(meeting: ParsedMeeting, source: str) -> None:
    """The source line of what the last line of the list gave."""
    for group in meeting.delegations:
        group.source = group.source or source
        for person in group.people:
            person.source = person.source or source
    for person in (*meeting.apologies, *meeting.flagged):
        person.source = person.source or source


def _attendance(block: list[str], meeting: ParsedMeeting, written: list[str] | None = None) -> None:
    """The attendance list; `written` is each line as the document writes it (the source of
    what is read from it, shown on the review screen)."""
    current: ParsedDelegation | None = None
    absence = ""
    by_name: dict[str, ParsedDelegation] = {}

    def delegation(name: str, capacity: str = "") -> ParsedDelegation:
        key = normalise_name(name)
        if key in by_name and not capacity:
            return by_name[key]
        found = ParsedDelegation(name=name.strip(), capacity=capacity.strip())
        by_name.setdefault(key, found)
        meeting.delegations.append(found)
        return found

    for index, line in enumerate(block):
        if index:
            _stamp(meeting, (written or block)[index - 1])
        if not line or _TABLE_HEADER.fullmatch(line):
            continue
        heading = _absence_heading(line)
        if heading:
            absence = heading
            continue
        bulleted = line.startswith("- ")
        line = line.removeprefix("- ").strip()
        if absence:
            before, people = _line_people(line)
            if not people:
                names = [n.strip() for n in re.split(r"[,;]", line) if n.strip()]
                target = meeting.apology_delegations if absence == "received" else meeting.absent_delegations
                target.extend(names)
                continue
            for person, following in people:
                person.delegation = person.delegation or following or before
                if before or following or absence == "not_received":
                    # "Austria Mr. Lukas Brenner" under an absence heading: a flattened column of
                    # the attendance list, or an absence? The reviewer decides.
                    meeting.flagged.append(person)
                    meeting.uncertain.append(
                        gettext(
                            "%(person)s (%(delegation)s) is listed under an absence heading: present or absent? "
                            "Check before importing."
                        )
                        % {"person": person.full_name, "delegation": person.delegation}
                    )
                else:
                    meeting.apologies.append(person)
            continue
        paren = _paren_line(line)
        if paren:
            person, name, capacity = paren
            current = delegation(name)
            if capacity and not current.capacity and not known_delegation(capacity):
                current.capacity = capacity
            current.people.append(person)
            continue
        before, people = _line_people(line)
        if not people and current is not None and not bulleted and _bare_name(line):
            # "Ingrid Fjellvik" with no title under "Norway – 3MSP President"
            words = line.split()
            current.people.append(ParsedPerson("", words[0], " ".join(words[1:]), line, delegation=current.name))
            meeting.uncertain.append(
                gettext("“%(line)s” read as a person of %(delegation)s (no title before the name).")
                % {"line": line, "delegation": current.name}
            )
            continue
        if not people:
            parts = re.split(r"\s+[-–—]\s+", line, maxsplit=1)
            name, capacity = parts[0].rstrip(":"), parts[1] if len(parts) > 1 else ""
            current = ParsedDelegation(name=name.strip(), capacity=capacity.strip())
            by_name.setdefault(normalise_name(current.name), current)
            meeting.delegations.append(current)
            continue
        if before:  # "Australia – Mr. Hugh Watson, Ms. Thuy Nguyen" on one line
            parts = re.split(r"\s+[-–—]\s+", before, maxsplit=1)  # "Switzerland – 9MSP President H.E. …"
            current = delegation(parts[0], parts[1] if len(parts) > 1 else "")
        for person, following in people:
            if following:
                current = delegation(following)
            if current is None:
                meeting.uncertain.append(gettext("A person listed before any delegation: %(line)s") % {"line": line})
                continue
            current.people.append(person)
    if block:
        _stamp(meeting, (written or block)[-1])
