"""The forms of the import of existing minutes: the upload (size and type checked by content,
and the year of minutes that date the meeting without one), and the corrections made on the
review screen before anything is saved."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from documents import uploads

from ..importer import MAX_FILE_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Minutes (.docx, .pdf, .md or .txt, at most 5 MB)"))
    year = forms.IntegerField(
        label=gettext_lazy("Year of the meeting"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=gettext_lazy("Only for minutes that give the meeting's date without its year."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > min(MAX_FILE_BYTES, settings.UPLOAD_MAX_BYTES):
            raise forms.ValidationError(_("The file is larger than 5 MB; minutes are much smaller than that."))
        # Type by content, and .docx archives inspected before python-docx opens them (zip bombs).
        suffix = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix == "docx":
            uploads.check_docx(upload)
        elif suffix == "pdf":
            uploads.check_pdf(upload)
        elif suffix in ("md", "txt"):
            uploads.check_text(upload)
        else:
            raise forms.ValidationError(
                _("Upload minutes as a Word (.docx), PDF (.pdf), Markdown (.md) or text (.txt) file.")
            )
        return upload


class CorrectionForm(forms.Form):
    """One correction of the review screen; which fields count depends on the action."""

    ACTIONS = {  # action -> (the correction's argument, the form's field)
        "to_present": (("kind", "kind"), ("index", "index"), ("into", "name")),
        "to_apologies": (("kind", "kind"), ("index", "index"), ("person", "person")),
        "merge": (("index", "index"), ("into", "target")),
        "split": (("index", "index"), ("person", "person"), ("name", "name")),
        "date": (("value", "date"),),
        "agenda_number": (("index", "index"), ("number", "number")),
    }
    KINDS = ("apology", "flagged", "apology_delegation", "absent_delegation", "present", "delegation")

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    kind = forms.ChoiceField(choices=[("", "")] + [(k, k) for k in KINDS], required=False)
    index = forms.IntegerField(required=False, min_value=0, max_value=100_000)
    person = forms.IntegerField(required=False, min_value=0, max_value=100_000)
    target = forms.IntegerField(required=False, min_value=0, max_value=100_000)
    name = forms.CharField(required=False, max_length=200)
    date = forms.CharField(required=False, max_length=40)
    number = forms.CharField(required=False, max_length=10)

    def correction(self) -> tuple[str, dict]:
        """The action and its arguments, from valid data."""
        action = self.cleaned_data["action"]
        return action, {argument: self.cleaned_data[field] for argument, field in self.ACTIONS[action]}
