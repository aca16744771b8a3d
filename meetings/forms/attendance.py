"""Forms of the attendance page: one row per person or whole delegation, the delegation whose
people are added at once, and a new person entered for a row's delegation."""

from __future__ import annotations

import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import Delegation, Person

from ..models import Attendance
from .base import people


def collation(name: str) -> str:
    """A name as a reader sorts it: accents and case aside ("Émirats" with the E's)."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


class AttendanceChoices:
    """The delegations and people offered in every row, read once for the whole formset."""

    def __init__(self):
        self.delegations = {d.pk: d for d in Delegation.objects.select_related("state")}
        self.people = {p.pk: p for p in people().select_related("delegation__state")}
        # Named and sorted in the reader's language ("Alemania", not "Germany").
        named = sorted(((d.local_name, d.pk) for d in self.delegations.values()), key=lambda pair: collation(pair[0]))
        self.delegation_choices = [("", "—"), *[(pk, name) for name, pk in named]]
        grouped: dict[str, list] = {}
        for person in self.people.values():
            group = person.delegation.local_name if person.delegation_id else str(_("No delegation"))
            grouped.setdefault(group, []).append((person.pk, person.full_name))
        self.person_choices = [("", _("— whole delegation —")), *sorted(grouped.items(), key=lambda g: collation(g[0]))]


class AttendanceRowForm(forms.Form):
    """One line of the attendance: a person of a delegation, or a whole delegation."""

    delegation = forms.TypedChoiceField(label=_("Delegation"), required=False, coerce=int, empty_value=None)
    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("— not listed —")), *Attendance.Status.choices]
    )
    capacity = forms.CharField(label=_("Capacity"), required=False, max_length=200)
    on_behalf_of_delegation = forms.TypedChoiceField(
        label=_("On behalf of"), required=False, coerce=int, empty_value=None
    )
    # Free text from before "on behalf of" was chosen from the register: shown (and kept) only
    # on the lines that still have some, until a delegation is chosen instead.
    on_behalf_of = forms.CharField(label=_("On behalf of (earlier text)"), required=False, max_length=300)
    is_guest = forms.BooleanField(label=_("Guest"), required=False)

    def __init__(self, *args, choices: AttendanceChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.fields["delegation"].choices = choices.delegation_choices
        self.fields["person"].choices = choices.person_choices
        self.fields["on_behalf_of_delegation"].choices = choices.delegation_choices
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
        data["on_behalf_of_delegation"] = self.choices.delegations.get(data.get("on_behalf_of_delegation"))
        if data["on_behalf_of_delegation"] is not None:
            data["on_behalf_of"] = ""  # the delegation chosen replaces the earlier text
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


class LocalDelegationField(forms.ModelChoiceField):
    """Delegations named in the reader's language (Delegation.local_name)."""

    def label_from_instance(self, obj):
        return obj.local_name


class AddDelegationForm(forms.Form):
    add_delegation = LocalDelegationField(
        label=_("Add all people of"),
        queryset=Delegation.objects.select_related("state"),
        required=False,
        empty_label="—",
    )


class NewPersonForm(forms.Form):
    """A person not yet in the register, entered on an attendance line; the line gives the
    delegation. Each line has its own prefix (new-<line>), so only the line pressed is read."""

    title = forms.ChoiceField(label=_("Title"), required=False, choices=[("", "—"), *Person.Title.choices])
    first_name = forms.CharField(label=_("First name"), required=False, max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    function = forms.CharField(label=_("Function"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if name == "title" else "form-control form-control-sm"
            )

    def clean(self):
        data = super().clean()
        for name in ("first_name", "last_name", "function"):
            if data.get(name):
                data[name] = " ".join(data[name].split())
        return data
