"""The invitation of a meeting, sent by the ISU to the Committee, and a delegation's answer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import RSVPForm
from ..models import RSVP
from ..selectors import meeting_for, rsvp_delegation_for


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
