"""Reading existing minutes (Word, PDF, Markdown or text) into a structured draft of a meeting.

Pure functions, no database: `read_document` turns a file into text (refusing what it cannot
read safely), `parse_minutes` finds the header (date, times, venue, hosts), the attendance
grouped by delegation with the apologies, the numbered agenda with its text, the statements
attributed to delegations and the anonymised ones with their category. Whatever was guessed
carries a reason in `uncertain`, for the review screen. `match_name` matches names to the
register despite spelling variants.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from directory.models import normalise_name

from .attendance import _PRESENT_WORDS, _TITLE_AT, _attendance, _is_apologies, _is_present_heading
from .pdf import read_pdf
from .structure import (
    ImportErrorMessage,
    ParsedAgendaItem,
    ParsedMeeting,
    ParsedStatement,
)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_DOCX_UNCOMPRESSED = 50 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(), start=1
    )
}


# --- reading files ------------------------------------------------------------------------


def read_document(filename: str, data: bytes) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if not data:
        raise ImportErrorMessage(_("The file is empty."))
    if len(data) > MAX_FILE_BYTES:
        raise ImportErrorMessage(_("The file is larger than 5 MB; minutes are much smaller than that."))
    if suffix in ("txt", "md"):
        if b"\x00" in data[:4096]:
            raise ImportErrorMessage(_("This is not a text file."))
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    if suffix == "docx":
        return _read_docx(data)
    if suffix == "pdf":
        return read_pdf(data)
    raise ImportErrorMessage(_("Upload minutes as a Word (.docx), PDF (.pdf), Markdown (.md) or text (.txt) file."))


def _read_docx(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportErrorMessage(_("This Word file is damaged or is not a .docx file.")) from None
    total = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if total > MAX_DOCX_UNCOMPRESSED or total / packed > MAX_COMPRESSION_RATIO:
        raise ImportErrorMessage(_("This Word file expands to an implausible size and was refused."))
    if "word/document.xml" not in {m.filename for m in members}:
        raise ImportErrorMessage(_("This file is not a Word document."))
    if any(m.filename.endswith((".xml", ".rels")) and m.file_size > settings.DOCX_MAX_XML_BYTES for m in members):
        raise ImportErrorMessage(_("The text of this Word file is implausibly large; split it or save it as text."))
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds of errors on broken files
        raise ImportErrorMessage(_("This Word file could not be read.")) from None
    return "\n".join(_docx_lines(document))


def _docx_lines(container) -> list[str]:
    """The paragraphs and tables in the order they are written (an attendance table stays
    where it is); a table row by row, each cell (a merged one once) as its lines."""
    from docx.table import Table

    lines: list[str] = []
    for block in container.iter_inner_content():
        if not isinstance(block, Table):
            lines.append(block.text)
            continue
        for row in block.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    lines.extend(_docx_lines(cell))
    return lines


def fingerprint(text: str) -> str:
    """The same minutes give the same fingerprint, whatever their line endings or spacing."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


# --- cleaning -------------------------------------------------------------------------------

_BULLETS = "•◦▪·*-"
_FOOTER = re.compile(
    r"(?:\d{1,3}\s*\|\s*(?:P\s?a\s?g\s?e(?:\s*\d{1,3})?)?|P\s?a\s?g\s?e\s*\d{1,3}|page \d{1,3}(?: of \d{1,3})?)", re.I
)
_BOILERPLATE = re.compile(r"\b(?:mirror site|downloaded from|this document was retrieved)\b", re.I)
_GLUED_PAGE = re.compile(r"^\d{1,3}\s+(\d{1,2}(?:\.\d{1,2})?\.\s)")
_AGENDA_ITEM = re.compile(r"^agenda item\s+(\d{1,2}(?:\.\d{1,2})?)\s*[:.–-]?\s*", re.I)


