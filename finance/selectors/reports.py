"""What the finance dashboard reads: assessed, received and shortfall per year, the shortfall over
time, the States in arrears. Summed in SQL: a fixed number of queries and one row per year or per
State, whatever the number of invoices."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Min, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from directory.models import State

from ..models import MONEY, ZERO, FinancialYear, Invoice, PaymentAllocation

OWED = Greatest(F("outstanding_amount"), Value(ZERO), output_field=DecimalField(**MONEY))  # an overpayment owes 0


def _money(value: Decimal | None) -> Decimal:
    # SQLite returns computed decimals unrounded: money is always shown to the centime
    return (value or ZERO).quantize(ZERO)


def _per_year(rows: QuerySet, **aggregate) -> Subquery:
    """One aggregate over the rows (invoices, or allocations to invoices) of the outer FinancialYear."""
    [name] = aggregate
    year = "financial_year" if rows.model is Invoice else "invoice__financial_year"
    per_year = rows.filter(**{year: OuterRef("pk")}).values(year).annotate(**aggregate)
    # one row; said to PostgreSQL's planner, which would otherwise cost a row per year (and compile
    # the query, which takes longer than running it)
    return Subquery(per_year.values(name)[:1])


def _with_figures(years: QuerySet) -> QuerySet:
    """Each year with what a YearRow shows, one subquery each (each reads only that year's
    invoices). Credit notes (negative) count in what was assessed, not in the invoices, what was
    received or what is owed."""
    receivable = Invoice.objects.receivable()
    isu = Invoice.Kind.ISU_CONTRIBUTION
    allocations = PaymentAllocation.objects.exclude(invoice__kind=Invoice.Kind.CREDIT_NOTE)
    return years.annotate(
        assessed=_per_year(Invoice.objects.all(), total=Sum("amount")),
        invoice_count=_per_year(receivable, count=Count("pk")),
        received=_per_year(allocations, total=Sum("amount")),
        isu_shortfall=_per_year(receivable.with_balance().filter(kind=isu), total=Sum(OWED)),
        un_shortfall=_per_year(receivable.with_balance().exclude(kind=isu), total=Sum(OWED)),
        states_in_arrears=_per_year(Invoice.objects.overdue(timezone.localdate()), count=Count("state", distinct=True)),
    )


@dataclass
class YearRow:
    financial_year: FinancialYear
    assessed: Decimal = ZERO
    received: Decimal = ZERO
    shortfall: Decimal = ZERO
    isu_shortfall: Decimal = ZERO
    un_shortfall: Decimal = ZERO
    invoices: int = 0
    states_in_arrears: int = 0

    @classmethod
    def of(cls, year: FinancialYear) -> YearRow:
        """The row of a year annotated by _with_figures (a year without invoices has None)."""
        isu_shortfall, un_shortfall = _money(year.isu_shortfall), _money(year.un_shortfall)
        return cls(
            year,
            assessed=_money(year.assessed),
            received=_money(year.received),
            shortfall=isu_shortfall + un_shortfall,
            isu_shortfall=isu_shortfall,
            un_shortfall=un_shortfall,
            invoices=year.invoice_count or 0,
            states_in_arrears=year.states_in_arrears or 0,
        )

    @property
    def percent_received(self) -> int:
        return int(self.received * 100 / self.assessed) if self.assessed else 0


def year_rows() -> list[YearRow]:
    """Every financial year, latest first, with its sums: one query."""
    return [YearRow.of(year) for year in _with_figures(FinancialYear.objects.select_related("meeting", "scale_period"))]


@dataclass
class StateArrears:
    state: State
    outstanding: Decimal
    invoices: int
    oldest_due_date: datetime.date


def _state(row: dict) -> State:
    """The State of a grouped row, with only its name and ISO code loaded (as .only() would)."""
    loaded = {"id": row["state_id"], "name": row["state__name"], "iso3": row["state__iso3"]}
    names = [f.attname for f in State._meta.concrete_fields if f.attname in loaded]
    return State.from_db(None, names, [loaded[name] for name in names])


def arrears_by_state(as_of: datetime.date | None = None) -> list[StateArrears]:
    """Every State in arrears (an invoice overdue: its due date passed, not paid in full), the
    largest arrears first, with the number of its overdue invoices and the oldest due date among
    them: one query, one row per State (not per invoice). `finance_check` checks it against
    finance.selectors.positions."""
    rows = [
        StateArrears(_state(row), _money(row["outstanding"]), row["invoices"], row["oldest_due_date"])
        for row in Invoice.objects.overdue(as_of or timezone.localdate())
        .values("state_id", "state__name", "state__iso3")
        .annotate(outstanding=Sum("outstanding_amount"), invoices=Count("pk"), oldest_due_date=Min("due_date"))
        .order_by()
    ]
    return sorted(rows, key=lambda row: (-row.outstanding, row.state.name))


def states_in_arrears_count(as_of: datetime.date | None = None) -> int:
    """How many States a reminder round would write to (one query)."""
    return Invoice.objects.overdue(as_of or timezone.localdate()).values("state_id").distinct().count()


def outstanding_not_due(as_of: datetime.date | None = None) -> dict:
    """What is owed but not yet due on a date (issued, due later): not arrears (one query)."""
    figures = (
        Invoice.objects.outstanding()
        .filter(due_date__gte=as_of or timezone.localdate())
        .aggregate(total=Sum("outstanding_amount"), states=Count("state", distinct=True))
    )
    return {"total": _money(figures["total"]), "states": figures["states"] or 0}


def shortfall_series(financial_year: FinancialYear) -> list[tuple[datetime.date, Decimal]]:
    """The year's shortfall after each day something was invoiced, credited or paid."""
    moves: dict[datetime.date, Decimal] = defaultdict(lambda: ZERO)
    for issue_date, amount in Invoice.objects.filter(financial_year=financial_year).values_list("issue_date", "amount"):
        moves[issue_date] += amount
    allocations = PaymentAllocation.objects.filter(invoice__financial_year=financial_year)
    for date, amount in allocations.values_list("payment__date", "amount"):
        moves[date] -= amount
    series, running = [], ZERO
    for date in sorted(moves):
        running += moves[date]
        series.append((date, running))
    return series


