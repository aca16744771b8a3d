"""The meetings' PDFs: what each is built from (registered with the documents app in apps.py),
who may read it, and how it is requested: full minutes and list of participants (restricted to
the Committee), the public summary (its published editions public, its previews the ISU's), and
the meeting pack (meetings/pack.py, the Committee's).

Each is written in the language of whoever reads it (en, fr, es): a file per language
(documents.services: the language is part of the document's key), its headings, labels and dates
in that language, the record's own text (titles, agenda, minutes, written in the meeting's
language, English) as it was written. A page finds the file of the reader's language; when the
edition exists only in another language it is asked for in the reader's (document_in_language).
A frozen edition (approved minutes, a published summary) is frozen per language: each file, once
rendered, is never rendered again; a language asked for after the freezing is rendered then from
the record as frozen (the text of approved minutes and of a published summary cannot be edited;
the minutes' attendance and action items are read as they stand when that language is first asked
for, as the first file read them when it was rendered)."""

from django.utils.translation import gettext as _

from directory import roles
from documents import registry
from documents.models import GeneratedDocument
from documents.services import (
    document_in_language,
    document_languages,
    document_request,
    reader_language,
    written_in,
)

from .models import Meeting, Minutes, PublicSummary
from .pack import KIND as PACK_KIND
from .pack import build_pack_pdf, can_read_pack
from .selectors import attendance_by_delegation, summary_sections


def build_minutes_pdf(minutes_id: int):
    minutes = Minutes.objects.select_related("meeting", "approved_at_meeting").get(pk=minutes_id)
    meeting = minutes.meeting
    items = sorted(
        minutes.items.select_related("agenda_item").prefetch_related("agenda_item__statements__delegation"),
        key=lambda i: i.agenda_item.sort_key,
    )
    return "meetings/pdf/minutes.html", {
        "meeting": meeting,
        "minutes": minutes,
        "items": items,
        "delegations": attendance_by_delegation(meeting),
        "actions": meeting.action_items.with_related(),
        "decisions": meeting.decisions.all(),
    }


def build_participants_pdf(meeting_id: int):
    meeting = Meeting.objects.get(pk=meeting_id)
    return "meetings/pdf/participants.html", {"meeting": meeting, "delegations": attendance_by_delegation(meeting)}


def build_summary_pdf(summary_id: int):
    summary = PublicSummary.objects.select_related("meeting").get(pk=summary_id)
    return "meetings/pdf/summary.html", {"summary": summary, "sections": summary_sections(summary)}


def summary_edition(summary) -> str:
    """The edition a published summary is in now: "published-<n>", n its publications so far."""
    return f"published-{summary.events.filter(action='published').count()}"


def can_read_summary_pdf(user, document) -> bool:
    """Anyone reads the current published edition of a published summary. Previews, earlier and
    withdrawn editions are the ISU's only: a preview may hold text fixed before publication."""
    if roles.is_isu_staff(user):
        return True
    summary = PublicSummary.objects.published().filter(pk=document.object_id).first()
    return summary is not None and document.frozen and document.edition == summary_edition(summary)


def can_read_minutes_pdf(user, document) -> bool:
    """ISU staff read every file; other Committee members only the file of the text as it stands:
    the circulated text while circulated, the approved text once approved. A file rendered while
    the minutes were a draft, or of a version since superseded, is never theirs."""
    if roles.is_isu_staff(user):
        return True
    if not roles.is_committee_member(user):
        return False
    status = Minutes.objects.filter(pk=document.object_id).values_list("status", flat=True).first()
    return status in MEMBERS_EDITIONS and document.edition == status


MEMBERS_EDITIONS = (Minutes.Status.CIRCULATED, Minutes.Status.APPROVED)


def register_documents() -> None:
    registry.register(PACK_KIND, build=build_pack_pdf, can_view=can_read_pack)
    registry.register("minutes", build=build_minutes_pdf, can_view=can_read_minutes_pdf)
    registry.register("summary", build=build_summary_pdf, can_view=can_read_summary_pdf)
    registry.register(
        "participants",
        build=build_participants_pdf,
        can_view=lambda user, document: roles.is_committee_member(user),
    )


