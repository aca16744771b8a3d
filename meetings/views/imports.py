"""Importing existing minutes: upload, a review screen where what the parser guessed can be
corrected before anything is saved, then the import in one transaction (or a cancel)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms import CorrectionForm, UploadForm
from ..importer import ImportErrorMessage
from ..models import PendingImport
from ..selectors import meetings_section_for
from ..services import pending_imports

SESSION_KEY = "pending_imports"


def _pending(request, token: str) -> PendingImport:
    """The import waiting for review under this token: uploaded in this session, by this user."""
    pending = None
    if token in request.session.get(SESSION_KEY, {}):
        pending = PendingImport.objects.filter(token=token, uploaded_by=request.user).first()
    if pending is None:
        raise Http404(_("This import is no longer waiting for review: upload the file again."))
    return pending


def _forget(request, pending: PendingImport) -> None:
    remembered = request.session.get(SESSION_KEY, {})
    remembered.pop(pending.token, None)
    request.session[SESSION_KEY] = remembered


@login_required
def import_upload(request):
    meetings_section_for(request.user, write=True)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            pending = pending_imports.pending_import_create(
                filename=upload.name, data=upload.read(), by=request.user, year=form.cleaned_data["year"]
            )
        except ImportErrorMessage as error:
            form.add_error("file", str(error))
        else:
            remembered = request.session.get(SESSION_KEY, {})
            remembered[pending.token] = pending.filename
            request.session[SESSION_KEY] = remembered
            return redirect("meetings:import-review", token=pending.token)
    return render(request, "meetings/import_upload.html", {"form": form})


@login_required
def import_review(request, token):
    meetings_section_for(request.user, write=True)
    pending = _pending(request, token)
    if request.method == "POST":
        if "cancel" in request.POST:
            pending_imports.pending_import_discard(pending=pending)
            _forget(request, pending)
            messages.info(request, _("Import cancelled; nothing was saved."))
            return redirect("meetings:import-upload")
        if "commit" in request.POST:
            try:
                meeting = pending_imports.pending_import_commit(pending=pending, by=request.user)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                _forget(request, pending)
                messages.success(request, _("Minutes imported as a draft meeting: check them, then continue as usual."))
                return redirect("meetings:meeting-detail", pk=meeting.pk)
            return redirect("meetings:import-review", token=token)
        form = CorrectionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("This correction could not be read: reload the page and try again."))
        else:
            action, values = form.correction()
            try:
                done = pending_imports.pending_import_correct(pending=pending, action=action, values=values)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, done)
        return redirect("meetings:import-review", token=token)
    review = pending_imports.pending_import_review(pending=pending)
    context = {
        "review": review,
        "token": token,
        "corrected": len(pending.corrections),
        "present_names": [group.parsed.name for group in review.groups],
    }
    return render(request, "meetings/import_review.html", context)
