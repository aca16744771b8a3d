"""Forms of the meetings pages. They validate input; the services in services.py do the writing."""

from __future__ import annotations

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Delegation, Person, Term, ThematicArea
from documents.params import IdField

from .models import ActionItem, AgendaItem, Attendance, Meeting, MinutesComment

DATE = {"type": "date"}
TIME = {"type": "time"}


def _date_widget():
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


def _person_label(person: Person) -> str:
    return f"{person.full_name} ({person.delegation})" if person.delegation_id else person.full_name


def _people():
    return Person.objects.select_related("delegation")


def _small_widgets(form: forms.Form) -> None:
    """Compact Bootstrap classes for the fields of a filter bar."""
    for field in form.fields.values():
        checkbox = isinstance(field.widget, forms.CheckboxInput)
        field.widget.attrs["class"] = "form-check-input" if checkbox else "form-select form-select-sm"


class _CrispyMixin:
    """Fields laid out by crispy-forms; the <form> tag and buttons stay in the template."""

    def _helper(self, layout: Layout | None = None) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        if layout is not None:
            helper.layout = layout
        return helper


# --- meetings -------------------------------------------------------------------------------


class MeetingForm(_CrispyMixin, forms.ModelForm):
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
            "date": _date_widget(),
            "start_time": forms.TimeInput(attrs=TIME, format="%H:%M"),
            "end_time": forms.TimeInput(attrs=TIME, format="%H:%M"),
            "hosts": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["propose_agenda"]
        self.fields["term"].queryset = Term.objects.select_related("presidency")
        self.fields["chair"].queryset = _people()
        self.fields["chair"].label_from_instance = _person_label
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
        _small_widgets(self)

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


class AgendaItemForm(_CrispyMixin, forms.Form):
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
        self.people = {p.pk: p for p in _people()}
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


# --- minutes ---------------------------------------------------------------------------------


class MinutesItemForm(_CrispyMixin, forms.Form):
    text = forms.CharField(
        label=_("Minutes text (Markdown)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace"}),
        help_text=_("Blank line between paragraphs; **bold**, *italics*, lists with '-'."),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._helper()


def _strip_on_behalf(value: str) -> str:
    value = value.strip()
    prefix = "on behalf of "
    return value[len(prefix) :].strip() if value.lower().startswith(prefix) else value


class StatementForm(_CrispyMixin, forms.Form):
    delegation = forms.ModelChoiceField(label=_("Delegation"), required=False, queryset=Delegation.objects.all())
    speaker = forms.ModelChoiceField(label=_("Speaker"), required=False, queryset=_people())
    on_behalf_of = forms.CharField(
        label=_("On behalf of"),
        required=False,
        max_length=300,
        help_text=_("e.g. the Coordinators on Victim Assistance"),
    )
    anonymous_category = forms.CharField(
        label=_("Or, without attribution, the speaker's category"),
        required=False,
        max_length=120,
        help_text=_("e.g. A donor/partner State"),
    )
    text = forms.CharField(label=_("What was said"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].label_from_instance = _person_label
        self.helper = self._helper(
            Layout(
                Row(Column("delegation", css_class="col-md-6"), Column("speaker", css_class="col-md-6")),
                Row(
                    Column("on_behalf_of", css_class="col-md-6"),
                    Column("anonymous_category", css_class="col-md-6"),
                ),
                "text",
            )
        )

    def clean_on_behalf_of(self):
        return _strip_on_behalf(self.cleaned_data["on_behalf_of"])

    def clean(self):
        data = super().clean()
        speaker, delegation = data.get("speaker"), data.get("delegation")
        if speaker is not None and delegation is None:
            data["delegation"] = delegation = speaker.delegation
        if speaker is not None and delegation is not None and speaker.delegation_id != delegation.pk:
            self.add_error("speaker", _("%(person)s is not in this delegation.") % {"person": speaker.full_name})
        if delegation is None and not data.get("anonymous_category", "").strip():
            self.add_error("delegation", _("Say which delegation spoke, or give the speaker's category."))
        return data


class _MeetingItemForm(_CrispyMixin, forms.Form):
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), required=False, queryset=AgendaItem.objects.none(), empty_label="—"
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("number")


