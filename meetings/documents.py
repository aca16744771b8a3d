"""The meetings' PDFs: full minutes and list of participants (restricted to the Committee)."""

from directory import roles
from documents import registry
from documents.models import GeneratedDocument
from documents.services import document_request

from .models import Meeting, Minutes, attendance_by_delegation


def can_read_minutes(user, minutes: Minutes) -> bool:
    """ISU staff read every version; other Committee members read minutes once circulated."""
    if roles.is_isu_staff(user):
        return True
    return roles.is_committee_member(user) and minutes.status != Minutes.Status.DRAFT


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
    from .models_summary import PublicSummary

    summary = PublicSummary.objects.select_related("meeting").get(pk=summary_id)
    return "meetings/pdf/summary.html", {"summary": summary, "sections": summary_sections(summary)}


def summary_sections(summary) -> list[tuple[str, list]]:
    """The detailed record grouped under its headings, in order."""
    sections: list[tuple[str, list]] = []
    for entry in summary.entries.all():
        if not sections or sections[-1][0] != entry.section:
            sections.append((entry.section, []))
        sections[-1][1].append(entry)
    return sections


def can_read_summary(user, summary_id: int) -> bool:
    """Anyone reads a published summary; before that (and once withdrawn) only the Committee."""
    from .models_summary import PublicSummary

    if PublicSummary.objects.published().filter(pk=summary_id).exists():
        return True
    return roles.is_isu_staff(user)


def register_documents() -> None:
    registry.register(
        "minutes",
        build=build_minutes_pdf,
        can_view=lambda user, pk: can_read_minutes(user, Minutes.objects.get(pk=pk)),
    )
    registry.register("summary", build=build_summary_pdf, can_view=can_read_summary)
    registry.register(
        "participants",
        build=build_participants_pdf,
        can_view=lambda user, pk: roles.is_committee_member(user),
    )


def minutes_pdf_request(minutes: Minutes) -> GeneratedDocument:
    """Render the minutes as PDF; the PDF of approved minutes is frozen with its hash."""
    meeting = minutes.meeting
    return document_request(
        kind="minutes",
        object_id=minutes.pk,
        title=f"Minutes of {meeting} (version {minutes.version})",
        filename=f"minutes-{meeting.date:%Y-%m-%d}-v{minutes.version}.pdf",
        freeze=minutes.status == Minutes.Status.APPROVED,
        version=minutes.status if minutes.status == Minutes.Status.APPROVED else "",
    )


def minutes_pdf_for(minutes: Minutes) -> GeneratedDocument | None:
    """The PDF of this version of the minutes, if one was asked for."""
    return GeneratedDocument.objects.filter(kind="minutes", object_id=minutes.pk).order_by("-frozen", "-pk").first()


def participants_pdf_for(meeting: Meeting) -> GeneratedDocument | None:
    return GeneratedDocument.objects.filter(kind="participants", object_id=meeting.pk).order_by("-pk").first()


def participants_pdf_request(meeting: Meeting) -> GeneratedDocument:
    return document_request(
        kind="participants",
        object_id=meeting.pk,
        title=f"List of participants, {meeting}",
        filename=f"participants-{meeting.date:%Y-%m-%d}.pdf",
    )


def summary_pdf_request(summary, *, edition: int | None = None) -> GeneratedDocument:
    """The public PDF of a published summary is frozen per edition; drafts render as previews."""
    from .summaries import summary_pdf_filename

    return document_request(
        kind="summary",
        object_id=summary.pk,
        title=f"Summary: {summary.title}",
        filename=summary_pdf_filename(summary),
        freeze=edition is not None,
        version=f"published-{edition}" if edition is not None else "",
    )


def summary_pdf_for(summary, *, published: bool) -> GeneratedDocument | None:
    documents = GeneratedDocument.objects.filter(kind="summary", object_id=summary.pk)
    documents = documents.filter(frozen=True) if published else documents.filter(frozen=False)
    return documents.order_by("-pk").first()
