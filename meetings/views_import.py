"""Importing existing minutes: upload, a review screen before anything is saved, then commit."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents import uploads

from . import importing
from .minutes_parser import MAX_FILE_BYTES, ImportErrorMessage
from .selectors import meetings_section_for

SESSION_KEY = "pending_imports"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Minutes (.docx, .md or .txt, at most 5 MB)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > min(MAX_FILE_BYTES, settings.UPLOAD_MAX_BYTES):
            raise forms.ValidationError(_("The file is larger than 5 MB; minutes are much smaller than that."))
        # Type by content, and .docx archives inspected before python-docx opens them (zip bombs).
        suffix = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix == "docx":
            uploads.check_docx(upload)
        elif suffix in ("md", "txt"):
            uploads.check_text(upload)
        else:
            raise forms.ValidationError(_("Upload minutes as a Word (.docx), Markdown (.md) or text (.txt) file."))
        return upload


def _pending(request, token: str) -> tuple[str, bytes]:
    filename = request.session.get(SESSION_KEY, {}).get(token)
    path = f"imports/pending/{token}"
    if not filename or not default_storage.exists(path):
        raise Http404(_("This import is no longer waiting for review: upload the file again."))
    with default_storage.open(path, "rb") as stored:
        return filename, stored.read()


def _forget(request, token: str) -> None:
    pending = request.session.get(SESSION_KEY, {})
    pending.pop(token, None)
    request.session[SESSION_KEY] = pending
    default_storage.delete(f"imports/pending/{token}")


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
            token = uuid.uuid4().hex
            default_storage.save(f"imports/pending/{token}", ContentFile(data))
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
