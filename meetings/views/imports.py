"""Importing existing minutes: upload, a review screen before anything is saved, then commit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms import UploadForm
from ..importer import ImportErrorMessage
from ..selectors import meetings_section_for
from ..services import importing

SESSION_KEY = "pending_imports"


def _pending(request, token: str) -> tuple[str, bytes]:
    filename = request.session.get(SESSION_KEY, {}).get(token)
    data = importing.pending_import_read(token=token) if filename else None
    if data is None:
        raise Http404(_("This import is no longer waiting for review: upload the file again."))
    return filename, data


def _forget(request, token: str) -> None:
    pending = request.session.get(SESSION_KEY, {})
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    importing.pending_import_discard(token=token)


@login_required
def import_upload(request):
    meetings_section_for(request.user, write=True)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            importing.review_import(filename=upload.name, data=data)
        except ImportErrorMessage as error:
            form.add_error("file", str(error))
        else:
            token = importing.pending_import_store(data=data)
            pending = request.session.get(SESSION_KEY, {})
            pending[token] = upload.name
            request.session[SESSION_KEY] = pending
            return redirect("meetings:import-review", token=token)
    return render(request, "meetings/import_upload.html", {"form": form})


@login_required
def import_review(request, token):
    meetings_section_for(request.user, write=True)
    filename, data = _pending(request, token)
    review = importing.review_import(filename=filename, data=data)
    if request.method == "POST":
        if "cancel" in request.POST:
            _forget(request, token)
            messages.info(request, _("Import cancelled; nothing was saved."))
            return redirect("meetings:import-upload")
        try:
            meeting = importing.import_commit(filename=filename, data=data, by=request.user)
        except (ValidationError, ImportErrorMessage) as error:
            messages.error(request, error.messages[0] if isinstance(error, ValidationError) else str(error))
        else:
            _forget(request, token)
            messages.success(request, _("Minutes imported as a draft meeting: check them, then continue as usual."))
            return redirect("meetings:meeting-detail", pk=meeting.pk)
    return render(request, "meetings/import_review.html", {"review": review, "token": token})
