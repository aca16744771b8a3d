"""Follow-ups, bilateral meetings and démarches with a State: planning one (from the State's
history or a letter's page) and recording it done."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..forms import FollowUpDoneForm, FollowUpForm, FollowUpLetterForm
from ..selectors import followup_for, outreach_state_for
from .states import state_form


@login_required
@require_http_methods(["GET", "POST"])
def followup_add(request, pk):
    """Plan a follow-up, bilateral meeting or démarche with a State (optionally about a letter);
    GET: the page holding the blank form, which the State's history loads when it is opened."""
    state = outreach_state_for(request.user, pk, perm="outreach.plan_followup")
    if request.method == "GET":
        action = reverse("outreach:followup-add", args=[state.pk])
        title = _("Plan a démarche, meeting or follow-up")
        return state_form(request, state, FollowUpForm(), action=action, title=title, submit=_("Plan"))
    chosen = FollowUpLetterForm(request.POST, state=state)
    if not chosen.is_valid():
        raise Http404  # not one of this State's letters
    letter = chosen.cleaned_data["letter"]
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.followup_add(state=state, letter=letter, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Planned."))
    else:
        messages.error(request, _("Give the kind and the planned date."))
    if letter is not None:
        return redirect("outreach:letter-detail", pk=letter.pk)
    return redirect("outreach:state-history", pk=state.pk)


@login_required
@require_POST
def followup_done(request, pk):
    followup = followup_for(request.user, pk, write=True)
    form = FollowUpDoneForm(request.POST)
    if form.is_valid():
        services.followup_done(followup=followup, by=request.user, **form.cleaned_data)
        messages.success(request, _("Recorded as done."))
    else:
        messages.error(request, _("Give the date it was done."))
    return redirect("outreach:state-history", pk=followup.state_id)
