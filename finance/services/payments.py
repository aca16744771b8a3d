"""Payments: money received pays the invoice named first, then the State's other open invoices,
oldest first; what is left is credit carried forward. A State's balance."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from directory.models import State
from directory.names import chf_number

from ..models import ZERO, FinancialYear, Invoice, Payment, PaymentAllocation


def _allocate(payment: Payment, invoices, available: Decimal) -> Decimal:
    """Allocate what is available to the invoices in turn, storing each one's new balance in the
    same transaction (the caller holds the State's lock, taken before the invoices were read)."""
    for invoice in invoices:
        if available <= 0:
            break
        outstanding = invoice.outstanding
        if outstanding <= 0:
            continue
        amount = min(outstanding, available)
        PaymentAllocation.objects.create(payment=payment, invoice=invoice, amount=amount)
        invoice.outstanding -= amount
        invoice.paid += amount
        Invoice.objects.filter(pk=invoice.pk).update(paid=invoice.paid, outstanding=invoice.outstanding)
        available -= amount
    return available


def lock_state(state: State) -> None:
    """One writer of a State's ledger at a time (payments, credit, credit notes): the State's row
    is locked first, then its invoices are read and written."""
    State.objects.select_for_update().filter(pk=state.pk).first()


ABSURD_FACTOR = 100  # a payment over 100 times what the State owes is a typing error


def _refuse_absurd_amount(state: State, amount: Decimal) -> None:
    """More than 100 times what the State owes (or, when it owes nothing, 100 times its largest
    invoice) is refused: a misplaced decimal point, not a payment."""
    owed = sum((max(i.outstanding, ZERO) for i in state_open_invoices(state)), ZERO)
    if owed <= 0:
        owed = Invoice.objects.receivable().filter(state=state).aggregate(top=Max("amount"))["top"] or ZERO
    if owed > 0 and amount > ABSURD_FACTOR * owed:
        raise ValidationError(
            _("CHF %(amount)s is more than 100 times what %(state)s owes (CHF %(owed)s): check the amount.")
            % {"amount": chf_number(amount), "state": state.name, "owed": chf_number(owed)}
        )


def state_open_invoices(state):
    return list(Invoice.objects.outstanding().filter(state=state).order_by("due_date", "year", "number"))


@transaction.atomic
def payment_record(
    *, state: State, date: datetime.date, amount: Decimal, reference: str = "", invoice: Invoice | None = None, by=None
) -> Payment:
    """Record money received: it pays the invoice named first, then the State's other open invoices,
    oldest first; what is left is credit carried forward to the next invoice."""
    if amount is None or amount <= 0:
        raise ValidationError(_("A payment is a positive amount."))
    if invoice is not None and (invoice.state_id != state.pk or invoice.is_credit_note):
        raise ValidationError(_("The invoice named is not one of this State's invoices."))
    if invoice is not None and date < invoice.issue_date:
        raise ValidationError(
            _(
                "A payment dated %(date)s cannot pay an invoice issued later: it is dated before "
                "invoice %(number)s was issued (%(issued)s)."
            )
            % {"date": date_format(date), "number": invoice.display_number, "issued": date_format(invoice.issue_date)}
        )
    lock_state(state)  # one payment of a State at a time
    _refuse_absurd_amount(state, Decimal(amount))
    payment = Payment.objects.create(
        state=state, date=date, amount=Decimal(amount).quantize(Decimal("0.01")), reference=reference, recorded_by=by
    )
    open_invoices = state_open_invoices(state)
    if invoice is not None:
        open_invoices.sort(key=lambda i: i.pk != invoice.pk)
    _allocate(payment, open_invoices, payment.amount)
    return payment


@transaction.atomic
def credit_apply(*, state: State) -> Decimal:
    """Apply the State's unallocated payments (credit carried forward) to its open invoices."""
    lock_state(state)
    open_invoices = state_open_invoices(state)
    applied = ZERO
    if not open_invoices:
        return applied
    for payment in Payment.objects.filter(state=state).order_by("date", "pk"):
        available = payment.unallocated
        if available > 0:
            left = _allocate(payment, open_invoices, available)
            applied += available - left
    return applied


@dataclass
class Balance:
    invoiced: Decimal = ZERO
    credited: Decimal = ZERO
    paid: Decimal = ZERO
    outstanding: Decimal = ZERO
    credit: Decimal = ZERO  # unallocated payments
    invoices: list = field(default_factory=list)


def state_balance(state: State, financial_year: FinancialYear | None = None) -> Balance:
    invoices = Invoice.objects.filter(state=state).select_related("financial_year", "credit_note_for")
    if financial_year is not None:
        invoices = invoices.filter(financial_year=financial_year)
    balance = Balance(invoices=list(invoices.order_by("-year", "number")))
    for invoice in balance.invoices:
        if invoice.is_credit_note:
            balance.credited += invoice.amount
        else:
            balance.invoiced += invoice.amount
            balance.paid += invoice.paid
            balance.outstanding += max(invoice.outstanding, ZERO)
    if financial_year is None:
        payments = Payment.objects.filter(state=state).aggregate(total=Sum("amount"))["total"] or ZERO
        allocated = PaymentAllocation.objects.filter(payment__state=state).aggregate(total=Sum("amount"))["total"]
        balance.credit = payments - (allocated or ZERO)
    return balance
