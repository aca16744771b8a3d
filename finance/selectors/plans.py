"""What the finance office's irreversible actions will do, computed from the data for their
confirmation pages (outbox.once): issuing a year's invoices, starting a reminder round. Each plan
gives its `facts` (ids, amounts, numbers, the date): the page's token carries their fingerprint, so
that a confirmation is refused once they changed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from directory.models import State

from ..models import ZERO, FinancialYear, Invoice, InvoiceSequence
from . import recipients
from .positions import Position, states_overdue


@dataclass(frozen=True)
class PlannedInvoice:
    state: State
    kind: str
    amount: Decimal


@dataclass
class IssuePlan:
    """The invoices `finance.services.invoices_issue` would issue now, in its order (State by
    name, the ISU contribution before the UN services), and the numbers they would take."""

    year: int
    invoices: list[PlannedInvoice]
    first_number: int

    @property
    def count(self) -> int:
        return len(self.invoices)

    @property
    def states(self) -> list[State]:
        return list(dict.fromkeys(invoice.state for invoice in self.invoices))

    @property
    def total(self) -> Decimal:
        return sum((invoice.amount for invoice in self.invoices), ZERO)

    def number(self, offset: int) -> str:
        return f"{self.year}-{self.first_number + offset:04d}"

    @property
    def first(self) -> str:
        return self.number(0)

    @property
    def last(self) -> str:
        return self.number(self.count - 1)

    def facts(self) -> dict:
        rows = [[i.state.pk, i.kind, str(i.amount)] for i in self.invoices]
        return {"year": self.year, "first": self.first_number, "invoices": rows}


def issue_plan(financial_year: FinancialYear) -> IssuePlan:
    """As invoices_issue decides: a State gets an invoice of a kind when it has none of that kind
    for the year that is not cancelled, and its assessment gives that kind an amount; the numbers
    follow the year's sequence (InvoiceSequence), one per invoice."""
    active = {
        (invoice.state_id, invoice.kind)
        for invoice in Invoice.objects.filter(financial_year=financial_year).exclude(kind=Invoice.Kind.CREDIT_NOTE)
        if not invoice.is_cancelled
    }
    planned = []
    for assessment in financial_year.assessments.select_related("state").order_by("state__name"):
        state = assessment.state
        if (assessment.share60 or assessment.share40) and (state.pk, Invoice.Kind.ISU_CONTRIBUTION) not in active:
            planned.append(PlannedInvoice(state, Invoice.Kind.ISU_CONTRIBUTION, assessment.isu_total))
        if assessment.un_total and (state.pk, Invoice.Kind.UN_SERVICES) not in active:
            planned.append(PlannedInvoice(state, Invoice.Kind.UN_SERVICES, assessment.un_total))
    last = InvoiceSequence.objects.filter(year=financial_year.year).values_list("last_number", flat=True).first()
    return IssuePlan(year=financial_year.year, invoices=planned, first_number=(last or 0) + 1)


def states_without_address(states) -> list[State]:
    """The States a reminder cannot be e-mailed to: no address on record (their letter waits in
    the portal). One place, should whom a reminder goes to be reckoned otherwise."""
    return recipients.states_without_address(states)


@dataclass
class ReminderPlan:
    """What a reminder round started now would write: one letter per State in arrears."""

    as_of: datetime.date
    positions: list[Position]
    without_address: list[State]

    @property
    def states(self) -> list[State]:
        return [position.state for position in self.positions]

    @property
    def total(self) -> Decimal:
        return sum((position.overdue for position in self.positions), ZERO)

    def facts(self) -> dict:
        rows = [[p.state.pk, str(p.overdue)] for p in self.positions]
        return {"as_of": self.as_of.isoformat(), "states": rows}


def reminder_plan(today: datetime.date | None = None) -> ReminderPlan:
    """As reminder_round_start decides (finance.services.reminders.states_in_arrears)."""
    today = today or timezone.localdate()
    positions = states_overdue(as_of=today)
    return ReminderPlan(
        as_of=today, positions=positions, without_address=states_without_address([p.state for p in positions])
    )