def _clean(text: str) -> tuple[list[str], list[str]]:
    """The lines as the parser reads them, and beside each the line as the document writes it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").replace("\u2009", " ")
    text = re.sub(r"<sup>(.*?)</sup>", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    lines, written = [], []
    for line in text.split("\n"):
        written.append(" ".join(line.split())[:500])
        line = line.replace("**", "").replace("\\", "").strip()
        line = re.sub(r"^#+\s*", "", line)
        line = re.sub(r"^[\uf0b7\uf0a7" + re.escape(_BULLETS) + r"]\s+", "- ", line)
        line = re.sub(r"^[\uf0b7\uf0a7]", "- ", line)
        line = re.sub(r"\s+", " ", line).strip()
        if _FOOTER.fullmatch(line) or _BOILERPLATE.search(line):
            line = ""
        line = _GLUED_PAGE.sub(r"\1", line)  # "2 2. Opening": a page number glued to the item number
        line = _AGENDA_ITEM.sub(r"\1. ", line)  # "Agenda Item 2: Approval" -> "2. Approval"
        lines.append(line.strip("*_ ").strip() if not line.startswith("- ") else line)
    return lines, written


# --- header -----------------------------------------------------------------------------------

_DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + "|".join(MONTHS) + r")\b,?(?:\s+(\d{4}))?", re.IGNORECASE)
_TIMES = re.compile(r"\b(\d{1,2})[:.h](\d{2})\s*h?\s*(?:–|-|—|to)\s*(\d{1,2})[:.h](\d{2})")


_NOT_THE_DATE = re.compile(r"\b(?:minutes of|approv\w*|previous|next meeting|adopted)\b", re.IGNORECASE)


def _header(lines: list[str], text: str, meeting: ParsedMeeting, year: int | None = None) -> None:
    head = [line for line in lines[:25] if line]
    joined = " ".join(head)
    if re.search(r"informal meeting", joined, re.IGNORECASE):
        meeting.kind = "informal"
    index = next((i for i, h in enumerate(head) if len(h) > 15 and not h.lower().startswith(("held", "at "))), None)
    title = head[index] if index is not None else ""
    if (
        title
        and title.split()[-1].lower() in ("the", "of", "on", "under", "and", "for", "to")
        and index + 1 < len(head)
    ):
        title = f"{title} {head[index + 1]}"  # a title wrapped onto the next line
    if title.isupper():  # "MINUTES OF THE CCM COORDINATION COMMITTEE MEETING"
        title = "Coordination Committee meeting" if meeting.kind == "cc" else title.capitalize()
    meeting.title = title
    match = None
    for line in head:  # the date it was held, never that of the minutes it approves or of the next one
        if _NOT_THE_DATE.search(line):
            continue
        match = _DATE.search(line)
        if match:
            meeting.date_source = line
            break
    if match:
        day, month, found = int(match[1]), MONTHS[match[2].lower()], match[3]
        if found is None:  # the same day and month written in full further on, else the year= given
            later = re.search(rf"\b{day}\s+{match[2]}\s+(\d{{4}})", text, re.IGNORECASE)
            if later:
                found = later[1]
                meeting.uncertain.append(
                    _("No year beside the date; took %(year)s from the same date in the text.") % {"year": found}
                )
            elif year:
                found = str(year)
            else:
                meeting.year_missing = True
                meeting.uncertain.append(
                    _(
                        "The date of the meeting (%(date)s) has no year: give the year "
                        "(--year YYYY with import_minutes)."
                    )
                    % {"date": match[0].strip(" ,")}
                )
        if found:
            try:
                meeting.date = datetime.date(int(found), month, day)
            except ValueError:
                meeting.uncertain.append(_("The date in the header is not a real date."))
    if meeting.date is None:
        meeting.uncertain.append(_("No date found in the header."))
    times = _TIMES.search(joined)
    if times:
        try:
            meeting.start_time = datetime.time(int(times[1]), int(times[2]))
            meeting.end_time = datetime.time(int(times[3]), int(times[4]))
        except ValueError:
            meeting.uncertain.append(_("The times in the header are not valid."))
    else:
        meeting.uncertain.append(_("No start and end time found."))
    venue = re.search(r"\bat (?:the )?(.+?)(?:,? from \d|,? \d{1,2}[:.h]\d{2}|$)", joined, re.IGNORECASE)
    if venue and "mission" in venue[1].lower():
        meeting.venue = venue[1].strip(" ,.")
    else:
        for line in head:
            if _TIMES.search(line) and _DATE.search(line):
                parts = [p.strip() for p in line.split(",")]
                rest = [p for p in parts if not _TIMES.search(p) and not _DATE.search(p)]
                if rest:
                    meeting.venue = ", ".join(rest)
                break
    if not meeting.venue:
        meeting.uncertain.append(_("No venue found."))
    hosts = re.search(r"\b([A-Z][\w' ]+?(?: and (?:the )?[A-Z][\w' ]+?)+),[^.]{0,120}?\bhosted\b", text)
    if hosts:
        meeting.hosts = [h.strip() for h in hosts[1].split(" and ")]


# --- agenda and statements ---------------------------------------------------------------------

_HEADING = re.compile(r"^(\d{1,2})(?:\.(\d{1,2}))?\.?\s*(.*?)\s*:?$")


def _heading(line: str, following: str, last: tuple[int, int]) -> tuple[str, str, int] | None:
    """(number, title, lines used) if the line opens the next agenda item, else None."""
    match = _HEADING.match(line)
    if not match:
        return None
    top, sub = int(match[1]), int(match[2]) if match[2] else 0
    title, used = match[3], 1
    if not title:  # "5.3" alone on its line, its title on the next
        title, used = following, 2
    if not title or len(line) > 160 or title[0].isdigit() or not title[0].isalpha():
        return None
    expected = (
        (sub == 0 and top == last[0] + 1)
        or (sub == last[1] + 1 and top == last[0])
        or (sub == 1 and top == last[0] + 1)
        or last == (0, 0)
    )
    if not expected:
        return None
    return (f"{top}.{sub}" if sub else str(top)), title.rstrip(":").strip(), used


_LETTERED = re.compile(r"^([a-z])\)\s+(?:In summary,\s+)?(.{3,120}?)\s+said\s*:\s*(.*)$", re.IGNORECASE)
_ON_BEHALF = re.compile(r"(?:on behalf of|in (?:its|his|her) capacity as)\s+(the [^,]+?)(?:,|$)", re.IGNORECASE)


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs, current = [], []
    for line in lines:
        if not line or line.startswith("- ") or re.match(r"[a-z]\)\s", line):
            if current:
                paragraphs.append(" ".join(current))
            current = [line] if line else []
        else:
            current.append(line)
    if current:
        paragraphs.append(" ".join(current))
    return [p for p in paragraphs if p]


def _speaking_names(delegations: list[str]) -> dict[str, str]:
    """How minutes refer to each delegation: its name, and the acronym inside it
    ("Secretariat ISU-CCM" speaks as "the ISU-CCM" or "the ISU")."""
    names = {}
    for name in delegations:
        names[name] = name
        for acronym in re.findall(r"\b([A-Z]{2,}(?:-[A-Z]{2,})?)\b", name):
            names.setdefault(acronym, name)
            names.setdefault(acronym.split("-")[0], name)
    return names


def _speaker(paragraph: str, delegations: list[str], president: str = "") -> tuple[str, str]:
    """The delegation named among the first words of a paragraph (the President's delegation
    for "the President"), and on whose behalf it spoke."""
    opening = " ".join(paragraph.split()[:14])
    folded = normalise_name(opening)
    best = None
    if president and " president " in f" {folded} ":
        best = (f" {folded} ".find(" president "), president)
    for alias, name in _speaking_names(delegations).items():
        key = normalise_name(alias)
        position = f" {folded} ".find(f" {key} ")
        if key and position >= 0 and (best is None or position < best[0]):
            best = (position, name)
    if best is None:
        return "", ""
    behalf = _ON_BEHALF.search(paragraph[:200])
    return best[1], behalf[1].strip() if behalf else ""


def parse_minutes(text: str, *, year: int | None = None) -> ParsedMeeting:
    """The structure of minutes; `year` is the year of a meeting whose date is written without one."""
    meeting = ParsedMeeting()
    lines, written = _clean(text)
    _header(lines, "\n".join(lines), meeting, year)
    # split into the PRESENT block and the agenda sections
    sections: list[tuple[ParsedAgendaItem, list[str]]] = []
    present: list[str] = []
    present_written: list[str] = []
    in_present = False
    run_on = False  # "PRESENT: Croatia H.E. … Mr. …" wrapped onto the next lines (a PDF)
    last = (0, 0)
    i = 0
    while i < len(lines):
        line = lines[i]
        following = next((x for x in lines[i + 1 : i + 3] if x), "")
        heading = _heading(line, following, last) if line else None
        if heading:
            number, title, used = heading
            source = written[i] if used == 1 else f"{written[i]} / {following}"
            item = ParsedAgendaItem(number=number, title=title, source=source)
            if len(title) > 90:
                item.uncertain.append(_("A long heading: it may be a numbered paragraph rather than an agenda item."))
            sections.append((item, []))
            last = tuple(int(p) for p in number.split(".")) + ((0,) if "." not in number else ())
            in_present = _is_present_heading(f"{number}. {title}") or title.lower().startswith("present")
            run_on = False
            i += used if used == 1 else 1 + lines[i + 1 : i + 3].index(following) + 1
            continue
        inline = re.match(rf"{_PRESENT_WORDS}\s*:\s*(\S.*)$", line, re.IGNORECASE) if line else None
        if _is_present_heading(line):
            in_present, run_on = True, False
        elif inline and not sections:  # "PRESENT: Croatia H.E. ... Mr. ..." on one line
            in_present = True
            present.append(inline[1])
            present_written.append(written[i])
            run_on = len(_TITLE_AT.findall(inline[1])) >= 2
        elif in_present and run_on and line and not _is_apologies(line):
            present[-1] = f"{present[-1]} {line}"  # the list goes on: the line was wrapped
            present_written[-1] = f"{present_written[-1]} {written[i]}"
        elif in_present:
            run_on = False
            present.append(line)
            present_written.append(written[i])
        elif sections:
            sections[-1][1].append(line)
        i += 1
    _attendance(present, meeting, present_written)
    names = [d.name for d in meeting.delegations] + meeting.hosts
    president = next((d.name for d in meeting.delegations if "president" in d.capacity.lower()), "")
    for item, body in sections:
        meeting.agenda.append(item)
        paragraphs = _paragraphs(body)
        texts: list[str] = []
        current: ParsedStatement | None = None
        for paragraph in paragraphs:
            lettered = _LETTERED.match(paragraph)
            if lettered:
                speaker = lettered[2].strip()
                is_category = bool(re.match(r"(a|an|the)\s", speaker, re.IGNORECASE)) and not any(
                    normalise_name(speaker) == normalise_name(n) for n in names
                )
                current = ParsedStatement(
                    agenda_number=item.number,
                    text=lettered[3].strip(),
                    letter=lettered[1].lower(),
                    category=speaker if is_category else "",
                    delegation="" if is_category else speaker,
                )
                meeting.statements.append(current)
                continue
            if current is not None:
                current.text = (current.text + "\n" + paragraph).strip()
                continue
            texts.append(paragraph)
            delegation, behalf = _speaker(paragraph, names, president)
            if delegation:
                meeting.statements.append(
                    ParsedStatement(
                        agenda_number=item.number, text=paragraph, delegation=delegation, on_behalf_of=behalf
                    )
                )
        item.text = "\n\n".join(texts)
    if not meeting.delegations and meeting.kind == "cc":
        meeting.uncertain.append(_("No attendance list (PRESENT) found."))
    if not meeting.agenda:
        meeting.uncertain.append(_("No numbered agenda found."))
    return meeting


# --- matching to the register ---------------------------------------------------------------------


@dataclass
class Match:
    value: Any
    score: float
    exact: bool


def match_name(name: str, candidates: dict[str, Any], threshold: float = 88) -> Match | None:
    """The candidate for a name despite spelling variants; candidates are keyed by normalised
    name or alias. None when nothing is close enough (the caller proposes a new record)."""
    key = normalise_name(name)
    if not key:
        return None
    if key in candidates:
        return Match(candidates[key], 100.0, True)
    found = process.extractOne(key, list(candidates), scorer=fuzz.WRatio)
    if found and found[1] >= threshold:
        return Match(candidates[found[0]], float(found[1]), False)
    return None
