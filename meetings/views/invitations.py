"""The invitation of a meeting, sent by the ISU to the Committee, a delegation's answer, and the
meeting pack (meetings/pack.py) that goes with it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from directory import roles
from documents.services import reader_language

from .. import services
from ..forms import RSVPForm
from ..models import RSVP, Invitation
from ..pack import pack_for_reader, pack_latest, pack_request
from ..selectors import invitation_answers, meeting_for, rsvp_delegation_for


def invitation_panel(user, meeting) -> dict:
    """What the meeting page shows of the invitation: whether and when it went (its version), and
    to the ISU each invited delegation's answer; the meeting pack last asked for."""
    invitation = Invitation.objects.select_related("sent_by").filter(meeting=meeting).first()
    answers = invitation_answers(meeting) if invitation and roles.is_isu_staff(user) else []
    counts = {answer: 0 for answer in [*RSVP.Answer.values, "none"]}
    for _delegation, rsvp in answers:
        counts[rsvp.answer if rsvp else "none"] += 1
    return {
        "invitation": invitation,
        "invitation_answers": answers,
        "answer_counts": counts,
        "meeting_pack": pack_latest(meeting),
    }


@login_required
@require_POST
def invitation_send(request, pk):
    meeting = meeting_for(request.user, pk, write=True)
    try:
        invitation = services.invitation_send(meeting=meeting, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("The invitation was sent (version %(sequence)d).") % {"sequence": invitation.sequence}
        )
    return redirect("meetings:meeting-detail", pk=meeting.pk)


@login_required
def rsvp(request, pk):
    meeting, delegation = rsvp_delegation_for(request.user, pk)
    current = RSVP.objects.filter(meeting=meeting, delegation=delegation).first()
    initial = {"answer": current.answer, "names": current.names} if current else {}
    form = RSVPForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.rsvp_answer(meeting=meeting, delegation=delegation, by=request.user, **form.cleaned_data)
        messages.success(request, _("Your delegation's answer was recorded."))
        return redirect("meetings:rsvp", pk=meeting.pk)
    return render(
        request,
        "meetings/rsvp.html",
        {"meeting": meeting, "delegation": delegation, "form": form, "current": current},
    )


@login_required
@require_POST
def meeting_pack_pdf(request, pk):
    """Queue the meeting pack of the record as it stands (a pack of the same record is kept);
    back to the meeting page, or to the pack's own page when asked from there."""
    meeting = meeting_for(request.user, pk)
    document = pack_request(meeting, language=reader_language())  # in the asker's language
    if document.is_ready:
        messages.info(request, _("The meeting pack is up to date."))
    else:
        messages.success(request, _("The meeting pack is being rendered; it appears when ready."))
    if request.POST.get("then") == "pack":
        return redirect("meetings:meeting-pack", pk=meeting.pk)
    return redirect("meetings:meeting-detail", pk=meeting.pk)


@login_required
def meeting_pack(request, pk):
    """The latest meeting pack (the invitation links here): the file of the record as it stands
    when it is rendered; else its progress, or a button to render it, and the last file rendered.
    All in the reader's language: reading this page writes only the request of the current pack
    in it when that pack was asked for in another language (pack_for_reader)."""
    meeting = meeting_for(request.user, pk)
    document = pack_for_reader(meeting)
    if document is not None and document.is_ready:
        return redirect("documents:document-download", pk=document.pk)
    previous = pack_latest(meeting, ready=True)
    return render(
        request, "meetings/meeting_pack.html", {"meeting": meeting, "document": document, "previous": previous}
    )
