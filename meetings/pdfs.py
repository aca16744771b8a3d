"""The meetings' PDFs: what each is built from (registered with the documents app in apps.py),
who may read it, and how it is requested: full minutes and list of participants (restricted to
the Committee), the public summary (its published editions public, its previews the ISU's), and
the meeting pack (meetings/pack.py, the Committee's)."""

from directory import roles
from documents import registry
from documents.models import GeneratedDocument
from documents.services import document_request

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


def minutes_pdf_request(minutes: Minutes) -> GeneratedDocument:
    """Render the minutes as PDF, one file per stage of the text (draft, circulated, approved):
    a file rendered from the draft is never offered as the circulated text. The PDF of approved
    minutes is frozen with its hash."""
    meeting = minutes.meeting
    stage = "" if minutes.status == Minutes.Status.DRAFT else f"-{minutes.status}"
    return document_request(
        kind="minutes",
        object_id=minutes.pk,
        title=f"Minutes of {meeting} (version {minutes.version}, {minutes.get_status_display().lower()})",
        filename=f"minutes-{meeting.date:%Y-%m-%d}-v{minutes.version}{stage}.pdf",
        freeze=minutes.status == Minutes.Status.APPROVED,
        version=minutes.status,
    )


def minutes_pdf_for(minutes: Minutes, user) -> GeneratedDocument | None:
    """The PDF of this version of the minutes this user may read: the file of its current stage
    (ISU staff fall back to an earlier stage's file, marked as such on the page)."""
    documents = GeneratedDocument.objects.filter(kind="minutes", object_id=minutes.pk)
    current = documents.filter(edition=minutes.status).order_by("-pk").first()
    if current is not None or not roles.is_isu_staff(user):
        return current
    return documents.order_by("-frozen", "-pk").first()


def participants_pdf_for(meeting: Meeting) -> GeneratedDocument | None:
    return GeneratedDocument.objects.filter(kind="participants", object_id=meeting.pk).order_by("-pk").first()


def participants_pdf_request(meeting: Meeting) -> GeneratedDocument:
    return document_request(
        kind="participants",
        object_id=meeting.pk,
        title=f"List of participants, {meeting}",
        filename=f"participants-{meeting.date:%Y-%m-%d}.pdf",
    )


def summary_pdf_filename(summary: PublicSummary) -> str:
    return f"summary-{summary.meeting.date:%Y-%m-%d}.pdf"


def summary_pdf_request(summary, *, edition: int | None = None) -> GeneratedDocument:
    """The public PDF of a published summary is frozen per edition; drafts render as previews."""
    return document_request(
        kind="summary",
        object_id=summary.pk,
        title=f"Summary: {summary.title}" if edition is not None else f"Preview (not public): {summary.title}",
        filename=summary_pdf_filename(summary),
        freeze=edition is not None,
        version=f"published-{edition}" if edition is not None else "preview",
    )


def summary_pdf_for(summary, *, published: bool) -> GeneratedDocument | None:
    """The public file of the summary's current edition, or the ISU's preview."""
    documents = GeneratedDocument.objects.filter(kind="summary", object_id=summary.pk)
    if published:
        return documents.filter(frozen=True, edition=summary_edition(summary)).first()
    return documents.filter(edition="preview").order_by("-pk").first()
