"""Forms of the meeting pages: the meeting itself, the list's filters, agenda items and the
attendance (one row per person or whole delegation)."""

from __future__ import annotations

from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Delegation, Term, ThematicArea

from ..models import AgendaItem, Attendance, Meeting
from .base import TIME, CrispyMixin, date_widget, people, person_label, small_widgets

# --- meetings -------------------------------------------------------------------------------


class MeetingForm(CrispyMixin, forms.ModelForm):
    propose_agenda = forms.BooleanField(
        label=_("Propose the standard agenda"),
        required=False,
        initial=True,
        help_text=_(
            "Approval of the previous minutes, matters arising with the open action items, "
            "the Coordinators' updates and the date of the next meeting."
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
        labels = {"start_time": _("Starts (Geneva time)"), "end_time": _("Ends (Geneva time)")}
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


# --- attendance -----------------------------------------------------------------------------


class AttendanceChoices:
    """The delegations and people offered in every row, read once for the whole formset."""

    def __init__(self):
        self.delegations = {d.pk: d for d in Delegation.objects.all()}
        self.people = {p.pk: p for p in people()}
        self.delegation_choices = [("", "—"), *[(d.pk, d.name) for d in self.delegations.values()]]
        grouped: dict[str, list] = {}
        for person in self.people.values():
            group = person.delegation.name if person.delegation_id else str(_("No delegation"))
            grouped.setdefault(group, []).append((person.pk, person.full_name))
        self.person_choices = [("", _("— whole delegation —")), *sorted(grouped.items())]


class AttendanceRowForm(forms.Form):
    """One line of the attendance: a person of a delegation, or a whole delegation."""

    delegation = forms.TypedChoiceField(label=_("Delegation"), required=False, coerce=int, empty_value=None)
    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("— not listed —")), *Attendance.Status.choices]
    )
    capacity = forms.CharField(label=_("Capacity"), required=False, max_length=200)
    on_behalf_of = forms.CharField(label=_("On behalf of"), required=False, max_length=300)
    is_guest = forms.BooleanField(label=_("Guest"), required=False)

    def __init__(self, *args, choices: AttendanceChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.fields["delegation"].choices = choices.delegation_choices
        self.fields["person"].choices = choices.person_choices
        for name, field in self.fields.items():
            css = "form-check-input" if name == "is_guest" else "form-select form-select-sm"
            if name in ("capacity", "on_behalf_of"):
                css = "form-control form-control-sm"
            field.widget.attrs["class"] = css

    def clean(self):
        data = super().clean()
        delegation = self.choices.delegations.get(data.get("delegation"))
        person = self.choices.people.get(data.get("person"))
        data["delegation"], data["person"] = delegation, person
        if not data.get("status"):
            return data  # a roster line left unticked: this person is not on the list
        if person is not None:
            if delegation is None:
                if person.delegation_id is None:
                    self.add_error("delegation", _("%(person)s has no delegation: choose one.") % {"person": person})
                data["delegation"] = person.delegation
            elif person.delegation_id != delegation.pk:
                self.add_error(
                    "person",
                    _("%(person)s is not in the delegation of %(delegation)s.")
                    % {"person": person.full_name, "delegation": delegation},
                )
        elif delegation is None:
            self.add_error("delegation", _("Choose a delegation, a person, or both."))
        return data

    @property
    def is_listed(self) -> bool:
        return bool(getattr(self, "cleaned_data", None) and self.cleaned_data.get("status"))


class BaseAttendanceFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen_people, seen_delegations = set(), set()
        for form in self.forms:
            if not form.is_listed:
                continue
            person, delegation = form.cleaned_data["person"], form.cleaned_data["delegation"]
            if person is not None:
                if person.pk in seen_people:
                    form.add_error("person", _("%(person)s is listed twice.") % {"person": person.full_name})
                seen_people.add(person.pk)
            else:
                if delegation.pk in seen_delegations:
                    form.add_error(
                        "delegation",
                        _("%(delegation)s already has a whole-delegation line.") % {"delegation": delegation},
                    )
                seen_delegations.add(delegation.pk)


AttendanceFormSet = forms.formset_factory(AttendanceRowForm, formset=BaseAttendanceFormSet, extra=5)


class AddDelegationForm(forms.Form):
    add_delegation = forms.ModelChoiceField(
        label=_("Add all people of"), queryset=Delegation.objects.all(), required=False, empty_label="—"
    )
