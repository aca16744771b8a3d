"""Bank statements read from CSV and their lines, each with the match the portal proposes.

Kept apart from models.py (which imports them, so that Django registers them and
`from finance.models import BankStatementLine` works); they stand on its Invoice and Payment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import State

from .models import MONEY, Invoice, Payment


class BankStatementImport(models.Model):
    filename = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "finance"
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.filename} ({self.uploaded_at:%Y-%m-%d})"


class BankStatementLine(models.Model):
    """A credit of a statement. The reference (an invoice number in the text), the payer (a State's
    name in it) and the amount are read together: when they agree, the match is proposed; when
    they disagree, nothing is proposed, the warning says what disagrees and the candidates (a and
    b) are offered for the ISU to choose. A line ignored keeps the reason the ISU gave."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("To confirm")
        CONFIRMED = "confirmed", _("Recorded as a payment")
        IGNORED = "ignored", _("Ignored")

    statement = models.ForeignKey(BankStatementImport, on_delete=models.CASCADE, related_name="lines")
    row = models.PositiveIntegerField()
    date = models.DateField()
    amount = models.DecimalField(**MONEY)
    text = models.CharField(max_length=500)
    proposed_state = models.ForeignKey(State, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    proposed_invoice = models.ForeignKey(Invoice, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    match_reason = models.CharField(max_length=200, blank=True)
    match_warning = models.TextField(
        blank=True, help_text=_("What disagrees between the reference, the payer and the amount, or is worth a look.")
    )
    candidate_a_state = models.ForeignKey(State, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    candidate_a_invoice = models.ForeignKey(Invoice, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    candidate_b_state = models.ForeignKey(State, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    candidate_b_invoice = models.ForeignKey(Invoice, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    ignore_reason = models.CharField(_("reason for ignoring"), max_length=300, blank=True)
    payment = models.OneToOneField(Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        app_label = "finance"
        ordering = ["statement", "row"]

    def __str__(self):
        return f"{self.date} CHF {self.amount} {self.text}"

    @property
    def candidates(self) -> list[tuple[str, State, Invoice | None]]:
        """The States (and invoices) the ISU chooses between when the signals disagree: (key, State, invoice)."""
        pairs = [
            ("a", self.candidate_a_state, self.candidate_a_invoice),
            ("b", self.candidate_b_state, self.candidate_b_invoice),
        ]
        return [(key, state, invoice) for key, state, invoice in pairs if state is not None]

    @property
    def needs_choice(self) -> bool:
        return self.status == self.Status.PROPOSED and self.candidate_a_state_id is not None
