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


def register_documents() -> None:
    registry.register(
        "minutes",
        build=build_minutes_pdf,
        can_view=lambda user, pk: can_read_minutes(user, Minutes.objects.get(pk=pk)),
    )
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


def participants_pdf_request(meeting: Meeting) -> GeneratedDocument:
    return document_request(
        kind="participants",
        object_id=meeting.pk,
        title=f"List of participants, {meeting}",
        filename=f"participants-{meeting.date:%Y-%m-%d}.pdf",
    )