def minutes_pdf_request(minutes: Minutes, *, language: str | None = None) -> GeneratedDocument:
    """Render the minutes as PDF, one file per stage of the text (draft, circulated, approved):
    a file rendered from the draft is never offered as the circulated text. The PDF of approved
    minutes is frozen with its hash, in each language. Without a language (the record changed),
    the stage's file in every language it has is rendered afresh; the default language's is
    returned."""
    if language is None:
        files = [
            minutes_pdf_request(minutes, language=code)
            for code in document_languages("minutes", minutes.pk, minutes.status)
        ]
        return files[0]
    meeting = minutes.meeting
    stage = "" if minutes.status == Minutes.Status.DRAFT else f"-{minutes.status}"
    with written_in(language):
        title = _("Minutes of %(meeting)s (version %(version)d, %(status)s)") % {
            "meeting": meeting,
            "version": minutes.version,
            "status": minutes.get_status_display().lower(),
        }
    return document_request(
        kind="minutes",
        object_id=minutes.pk,
        title=title,
        filename=f"minutes-{meeting.date:%Y-%m-%d}-v{minutes.version}{stage}.pdf",
        freeze=minutes.status == Minutes.Status.APPROVED,
        version=minutes.status,
        language=language,
    )


def minutes_pdf_for(minutes: Minutes, user, *, language: str = "") -> GeneratedDocument | None:
    """The PDF of this version of the minutes this user may read, in their language: the file of
    its current stage (asked for in their language when it exists in another only); ISU staff
    fall back to an earlier stage's file, marked as such on the page."""
    language = language or reader_language()
    # one query: the files of every stage and language of this version (a handful), newest first
    files = list(GeneratedDocument.objects.filter(kind="minutes", object_id=minutes.pk).order_by("-pk"))
    current = document_in_language(
        [document for document in files if document.edition == minutes.status],
        language,
        lambda code: minutes_pdf_request(minutes, language=code),
    )
    if current is not None or not roles.is_isu_staff(user):
        return current
    earlier = sorted(files, key=lambda document: not document.frozen)  # frozen first, then newest first
    return next((document for document in earlier if document.language == language), None) or next(iter(earlier), None)


def participants_pdf_for(meeting: Meeting, *, language: str = "") -> GeneratedDocument | None:
    return document_in_language(
        GeneratedDocument.objects.filter(kind="participants", object_id=meeting.pk),
        language or reader_language(),
        lambda code: participants_pdf_request(meeting, language=code),
    )


def participants_pdf_request(meeting: Meeting, *, language: str = "") -> GeneratedDocument:
    with written_in(language):
        title = _("List of participants, %(meeting)s") % {"meeting": meeting}
    return document_request(
        kind="participants",
        object_id=meeting.pk,
        title=title,
        filename=f"participants-{meeting.date:%Y-%m-%d}.pdf",
        language=language,
    )


def summary_pdf_filename(summary: PublicSummary) -> str:
    return f"summary-{summary.meeting.date:%Y-%m-%d}.pdf"


def summary_pdf_request(summary, *, edition: int | None = None, language: str = "") -> GeneratedDocument:
    """The public PDF of a published summary is frozen per edition (and language); drafts
    render as previews."""
    with written_in(language):
        if edition is not None:
            title = _("Summary: %(title)s") % {"title": summary.title}
        else:
            title = _("Preview (not public): %(title)s") % {"title": summary.title}
    return document_request(
        kind="summary",
        object_id=summary.pk,
        title=title,
        filename=summary_pdf_filename(summary),
        freeze=edition is not None,
        version=f"published-{edition}" if edition is not None else "preview",
        language=language,
    )


def summary_pdf_for(summary, *, published: bool, language: str = "") -> GeneratedDocument | None:
    """The public file of the summary's current edition, or the ISU's preview, in the reader's
    language (asked for in it when the edition exists in another language only)."""
    language = language or reader_language()
    documents = GeneratedDocument.objects.filter(kind="summary", object_id=summary.pk)
    if published:
        edition = summary_edition(summary)
        number = int(edition.rsplit("-", 1)[1])
        return document_in_language(
            documents.filter(frozen=True, edition=edition),
            language,
            lambda code: summary_pdf_request(summary, edition=number, language=code),
        )
    return document_in_language(
        documents.filter(edition="preview"), language, lambda code: summary_pdf_request(summary, language=code)
    )
