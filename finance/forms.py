from decimal import Decimal

from django import forms
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from directory.models import State
from directory.names import chf
from documents.params import YearField
from meetings.models import Meeting

from .models import BankStatementLine, FinancialYear, Invoice


class FinancialYearForm(forms.ModelForm):
    class Meta:
        model = FinancialYear
        fields = [
            "year", "isu_budget", "scale_period", "floor_percent", "ceiling_percent", "meeting", "meeting_cost",
            "psc_percent", "participants",
        ]  # fmt: skip
        widgets = {"participants": forms.CheckboxSelectMultiple}
        labels = {
            "year": _("Year"),
            "scale_period": _("Scale period"),
            "meeting": _("Meeting"),
            "participants": _("Participants"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(kind=Meeting.Kind.MSP).order_by("-date")
        self.fields["meeting"].label_from_instance = lambda m: f"{m.title} ({date_format(m.date)})"
        if self.instance.pk:
            self.fields["year"].disabled = True

    def clean_isu_budget(self):
        value = self.cleaned_data["isu_budget"]
        if value <= 0:
            raise forms.ValidationError(_("The budget is a positive amount in CHF."))
        return value

    def clean(self):
        data = super().clean()
        floor, ceiling = data.get("floor_percent"), data.get("ceiling_percent")
        if floor is not None and ceiling is not None and floor > ceiling:
            self.add_error("ceiling_percent", _("The ceiling is below the floor."))
        if data.get("meeting_cost") and not data.get("meeting"):
            self.add_error("meeting", _("Name the meeting whose costs are estimated."))
        return data

    def year_fields(self) -> dict:
        """The year's values as the valid form read them, for services.financial_year_create/_update
        (a field left out of the request keeps the year's value, as ModelForm.save would)."""
        return {name: getattr(self.instance, name) for name in self._meta.fields if name != "participants"}


class CreditNoteForm(forms.Form):
    reason = forms.CharField(max_length=300, label=_("Reason for the cancellation"))


class PaymentForm(forms.Form):
    """A payment recorded by hand. The invoice list offers the chosen State's open invoices only
    (changing the State reloads it with htmx, from the same page with ?state=); an invoice of
    another State posted anyway is refused, naming both States."""

    state = forms.ModelChoiceField(State.objects.filter(invoices__isnull=False).distinct(), label=_("State"))
    invoice = forms.ModelChoiceField(
        Invoice.objects.receivable().select_related("state"),
        required=False,
        label=_("Invoice paid"),
        help_text=_("Optional: the rest pays the State's other open invoices, then stays as credit."),
    )
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label=_("Date"))
    amount = forms.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"), label=_("Amount (CHF)"))
    reference = forms.CharField(max_length=200, required=False, label=_("Reference"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].widget.attrs.update({
            "hx-get": reverse("finance:payment-create"), "hx-target": "#div_id_invoice", "hx-swap": "outerHTML",
            "hx-trigger": "change", "aria-controls": "id_invoice",
        })  # fmt: skip
        self.chosen_state = self._chosen_state()
        # Validation reads every receivable invoice (so another State's is refused by name, below);
        # the list offered is the chosen State's open invoices.
        offered = [("", _("The oldest open invoices first") if self.chosen_state else _("Choose the State first"))]
        if self.chosen_state is not None:
            offered += [(i.pk, self._label(i)) for i in self.open_invoices(self.chosen_state)]
        self.fields["invoice"].widget.choices = offered

    @staticmethod
    def _label(invoice) -> str:
        return f"{invoice.display_number} – {invoice.get_kind_display()} – {chf(invoice.outstanding)}"

    @staticmethod
    def open_invoices(state):
        return Invoice.objects.outstanding().filter(state=state).order_by("due_date", "year", "number")

    def _chosen_state(self):
        value = self.data.get(self.add_prefix("state")) if self.is_bound else self.initial.get("state")
        if isinstance(value, State):
            return value
        try:
            return self.fields["state"].clean(value) if value not in (None, "") else None
        except forms.ValidationError:
            return None

    def clean(self):
        data = super().clean()
        invoice, state = data.get("invoice"), data.get("state")
        if invoice is not None and state is not None and invoice.state_id != state.pk:
            self.add_error(
                "invoice",
                _("Invoice %(number)s is addressed to %(other)s, not to %(state)s: choose one of %(state)s's invoices.")
                % {"number": invoice.display_number, "other": invoice.state, "state": state},
            )
        return data


class BankStatementForm(forms.Form):
    file = forms.FileField(
        label=_("Bank statement (CSV)"), help_text=_("Columns: date, amount, reference (or text). One credit a line.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2_000_000:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        try:
            return upload.name, upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The file is not UTF-8 text (save it as CSV UTF-8).")) from error


class ScaleImportForm(forms.Form):
    period = forms.RegexField(regex=r"^\d{4}-\d{4}$", help_text=_("e.g. 2016-2018"), label=_("Period"))
    source = forms.CharField(max_length=300, required=False, label=_("Source"))
    file = forms.FileField(label=_("Scale (CSV)"), help_text=_("Columns: iso3, rate_percent"))


# --- Query parameters and the bank matching form (a bad value is refused, never a server error) ---


class ExportParams(forms.Form):
    year = YearField(error_messages={"no_budget": _("there is no budget for that year.")})

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is None:
            return None
        financial_year = FinancialYear.objects.filter(year=year).first()
        if financial_year is None:
            raise forms.ValidationError(self.fields["year"].error_messages["no_budget"], code="no_budget")
        return financial_year


class InvoiceFilterParams(forms.Form):
    year = YearField()
    state = forms.RegexField(
        regex=r"^[A-Za-z]{3}$", required=False, label=_("State (ISO3)"), error_messages={"invalid": _("use 3 letters.")}
    )
    kind = forms.ChoiceField(choices=[("", ""), *Invoice.Kind.choices], required=False, label=_("Kind"))
    open = forms.BooleanField(required=False, label=_("Open only"))

    @staticmethod
    def filter(invoices, values: dict):
        """The invoices the cleaned filters keep (a refused filter is None: it keeps all)."""
        if values["year"]:
            invoices = invoices.filter(year=values["year"])
        if values["state"]:
            invoices = invoices.filter(state__iso3=values["state"].upper())
        if values["kind"]:
            invoices = invoices.filter(kind=values["kind"])
        if values["open"]:
            invoices = invoices.outstanding()
        return invoices


class PaymentParams(forms.Form):
    invoice = forms.ModelChoiceField(Invoice.objects.select_related("state"), required=False, label=_("Invoice"))
    state = forms.ModelChoiceField(State.objects.all(), required=False, label=_("State"))


class BankLineForm(forms.Form):
    """One line of a statement, confirmed as a State's payment (of an invoice, or not), or ignored
    with a reason. A line whose reference, payer and amount disagree is confirmed only by an explicit
    choice: one of its candidates (choice a or b), or a State chosen in the list."""

    line = forms.ModelChoiceField(BankStatementLine.objects.none(), label=_("Line"))
    action = forms.ChoiceField(
        choices=[("confirm", _("Confirm")), ("ignore", _("Ignore"))], required=False, label=_("Action")
    )
    choice = forms.ChoiceField(
        choices=[("a", _("First candidate")), ("b", _("Second candidate"))], required=False, label=_("Candidate")
    )
    state = forms.ModelChoiceField(State.objects.all(), required=False, label=_("State"))
    invoice = forms.ModelChoiceField(Invoice.objects.receivable(), required=False, label=_("Invoice"))
    reason = forms.CharField(max_length=300, required=False, label=_("Reason for ignoring"))

    def __init__(self, *args, statement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = statement.lines.all()

    def clean(self):
        data = super().clean()
        data["action"] = data.get("action") or "confirm"
        line = data.get("line")
        if self.errors or line is None:
            return data
        if data["action"] == "ignore":
            if not data.get("reason", "").strip():
                raise forms.ValidationError(
                    _("Say why line %(row)s is ignored (a refund, a transfer between our own accounts…).")
                    % {"row": line.row}
                )
            return data
        if data.get("choice"):
            candidate = next((c for c in line.candidates if c[0] == data["choice"]), None)
            if candidate is None:
                raise forms.ValidationError(_("Line %(row)s has no such candidate.") % {"row": line.row})
            data["state"], data["invoice"] = candidate[1], candidate[2]
        state, invoice = data.get("state"), data.get("invoice")
        if state is None and line.needs_choice:
            raise forms.ValidationError(
                _("The reference, the payer and the amount of line %(row)s disagree: choose which State paid.")
                % {"row": line.row}
            )
        if state is None:
            raise forms.ValidationError(_("Choose the State that paid."))
        if invoice is not None and invoice.state_id != state.pk:
            raise forms.ValidationError(_("That invoice is not one of %(state)s's.") % {"state": state})
        return data
