from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from directory.models import State, Term, ThematicArea
from documents import uploads

from .models import Activity, Output, TargetState

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TermParams(forms.Form):
    """?term= on the Coordinators' pages and exports: a Term's id (the current term if absent)."""

    term = forms.ModelChoiceField(
        Term.objects.all(), required=False, label=_("Term"), error_messages={"invalid_choice": _("no such term.")}
    )


class ProgressForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    value = forms.DecimalField(label=_("Value reached"), max_digits=12, decimal_places=2, min_value=0)
    narrative = forms.CharField(label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.CharField(label=_("Evidence (document, link)"), required=False, max_length=500)


class OutputForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Output
        fields = ["text", "indicator", "baseline", "target_value", "unit", "deadline", "serves_action"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "deadline": DATE}
        labels = {
            "text": _("Text"),
            "indicator": _("Indicator"),
            "baseline": _("Baseline"),
            "target_value": _("Target value"),
            "unit": _("Unit"),
            "deadline": _("Deadline"),
            "serves_action": _("Serves action"),
        }

    def clean(self):
        data = super().clean()
        if data.get("baseline") is not None and data.get("target_value") is not None:
            if data["target_value"] <= data["baseline"]:
                self.add_error("target_value", _("The target must be above the baseline."))
        return data

    def _post_clean(self):
        # The model's constraints are checked by the service, under the version check.
        pass


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["what", "who", "start", "end", "status"]
        widgets = {"what": forms.Textarea(attrs={"rows": 2}), "start": DATE, "end": DATE}
        labels = {"what": _("What"), "who": _("Who"), "start": _("Start"), "end": _("End"), "status": _("Status")}


class TargetForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Area"), queryset=ThematicArea.objects.none())
    state = forms.ModelChoiceField(label=_("State"), queryset=State.objects.all())
    reason = forms.ChoiceField(label=_("Reason"), choices=TargetState.Reason.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas if areas is not None else ThematicArea.objects.all()


CONCEPT_NOTE_TYPES = {".pdf": b"%PDF", ".docx": b"PK\x03\x04"}
CONCEPT_NOTE_MAX_BYTES = 10 * 1024 * 1024


class ConceptNoteForm(forms.Form):
    text = forms.CharField(label=_("Concept note"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    file = forms.FileField(label=_("Or upload it (PDF or Word, at most 10 MB)"), required=False)
    is_public = forms.BooleanField(label=_("Show it on the public pages"), required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > min(CONCEPT_NOTE_MAX_BYTES, settings.UPLOAD_MAX_BYTES):
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.")
                % {"mb": min(CONCEPT_NOTE_MAX_BYTES, settings.UPLOAD_MAX_BYTES) // (1024 * 1024)}
            )
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        magic = CONCEPT_NOTE_TYPES.get(suffix)
        head = upload.read(4)
        upload.seek(0)
        if magic is None or not head.startswith(magic):
            raise forms.ValidationError(_("Upload a PDF or a Word (.docx) file."))
        # Type by content: a .docx is inspected before anything opens it (zip bombs, not a Word file).
        (uploads.check_docx if suffix == ".docx" else uploads.check_pdf)(upload)
        return upload
