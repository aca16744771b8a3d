"""Credit notes: an issued invoice is cancelled by a credit note that refers to it, never
edited or deleted."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Invoice
from .invoices import invoice_create
from .payments import credit_apply, lock_state


@transaction.atomic
def credit_note_issue(*, invoice: Invoice, reason: str, by, issue_date: datetime.date | None = None) -> Invoice:
    """Cancel an issued invoice with a credit note that refers to it. Payments already allocated to
    it become the State's credit, applied to its other open invoices."""
    lock_state(invoice.state)  # as payments do, before the invoice: one writer of the State's ledger
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.is_credit_note:
        raise ValidationError(_("A credit note cannot itself be cancelled."))
    if invoice.is_cancelled:
        raise ValidationError(_("Invoice %(number)s is already cancelled.") % {"number": invoice.display_number})
    if not reason.strip():
        raise ValidationError(_("Give the reason for the credit note."))
    remaining = invoice.amount - invoice.credited
    with translation.override(invoice.state.language):  # the line, in the State's language (its letter's)
        description = _("Cancellation of invoice %(number)s") % {"number": invoice.display_number}
    credit_note = invoice_create(
        financial_year=invoice.financial_year,
        state=invoice.state,
        kind=Invoice.Kind.CREDIT_NOTE,
        lines=[(description, reason.strip(), -remaining)],
        by=by,
        issue_date=issue_date or timezone.localdate(),
        credit_note_for=invoice,
        reason=reason.strip(),
    )
    # the money paid on a cancelled invoice is the State's again
    for allocation_row in invoice.allocations.all():
        allocation_row.delete()
    # its balance from the ledger again (credited in full, nothing paid), in this transaction
    Invoice.objects.filter(pk=invoice.pk).store_balances()
    credit_apply(state=invoice.state)
    return credit_note
