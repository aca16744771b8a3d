"""Forms of outreach: templates, campaigns and their recipients, answers, follow-ups, contacts."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory.models import Contact, State, ThematicArea
from documents.params import MonthField
from meetings.models import Meeting

from . import merge
from .models import FollowUp, Letter, LetterTemplate, Response
from .recipients import CATEGORIES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TemplateForm(forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = LetterTemplate
        fields = ["name", "kind", "language", "area", "subject", "body"]
        labels = {
            "name": _("Name"),
            "kind": _("Kind"),
            "language": _("Language"),
            "area": _("Area"),
            "subject": _("Subject"),
            "body": _("Body"),
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 16, "class": "font-monospace"})}

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        if areas is not None:
            self.fields["area"].queryset = areas
            self.fields["area"].required = True
            self.fields["area"].empty_label = None
        if self.instance.pk:
            self.fields["lock_version"].initial = self.instance.lock_version

    def clean(self):
        data = super().clean()
        # the check of the parsed template, then a trial render with a value for every merge field:
        # a template that cannot render is refused here, so generating a campaign never meets it
        for name in ("subject", "body"):
            if data.get(name) and name not in self.errors:
                for error in merge.template_errors(data[name]):
                    self.add_error(name, error)
        if data.get("kind") == LetterTemplate.Kind.PARAGRAPH and not data.get("area"):
            self.add_error("area", _("An area paragraph belongs to an area."))
        return data


class PreviewForm(forms.Form):
    """The choices of a template preview; a bad one is previewed without (never a server error)."""

    state = forms.ModelChoiceField(queryset=State.objects.all(), required=False, label=_("Preview for"))
    area = forms.ModelChoiceField(queryset=ThematicArea.objects.all(), required=False, label=_("Area"))
    language = forms.ChoiceField(choices=[(code, code) for code in merge.SALUTATION], required=False)


class CalendarParams(forms.Form):
    month = MonthField()


class FollowUpLetterForm(forms.Form):
    """The letter a follow-up is about (optional), one of the State's."""

    letter = forms.ModelChoiceField(queryset=Letter.objects.none(), required=False, label=_("Letter"))

    def __init__(self, *args, state, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter"].queryset = Letter.objects.filter(state=state)


class CampaignForm(forms.Form):
    title = forms.CharField(max_length=300, label=_("Title"))
    template = forms.ModelChoiceField(
        queryset=LetterTemplate.objects.filter(kind=LetterTemplate.Kind.LETTER), label=_("Letter template")
    )
    area = forms.ModelChoiceField(queryset=ThematicArea.objects.all(), required=False, label=_("Writing area"))
    consolidated = forms.BooleanField(
        required=False,
        label=_("Consolidated: one letter per State with the paragraphs of every area targeting it"),
    )
    signatory_name = forms.CharField(max_length=200, label=_("Signatory"))
    signatory_title = forms.CharField(max_length=300, required=False, label=_("Signatory's title"))
    reply_by = forms.DateField(required=False, widget=DATE, label=_("Reply by"))
    period_start = forms.DateField(widget=DATE, label=_("Show letters already sent since"))
    categories = forms.MultipleChoiceField(
        choices=list(CATEGORIES.items()), required=False, widget=forms.CheckboxSelectMultiple, label=_("Categories")
    )
    deadline_years = forms.IntegerField(
        min_value=1, max_value=10, initial=3, label=_("Deadline within (years)"), required=False
    )
    target_areas = forms.ModelMultipleChoiceField(
        queryset=ThematicArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Target lists of the areas"),
    )
    states = forms.ModelMultipleChoiceField(
        queryset=State.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        label=_("States chosen by hand"),
    )

    def __init__(self, *args, isu: bool, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.isu = isu
        self.fields["period_start"].initial = timezone.localdate() - datetime.timedelta(days=180)
        if not isu:
            self.fields["area"].queryset = areas
            self.fields["area"].required = True
            self.fields["area"].empty_label = None
            del self.fields["consolidated"]
            self.fields["template"].queryset = LetterTemplate.objects.filter(
                kind=LetterTemplate.Kind.LETTER, area__in=areas
            )

    def clean(self):
        data = super().clean()
        if not (data.get("categories") or data.get("target_areas") or data.get("states")):
            raise forms.ValidationError(_("Choose the recipients: a category, a target list or States by hand."))
        return data


class LetterTextForm(forms.Form):
    subject = forms.CharField(max_length=300, required=False, label=_("Subject"))
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 18}), label=_("Text"))


class ResponseForm(forms.ModelForm):
    class Meta:
        model = Response
        fields = ["date", "channel", "summary", "file"]
        labels = {
            "date": _("Date"),
            "channel": _("Channel"),
            "summary": pgettext_lazy("an answer's content", "Summary"),
            "file": _("File"),
        }
        widgets = {
            "date": DATE,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "file": forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.doc,.jpg,.jpeg,.png"}),
        }
        help_texts = {"file": _("PDF, Word (.docx, .doc) or image (.jpg, .png), up to 10 MB.")}


class MarkSentForm(forms.Form):
    channel = forms.ChoiceField(choices=[c for c in Letter.Channel.choices if c[0] != "email"], label=_("Channel"))
    on = forms.DateField(widget=DATE, label=_("Delivered on"))


class FollowUpForm(forms.ModelForm):
    # A follow-up is planned about a meeting to come or a recent one. Every meeting ever held made
    # the choice grow by a few dozen a year (hundreds of options on each State's history page).
    MEETINGS_SINCE = datetime.timedelta(days=365)

    class Meta:
        model = FollowUp
        fields = ["kind", "planned_on", "place", "who", "meeting", "notes"]
        labels = {
            "kind": _("Kind"),
            "planned_on": _("Planned on"),
            "place": _("Place"),
            "who": _("Who"),
            "meeting": _("Meeting"),
            "notes": _("Notes"),
        }
        widgets = {"planned_on": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        since = timezone.localdate() - self.MEETINGS_SINCE
        recent = Q(date__gte=since) | Q(pk=self.instance.meeting_id)  # an edited one keeps its meeting
        self.fields["meeting"].queryset = Meeting.objects.filter(recent).order_by("-date")
        self.fields["meeting"].required = False


class FollowUpDoneForm(forms.Form):
    on = forms.DateField(widget=DATE, label=_("Done on"))
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Outcome"))


class ContactForm(forms.ModelForm):
    """A State's contact (directory.Contact), with what it is for: correspondence, finance, or both."""

    class Meta:
        model = Contact
        fields = ["kind", "name", "addressee", "address", "email", "for_mission", "for_finance", "is_primary", "note"]
        labels = {
            "kind": _("Kind"),
            "name": _("Name"),
            "addressee": _("Addressee"),
            "address": _("Address"),
            "email": _("E-mail"),
            "is_primary": _("Primary contact"),
            "note": _("Note"),
        }
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}