class DecisionForm(_MeetingItemForm):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._helper(Layout("agenda_item", "text"))


class ActionItemForm(_MeetingItemForm):
    text = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 3}))
    owner_delegation = forms.ModelChoiceField(
        label=_("Owner (delegation)"), required=False, queryset=Delegation.objects.all()
    )
    owner_person = forms.ModelChoiceField(label=_("Owner (person)"), required=False, queryset=_people())
    due_date = forms.DateField(label=_("Due date"), required=False, widget=_date_widget())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_person"].label_from_instance = _person_label
        self.helper = self._helper(
            Layout(
                "agenda_item",
                "text",
                Row(
                    Column("owner_delegation", css_class="col-md-4"),
                    Column("owner_person", css_class="col-md-5"),
                    Column("due_date", css_class="col-md-3"),
                ),
            )
        )

    def clean(self):
        data = super().clean()
        if not data.get("owner_delegation") and not data.get("owner_person"):
            self.add_error("owner_delegation", _("An action item needs an owner: a delegation or a person."))
        return data


class ActionItemEditForm(_CrispyMixin, forms.ModelForm):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = ActionItem
        fields = ["text", "agenda_item", "owner_delegation", "owner_person", "due_date", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "due_date": _date_widget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lock_version"].initial = self.instance.lock_version
        self.fields["agenda_item"].queryset = self.instance.meeting.agenda_items.order_by("number")
        self.fields["owner_person"].queryset = _people()
        self.fields["owner_person"].label_from_instance = _person_label
        self.helper = self._helper(
            Layout(
                "text",
                "agenda_item",
                Row(
                    Column("owner_delegation", css_class="col-md-4"),
                    Column("owner_person", css_class="col-md-4"),
                    Column("due_date", css_class="col-md-2"),
                    Column("status", css_class="col-md-2"),
                ),
                "lock_version",
            )
        )


class ActionFilterForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("Owner"), required=False, queryset=Delegation.objects.all(), empty_label=_("All owners")
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ActionItem.Status.choices]
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _small_widgets(self)

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("owner"):
            owner = data["owner"]
            queryset = queryset.filter(
                Q(owner_delegation=owner) | Q(owner_delegation__isnull=True, owner_person__delegation=owner)
            )
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("overdue"):
            queryset = queryset.overdue()
        return queryset


class CirculateForm(_CrispyMixin, forms.Form):
    comment_deadline = forms.DateField(label=_("Comments due by"), widget=_date_widget())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment_deadline"].initial = timezone.localdate() + datetime.timedelta(days=14)
        self.helper = self._helper()


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        max_length=5000,
    )


class SettleCommentForm(forms.Form):
    resolution = forms.ChoiceField(
        label=_("Settle"),
        choices=[
            (MinutesComment.Resolution.TAKEN_IN, _("Taken in")),
            (MinutesComment.Resolution.DECLINED, _("Declined")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason (required when declined)"), required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("resolution") == MinutesComment.Resolution.DECLINED and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the comment is declined."))
        return data


class ApproveForm(_CrispyMixin, forms.Form):
    at_meeting = forms.ModelChoiceField(label=_("Approved at the meeting of"), queryset=Meeting.objects.none())

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        later = Meeting.objects.filter(date__gt=meeting.date).exclude(status=Meeting.Status.CANCELLED)
        self.fields["at_meeting"].queryset = later.order_by("date", "pk")
        approving = later.filter(agenda_items__approves_minutes_of=meeting).order_by("date").first()
        if approving is not None:
            self.fields["at_meeting"].initial = approving.pk
        self.helper = self._helper()


class CorrectForm(_CrispyMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = self._helper()


class MinutesParams(forms.Form):
    """?version= on the minutes (the latest if absent), ?item= preselecting an agenda item."""

    version = forms.IntegerField(required=False, min_value=1, max_value=32767, label=_("Version"))
    item = IdField(label=_("Agenda item"))


class ReasonParams(forms.Form):
    """The reason posted for waiving a leak finding or withdrawing a summary: no NUL, not too
    long (the service says when it is missing)."""

    reason = forms.CharField(required=False, max_length=2000, label=_("Reason"))
