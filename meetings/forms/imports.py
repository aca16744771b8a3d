"""The upload form of the import of existing minutes: size and type checked by content."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents import uploads

from ..importer import MAX_FILE_BYTES


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
