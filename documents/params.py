"""Query parameters and loose form fields, read through forms: a bad value is refused with a
clear message, never a server error.

A page declares the parameters it reads as a small form; `read_params` cleans them. A bad one
is reported (messages.error) and read as absent, so the page shows its default; a view that
cannot fall back (an export, a POST) checks `params.errors` and answers accordingly.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The years a page may be asked about: the Convention's life with room on both sides. Outside
# them a date is a typo or a probe (and 0001 or 9999 overflow date arithmetic).
FIRST_YEAR, LAST_YEAR = 2000, 2100


class YearField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("Year"))
        super().__init__(min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)


class IdField(forms.IntegerField):
    """A row's id: a positive integer a database column holds (ids beyond it are no row's)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)


class MonthField(forms.Field):
    """A month written YYYY-MM, cleaned to its first day, between FIRST_YEAR and LAST_YEAR."""

    default_error_messages = {
        "invalid": gettext_lazy("write the month as YYYY-MM, e.g. 2017-03."),
        "range": gettext_lazy("choose a month between %(first)s and %(last)s."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("Month"))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            month = datetime.datetime.strptime(str(value), "%Y-%m").date()
        except ValueError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        if not FIRST_YEAR <= month.year <= LAST_YEAR:
            raise ValidationError(
                self.error_messages["range"], code="range", params={"first": FIRST_YEAR, "last": f"{LAST_YEAR}-12"}
            )
        return month


class SearchParams(forms.Form):
    """?q= of a search: at most 200 characters, no NUL (which PostgreSQL refuses in any string)."""

    q = forms.CharField(max_length=200, required=False, label=gettext_lazy("Search"))


@dataclass
class Params:
    """The cleaned values (None where absent or refused) and the errors, by parameter."""

    values: dict
    errors: dict = field(default_factory=dict)

    def __getitem__(self, name):
        return self.values[name]

    def get(self, name, default=None):
        value = self.values.get(name)
        return default if value is None else value


def read_params(request, form_class: type[forms.Form], data=None, **kwargs) -> Params:
    """Clean the request's query parameters (or `data`) with `form_class`; each refused value is
    reported to the user as a message and read as absent."""
    form = form_class(request.GET if data is None else data, **kwargs)
    form.is_valid()
    report_errors(request, form, refused=False)
    values = {name: (None if name in form.errors else form.cleaned_data.get(name)) for name in form.fields}
    return Params(values=values, errors=dict(form.errors))


def report_errors(request, form: forms.Form, *, refused: bool = True) -> None:
    """One message per bad value, naming the field and quoting the start of the value."""
    for name, errors in form.errors.items():
        named = form.fields.get(name)
        if named is None:  # the form's own errors say what is wrong
            for error in errors:
                messages.error(request, error)
            continue
        text = (
            _("%(param)s “%(value)s” was refused: %(error)s")
            if refused
            else _("%(param)s “%(value)s” was ignored: %(error)s")
        )
        raw = str(form.data.get(name, "")).replace("\x00", "")
        messages.error(
            request,
            text
            % {"param": named.label or name.capitalize(), "value": Truncator(raw).chars(40), "error": " ".join(errors)},
        )