def line_chart(series: list[tuple[datetime.date, Decimal]], width: int = 640, height: int = 180) -> dict | None:
    """SVG coordinates of a line chart (x by date, y from zero to the highest value)."""
    if not series:
        return None
    first, last = series[0][0], series[-1][0]
    span = max((last - first).days, 1)
    top = max(max(v for _, v in series), Decimal(1))
    points = []
    for date, value in series:
        x = round((date - first).days * width / span, 1) if len(series) > 1 else width / 2
        y = round(height - float(max(value, ZERO) / top) * height, 1)
        points.append((x, y, date, value))
    return {
        "width": width,
        "height": height,
        "polyline": " ".join(f"{x},{y}" for x, y, *_ in points),
        "points": points,
        "top": top,
    }


EXPORT_COLUMNS = [
    "year", "number", "kind", "state", "iso3", "issue_date", "due_date", "amount_chf", "paid_chf",
    "outstanding_chf", "status", "credit_note_for",
]  # fmt: skip


def export_rows(financial_year: FinancialYear | None = None) -> list[list]:
    invoices = Invoice.objects.with_balance().select_related("state", "credit_note_for").order_by("year", "number")
    if financial_year is not None:
        invoices = invoices.filter(financial_year=financial_year)
    return [
        [
            i.year,
            i.display_number,
            i.get_kind_display(),
            i.state.name,
            i.state.iso3,
            i.issue_date,
            i.due_date,
            i.amount,
            i.paid,
            i.outstanding,
            i.status,
            i.credit_note_for.display_number if i.credit_note_for_id else "",
        ]  # fmt: skip
        for i in invoices
    ]


def dashboard_panel(rows: int = 5) -> dict:
    """What the ISU's morning dashboard shows of finance: the latest year's shortfall and the
    States with the largest arrears, from two queries whatever the number of invoices."""
    years = FinancialYear.objects.select_related("meeting", "scale_period").order_by("-year")
    latest = _with_figures(years).first()
    arrears = arrears_by_state()
    return {
        "year": YearRow.of(latest) if latest else None,
        "arrears": [(row.state, row.outstanding) for row in arrears[:rows]],
        "arrears_total": len(arrears),
    }
