"""Credit notes: an issued invoice is cancelled by a credit note that refers to it, never
edited or deleted."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import Invoice
from .invoices import invoice_create
from .payments import credit_apply


@transaction.atomic
def credit_note_issue(*, invoice: Invoice, reason: str, by, issue_date: datetime.date | None = None) -> Invoice:
    """Cancel an issued invoice with a credit note that refers to it. Payments already allocated to
    it become the State's credit, applied to its other open invoices."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.is_credit_note:
        raise ValidationError("A credit note cannot itself be cancelled.")
    if invoice.is_cancelled:
        raise ValidationError(f"Invoice {invoice.display_number} is already cancelled.")
    if not reason.strip():
        raise ValidationError("Give the reason for the credit note.")
    remaining = invoice.amount + invoice.credited_amount
    credit_note = invoice_create(
        financial_year=invoice.financial_year,
        state=invoice.state,
        kind=Invoice.Kind.CREDIT_NOTE,
        lines=[(f"Cancellation of invoice {invoice.display_number}", reason.strip(), -remaining)],
        by=by,
        issue_date=issue_date or timezone.localdate(),
        credit_note_for=invoice,
        reason=reason.strip(),
    )
    # the money paid on a cancelled invoice is the State's again
    for allocation_row in invoice.allocations.all():
        allocation_row.delete()
    credit_apply(state=invoice.state)
    return credit_note
