"""The meeting pack: one PDF the participants read before a meeting (the board book).

Its parts: the agenda; the minutes to be approved (those an agenda item names, else the previous
Committee meeting's circulated minutes); the open action items, overdue first; then the parts the
apps above meetings add through slots, as directory/hooks.py does for pages (a lower app never
imports a higher one). Each registers its part in its AppConfig.ready():

    from meetings.pack import register_section
    register_section("outputs", title=_("..."), build=outputs_at_risk,
                     template="coordinators/pdf/_pack_outputs.html", order=10)

`build(meeting, today)` returns plain data (str, int, Decimal, date, and lists and dicts of them)
or None to leave the part out; the template shows it as `section.data`.

The pack's edition is the SHA-256 of all its data: after any part changed (an agenda item, a
payment, a letter answered, an action item fallen overdue) a request renders a new file, and the
same data never renders twice (the file says the day it was rendered: the record as it stood
then, as it stands still). "The latest" is the file of the data as it stands now.

Each edition has a file per language (en, fr, es; the language is part of its key), its headings,
labels and dates in that language: the reader's when asked from a page, each recipient's when
attached to the invitation. The edition is the hash of the data read in the portal's default
language, so it is the same whatever the language of the file.

Who reads it: ISU staff and the Committee's members, as they read the meeting; never anybody
else. It holds circulated (never draft) minutes and the year's totals of finance, never a
State's arrears.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from directory import roles
from documents.models import GeneratedDocument
from documents.services import (
    document_in_language,
    document_key,
    document_mark_failed,
    document_render,
    document_request,
    reader_language,
    written_in,
)

from .models import ActionItem, Meeting, Minutes
from .selectors import meeting_agenda

KIND = "meeting-pack"


@dataclass(frozen=True)
class Section:
    name: str
    title: Any  # a (lazy) translated string
    build: Callable[[Meeting, datetime.date], Any]
    template: str
    order: int


_sections: dict[str, Section] = {}


def register_section(name: str, *, title, build, template: str, order: int = 100) -> Section:
    """Add a part to every meeting pack (registering the same name again replaces it)."""
    section = Section(name, title, build, template, order)
    _sections[name] = section
    return section


def unregister_section(name: str) -> None:
    _sections.pop(name, None)


# --- the parts meetings knows itself -------------------------------------------------------------


def _agenda(meeting: Meeting) -> list[dict]:
    rows = []
    for item, children in meeting_agenda(meeting):
        rows.append({"number": item.number, "title": item.title, "sub": False})
        rows += [{"number": child.number, "title": child.title, "sub": True} for child in children]
    return rows


def minutes_to_approve(meeting: Meeting) -> list[Meeting]:
    """The meetings whose minutes come up for approval: those the agenda's items name, else, at a
    Coordination Committee meeting, the previous one."""
    named = [
        item.approves_minutes_of
        for item in meeting.agenda_items.filter(approves_minutes_of__isnull=False).select_related("approves_minutes_of")
    ]
    if named:
        return list(dict.fromkeys(named))
    if meeting.kind != Meeting.Kind.COORDINATION_COMMITTEE:
        return []
    previous = (
        Meeting.objects.filter(kind=Meeting.Kind.COORDINATION_COMMITTEE)
        .exclude(status=Meeting.Status.CANCELLED)
        .exclude(pk=meeting.pk)
        .before(meeting)
        .order_by("-date", "-pk")
        .first()
    )
    return [previous] if previous else []


def _minutes(meeting: Meeting) -> list[dict]:
    """The circulated text of each meeting's minutes to approve; a draft never goes in the pack
    (drafts never leave the ISU), only the note that the minutes are not circulated yet."""
    parts = []
    for recorded in minutes_to_approve(meeting):
        part = {"meeting": recorded.title, "date": recorded.date, "version": None, "items": []}
        minutes = recorded.minutes.filter(status=Minutes.Status.CIRCULATED).order_by("-version").first()
        if minutes is not None:
            part["version"] = minutes.version
            items = minutes.items.select_related("agenda_item").prefetch_related("agenda_item__statements__delegation")
            for item in sorted(items, key=lambda i: i.agenda_item.sort_key):
                part["items"].append(
                    {
                        "number": item.agenda_item.number,
                        "title": item.agenda_item.title,
                        "sub": bool(item.agenda_item.parent_id),
                        "text": item.text,
                        "statements": [
                            {"speaker": str(s.speaker_label), "on_behalf_of": s.on_behalf_of, "text": s.text}
                            for s in item.agenda_item.statements.all()
                        ],
                    }
                )
        parts.append(part)
    return parts


def _actions(today: datetime.date) -> list[dict]:
    """Every open action item, the overdue ones first, then by due date (undated last)."""
    actions = ActionItem.objects.open().with_related()
    rows = [
        {
            "text": a.text,
            "owner": a.owner_label,
            "due": a.due_date,
            "overdue": bool(a.due_date and a.due_date < today),
            "meeting": a.meeting.title,
            "meeting_date": a.meeting.date,
        }
        for a in actions
    ]
    return sorted(rows, key=lambda r: (not r["overdue"], r["due"] is None, r["due"] or today, r["text"]))


def pack_data(meeting: Meeting, *, today: datetime.date | None = None) -> dict:
    """Everything the pack shows, as plain data (what its edition is the hash of); what depends
    on the day (overdue, at risk) is read on `today`. In the portal's language, whoever asks: a
    reader's language must not make another edition (each language's file reads the data again in
    its own language: build_pack_pdf)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _pack_data(meeting, today=today or timezone.localdate())


