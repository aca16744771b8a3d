"""Letter pages: one letter with its answers, follow-ups and reminders; approving, editing a draft
by hand, e-mailing it, recording it sent another way; logging a State's answer and serving its file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms import FollowUpForm, LetterTextForm, MarkSentForm, ResponseForm
from ..models import Letter
from ..recipients import letters_in_period
from ..selectors import letter_for, response_for


@login_required
def letter_detail(request, pk):
    letter = letter_for(request.user, pk)
    can_manage = request.user.has_perm("outreach.manage_campaign", letter.campaign)
    return render(
        request,
        "outreach/letter_detail.html",
        {
            "letter": letter,
            "paragraphs": letter.paragraphs.select_related("area"),
            "responses": letter.responses.select_related("logged_by"),
            "followups": letter.followups.select_related("meeting"),
            "reminders": letter.reminders.all()[:5],
            "can_manage": can_manage,
            "can_plan": request.user.has_perm("outreach.plan_followup"),
            "response_form": ResponseForm(initial={"date": timezone.localdate()}),
            "sent_form": MarkSentForm(initial={"on": timezone.localdate()}),
            "emails": services.contact_emails(letter.state),
            "followup_form": FollowUpForm(),
            "prior": letters_in_period(
                [letter.state], start=letter.campaign.period_start, exclude_campaign=letter.campaign
            ).get(letter.state_id, []),
        },
    )


@login_required
@require_POST
def letter_approve(request, pk):
    letter = letter_for(request.user, pk, write=True)
    try:
        services.letter_approve(letter=letter, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Letter approved."))
    return redirect("outreach:letter-detail", pk=letter.pk)


@login_required
def letter_edit(request, pk):
    """Adjust one draft's text by hand and approve it (the template is left as it is)."""
    letter = letter_for(request.user, pk, write=True)
    if letter.status != Letter.Status.DRAFT:
        messages.error(request, _("Only a draft can be edited."))
        return redirect("outreach:letter-detail", pk=letter.pk)
    form = LetterTextForm(request.POST or None, initial={"subject": letter.subject, "body": letter.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_edit_and_approve(letter=letter, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Letter edited and approved."))
            return redirect("outreach:letter-detail", pk=letter.pk)
    return render(request, "outreach/letter_form.html", {"letter": letter, "form": form})


@login_required
@require_POST
def letter_send(request, pk):
    letter = letter_for(request.user, pk, write=True)
    try:
        services.letter_send(letter=letter, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:  # the e-mail may already have gone (or failed) when the task ran at once: say which
        letter.refresh_from_db()
        if letter.sent_at is not None:
            messages.success(request, _("The letter was e-mailed to %(to)s with its PDF.") % {"to": letter.sent_to})
        elif letter.email_error:
            messages.error(request, _("E-mail failed: %(reason)s") % {"reason": letter.email_error})
        else:
            messages.info(
                request, _("The letter is queued to be e-mailed with its PDF: this page shows when it has gone.")
            )
    return redirect("outreach:letter-detail", pk=letter.pk)


@login_required
@require_POST
def letter_mark_sent(request, pk):
    letter = letter_for(request.user, pk, write=True)
    form = MarkSentForm(request.POST)
    if form.is_valid():
        try:
            services.letter_mark_sent(
                letter=letter, channel=form.cleaned_data["channel"], on=form.cleaned_data["on"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Letter recorded as sent."))
    else:
        messages.error(request, _("Give the channel and the date."))
    return redirect("outreach:letter-detail", pk=letter.pk)


@login_required
@require_POST
def response_add(request, pk):
    letter = letter_for(request.user, pk, write=True)
    form = ResponseForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.response_log(letter=letter, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Answer logged: the letter is answered."))
            return redirect("outreach:letter-detail", pk=letter.pk)
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {errors[0]}")
    return redirect("outreach:letter-detail", pk=letter.pk)


@login_required
def response_file(request, pk):
    response = response_for(request.user, pk)
    if not response.file:
        raise Http404
    return FileResponse(response.file.open("rb"), as_attachment=True, filename=response.file.name.rsplit("/", 1)[-1])
