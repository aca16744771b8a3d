"""What the forms of the meetings pages share: date inputs, people with their delegation,
compact filter bars, and crispy-forms layouts without a <form> tag."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms

from directory.models import Person

DATE = {"type": "date"}
TIME = {"type": "time"}


def date_widget():
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


def person_label(person: Person) -> str:
    return f"{person.full_name} ({person.delegation})" if person.delegation_id else person.full_name


def people():
    return Person.objects.select_related("delegation")


def small_widgets(form: forms.Form) -> None:
    """Compact Bootstrap classes for the fields of a filter bar."""
    for field in form.fields.values():
        checkbox = isinstance(field.widget, forms.CheckboxInput)
        field.widget.attrs["class"] = "form-check-input" if checkbox else "form-select form-select-sm"


class CrispyMixin:
    """Fields laid out by crispy-forms; the <form> tag and buttons stay in the template."""

    def _helper(self, layout: Layout | None = None) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        if layout is not None:
            helper.layout = layout
        return helper
