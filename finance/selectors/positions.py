"""A State's position on a date: the one reckoning every figure of what a State owes comes from
(the reminder letter and its e-mail, the State portal, the exports' checks, `finance_check`).

As of a date: an invoice counts from its issue date, a credit note from its issue date, a payment
from its date (only what was allocated to an invoice pays it; the rest is credit carried forward).
An invoice is OUTSTANDING from its issue date until paid, and OVERDUE once its due date has passed
(due_date < as_of): a reminder is about overdue invoices only.

    invoiced − credited − paid = outstanding = Σ rows' outstanding
    overdue = Σ outstanding of the rows whose due date has passed
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from directory.models import State

from ..models import ZERO, Invoice, Payment, PaymentAllocation

CENT = Decimal("0.01")


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(CENT)


@dataclass
class PositionRow:
    invoice: Invoice
    amount: Decimal
    credited: Decimal  # positive: what credit notes cancelled of it
    paid: Decimal
    outstanding: Decimal
    overdue: bool

    @property
    def due_date(self) -> datetime.date:
        return self.invoice.due_date


@dataclass
class Position:
    state: State
    as_of: datetime.date
    invoiced: Decimal = ZERO
    credited: Decimal = ZERO
    paid: Decimal = ZERO
    outstanding: Decimal = ZERO
    overdue: Decimal = ZERO
    credit: Decimal = ZERO  # payments not allocated to an invoice (carried forward)
    rows: list[PositionRow] = field(default_factory=list)  # the invoices with something outstanding

    @property
    def overdue_rows(self) -> list[PositionRow]:
        return [row for row in self.rows if row.overdue and row.outstanding > 0]

    @property
    def not_due(self) -> Decimal:
        """Outstanding, but not yet due."""
        return self.outstanding - self.overdue


def positions(*, as_of: datetime.date, states=None) -> dict[int, Position]:
    """The position of each State (or of the States given) on a date, by State id: five queries
    whatever the number of States."""
    invoices = Invoice.objects.filter(issue_date__lte=as_of).select_related("state", "financial_year")
    credit_notes = Invoice.objects.filter(kind=Invoice.Kind.CREDIT_NOTE, issue_date__lte=as_of)
    allocations = PaymentAllocation.objects.filter(payment__date__lte=as_of)
    payments = Payment.objects.filter(date__lte=as_of)
    if states is not None:
        ids = [s.pk for s in states]
        invoices, credit_notes = invoices.filter(state_id__in=ids), credit_notes.filter(state_id__in=ids)
        allocations, payments = allocations.filter(payment__state_id__in=ids), payments.filter(state_id__in=ids)
    credited = {
        row["credit_note_for"]: -_money(row["total"])
        for row in credit_notes.values("credit_note_for").annotate(total=Sum("amount")).order_by()
    }
    paid = {
        row["invoice"]: _money(row["total"])
        for row in allocations.values("invoice").annotate(total=Sum("amount")).order_by()
    }
    allocated_by_state = {
        row["payment__state"]: _money(row["total"])
        for row in allocations.values("payment__state").annotate(total=Sum("amount")).order_by()
    }
    received_by_state = {
        row["state"]: _money(row["total"]) for row in payments.values("state").annotate(total=Sum("amount")).order_by()
    }
    found: dict[int, Position] = {}
    if states is not None:
        for state in states:
            found[state.pk] = Position(state=state, as_of=as_of)
    for invoice in invoices.exclude(kind=Invoice.Kind.CREDIT_NOTE).order_by("due_date", "year", "number"):
        position = found.get(invoice.state_id) or found.setdefault(
            invoice.state_id, Position(state=invoice.state, as_of=as_of)
        )
        row = PositionRow(
            invoice=invoice,
            amount=_money(invoice.amount),
            credited=credited.get(invoice.pk, ZERO),
            paid=paid.get(invoice.pk, ZERO),
            outstanding=ZERO,
            overdue=invoice.due_date < as_of,
        )
        row.outstanding = row.amount - row.credited - row.paid
        position.invoiced += row.amount
        position.credited += row.credited
        position.paid += row.paid
        position.outstanding += row.outstanding
        if row.outstanding:
            position.rows.append(row)
            if row.overdue and row.outstanding > 0:
                position.overdue += row.outstanding
    for state_id, position in found.items():
        position.credit = received_by_state.get(state_id, ZERO) - allocated_by_state.get(state_id, ZERO)
    return found


def state_position(*, state: State, as_of: datetime.date) -> Position:
    """One State's position on a date (see the module's docstring)."""
    return positions(as_of=as_of, states=[state])[state.pk]


def states_overdue(*, as_of: datetime.date) -> list[Position]:
    """The positions of the States with an overdue balance on a date, by State name."""
    overdue = [p for p in positions(as_of=as_of).values() if p.overdue > 0]
    return sorted(overdue, key=lambda p: p.state.name)