def _pack_data(meeting: Meeting, *, today: datetime.date) -> dict:
    sections = []
    for section in sorted(_sections.values(), key=lambda s: (s.order, s.name)):
        data = section.build(meeting, today)
        if data is not None:
            sections.append(
                {"name": section.name, "title": str(section.title), "template": section.template, "data": data}
            )
    return {
        "meeting": {
            "title": meeting.title,
            "kind": str(meeting.get_kind_display()),
            "date": meeting.date,
            "start": meeting.start_time,
            "end": meeting.end_time,
            "venue": meeting.venue,
            "status": meeting.status,
        },
        "agenda": _agenda(meeting),
        "minutes": _minutes(meeting),
        "actions": _actions(today),
        "sections": sections,
    }


def pack_edition(data: dict) -> str:
    """The edition "pack-<hash>": the SHA-256 of the pack's data, to 20 hex digits."""
    encoded = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode()
    return f"pack-{hashlib.sha256(encoded).hexdigest()[:20]}"


# --- the document: built, read, requested --------------------------------------------------------


def build_pack_pdf(meeting_id: int):
    """The pack's data read in the document's language (documents.services renders it under it):
    the parts' titles and labels in that language."""
    meeting = Meeting.objects.get(pk=meeting_id)
    today = timezone.localdate()
    return "meetings/pdf/pack.html", {"pack": _pack_data(meeting, today=today), "as_of": today, "meeting": meeting}


def can_read_pack(user, document) -> bool:
    """ISU staff and the Committee's members read the pack of a meeting they see; nobody else."""
    return roles.is_committee_member(user) and Meeting.objects.visible_to(user).filter(pk=document.object_id).exists()


def pack_current(meeting: Meeting, *, language: str = "") -> tuple[str, GeneratedDocument | None]:
    """The edition of the meeting's pack as the record stands, and its file in the language (the
    reader's by default) if it was asked for."""
    edition = pack_edition(pack_data(meeting))
    key = document_key(KIND, meeting.pk, edition, language or reader_language())
    return edition, GeneratedDocument.objects.filter(key=key).first()


def pack_for_reader(meeting: Meeting, *, language: str = "") -> GeneratedDocument | None:
    """The file of the pack as the record stands in the reader's language: asked for in it when
    that edition was asked for in another language only; None when the edition never was."""
    files = GeneratedDocument.objects.filter(kind=KIND, object_id=meeting.pk, edition=pack_edition(pack_data(meeting)))
    return document_in_language(files, language or reader_language(), lambda code: pack_request(meeting, language=code))


def pack_request(meeting: Meeting, *, language: str = "") -> GeneratedDocument:
    """The pack of the meeting's data as it stands, in the language (the portal's default when
    none is given): its file when already rendered (or being rendered), else its rendering
    queued. A file's edition never changes, so it is frozen."""
    language = language or settings.LANGUAGE_CODE[:2]
    edition, document = pack_current(meeting, language=language)
    if document is not None and document.status != GeneratedDocument.Status.FAILED:
        return document
    with written_in(language):  # the file's title on the pages, in the file's language
        title = gettext("Meeting pack, %(meeting)s (%(date)s)") % {
            "meeting": meeting.title,
            "date": date_format(meeting.date),
        }
    return document_request(
        kind=KIND,
        object_id=meeting.pk,
        title=title,
        filename=f"meeting-pack-{meeting.date:%Y-%m-%d}.pdf",
        version=edition,
        freeze=True,
        language=language,
    )


def pack_render_now(meeting: Meeting, *, language: str = "") -> GeneratedDocument | None:
    """The pack of the meeting as it stands in the language, rendered now if it is not yet (for
    the invitation's attachment); None when rendering failed (the invitation then links it only)."""
    document = pack_request(meeting, language=language)
    if document.is_ready:
        return document
    try:
        rendered = document_render(document_id=document.pk)
    except Exception as error:  # noqa: BLE001  (recorded; the queued task tries again)
        document_mark_failed(document_id=document.pk, error=repr(error))
        return None
    return rendered if rendered is not None and rendered.is_ready else None


def pack_latest(meeting: Meeting, *, ready: bool = False, language: str = "") -> GeneratedDocument | None:
    """The pack last asked for in the language (the reader's by default; the meeting page shows
    its state and its download); with ready=True, the last one rendered."""
    language = (language or reader_language())[:2]
    documents = GeneratedDocument.objects.filter(kind=KIND, object_id=meeting.pk, language=language)
    if ready:
        documents = documents.filter(status=GeneratedDocument.Status.DONE).exclude(file="")
    return documents.order_by("-pk").first()
