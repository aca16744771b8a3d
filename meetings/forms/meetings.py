"""Forms of the meeting pages: the meeting itself, the list's filters and agenda items (the
attendance's are in attendance.py)."""

from __future__ import annotations

from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Delegation, Term, ThematicArea

from ..models import AgendaItem, Meeting
from .base import TIME, CrispyMixin, date_widget, people, person_label, small_widgets

# --- meetings -------------------------------------------------------------------------------


class MeetingForm(CrispyMixin, forms.ModelForm):
    propose_agenda = forms.BooleanField(
        label=_("Propose the standard agenda"),
        required=False,
        initial=True,
        help_text=_(
            "The agenda of its kind. A Coordination Committee meeting: approval of the previous "
            "minutes, matters arising with the open action items, the Presidency's and each thematic "
            "area's updates, any other business and the date of the next meeting. Other meetings: "
            "opening, the subject and any other business."
        ),
    )

    class Meta:
        model = Meeting
        fields = [
            "kind",
            "title",
            "conventions",
            "term",
            "number",
            "date",
            "start_time",
            "end_time",
            "venue",
            "hosts",
            "chair",
            "confidentiality",
            "status",
        ]
        labels = {
            "kind": _("Kind"),
            "title": _("Title"),
            "conventions": _("Conventions"),
            "term": _("Term"),
            "number": _("Number"),
            "date": _("Date"),
            "start_time": _("Starts (Geneva time)"),
            "end_time": _("Ends (Geneva time)"),
            "venue": _("Venue"),
            "hosts": _("Hosts"),
            "chair": _("Chair"),
            "confidentiality": _("Confidentiality"),
            "status": _("Status"),
        }
        help_texts = {"start_time": "", "end_time": "", "hosts": _("Hold Ctrl (⌘ on a Mac) to choose several.")}
        widgets = {
            "conventions": forms.CheckboxSelectMultiple,
            "date": date_widget(),
            "start_time": forms.TimeInput(attrs=TIME, format="%H:%M"),
            "end_time": forms.TimeInput(attrs=TIME, format="%H:%M"),
            "hosts": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["propose_agenda"]
        self.fields["term"].queryset = Term.objects.select_related("presidency")
        self.fields["chair"].queryset = people()
        self.fields["chair"].label_from_instance = person_label
        rows = [
            Row(Column("kind", css_class="col-md-4"), Column("title", css_class="col-md-8")),
            Row(
                Column("term", css_class="col-md-4"),
                Column("number", css_class="col-md-2"),
                Column("conventions", css_class="col-md-6"),
            ),
            Row(
                Column("date", css_class="col-md-4"),
                Column("start_time", css_class="col-md-4"),
                Column("end_time", css_class="col-md-4"),
            ),
            Row(Column("venue", css_class="col-md-6"), Column("chair", css_class="col-md-6")),
            Row(
                Column("hosts", css_class="col-md-6"),
                Column("confidentiality", "status", css_class="col-md-6"),
            ),
        ]
        if "propose_agenda" in self.fields:
            rows.append("propose_agenda")
        self.helper = self._helper(Layout(*rows))


class MeetingFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Meeting.Kind.choices])
    term = forms.ModelChoiceField(
        label=_("Term"), required=False, queryset=Term.objects.all(), empty_label=_("All terms")
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = [d.year for d in Meeting.objects.dates("date", "year", order="DESC")]
        self.fields["year"].choices = [("", _("All years")), *[(y, y) for y in years]]
        small_widgets(self)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("term"):
            queryset = queryset.filter(term=data["term"])
        if data.get("year"):
            queryset = queryset.filter(date__year=data["year"])
        return queryset


# --- agenda ---------------------------------------------------------------------------------


class AgendaItemForm(CrispyMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    parent = forms.ModelChoiceField(
        label=_("Sub-item of"), required=False, queryset=AgendaItem.objects.none(), empty_label=_("— a main item —")
    )
    thematic_area = forms.ModelChoiceField(
        label=_("Thematic area"), required=False, queryset=ThematicArea.objects.all(), empty_label="—"
    )
    presenters = forms.ModelMultipleChoiceField(
        label=_("Presented by"),
        required=False,
        queryset=Delegation.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = meeting.agenda_items.filter(parent__isnull=True).order_by("position")
        self.helper = self._helper(
            Layout(
                "title",
                Row(Column("parent", css_class="col-md-6"), Column("thematic_area", css_class="col-md-6")),
                "presenters",
            )
        )
