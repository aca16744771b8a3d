"""What the finance dashboard reads: assessed, received and shortfall per year, the shortfall over
time, the States in arrears. Summed in SQL: a fixed number of queries and one row per year or per
State, whatever the number of invoices."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from django.db.models import Count, Min, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from directory.models import State

from ..models import HALF_CENT, ZERO, FinancialYear, Invoice, PaymentAllocation


def _money(value: Decimal | None) -> Decimal:
    # SQLite returns computed decimals unrounded: money is always shown to the centime
    return (value or ZERO).quantize(ZERO)


def _sums(path: str = "") -> dict:
    """A year's sums over its invoices (`path`: "invoices__" from the year, "" from the invoices):
    what was assessed (credit notes, negative, included), how many invoices, what was received
    and what the ISU's and the UN's invoices still owe (to the half centime)."""
    isu, un = Invoice.Kind.ISU_CONTRIBUTION, Invoice.Kind.UN_SERVICES
    receivable = Q(**{f"{path}kind__in": [isu, un]})
    owed = receivable & Q(**{f"{path}outstanding__gte": HALF_CENT})
    return {
        "assessed": Sum(f"{path}amount"),
        "invoice_count": Count(f"{path}pk", filter=receivable),
        "received": Sum(f"{path}paid", filter=receivable),
        "isu_shortfall": Sum(f"{path}outstanding", filter=owed & Q(**{f"{path}kind": isu})),
        "un_shortfall": Sum(f"{path}outstanding", filter=owed & Q(**{f"{path}kind": un})),
    }


def _year_figures(invoices: QuerySet) -> dict[int, dict]:
    """What a YearRow shows of each financial year (by id), summed from its invoices' stored
    balances (paid, outstanding): two grouped queries on the invoices alone, no join and no
    subquery per invoice. Credit notes (negative) count in what was assessed, not in the
    invoices, what was received or what is owed. The States in arrears are counted apart, from
    the open invoices only (a distinct count over every invoice would sort them all)."""
    today = timezone.localdate()
    figures = {
        row.pop("financial_year_id"): row for row in invoices.values("financial_year_id").annotate(**_sums()).order_by()
    }
    # the States in arrears of each year, from the open invoices alone (invoice_open_by_due_date)
    for row in (
        invoices.overdue(today).values("financial_year_id").annotate(states=Count("state", distinct=True)).order_by()
    ):
        figures[row["financial_year_id"]]["states_in_arrears"] = row["states"]
    return figures


@dataclass
class YearRow:
    FIGURES: ClassVar = ("assessed", "invoice_count", "received", "isu_shortfall", "un_shortfall", "states_in_arrears")

    financial_year: FinancialYear
    assessed: Decimal = ZERO
    received: Decimal = ZERO
    shortfall: Decimal = ZERO
    isu_shortfall: Decimal = ZERO
    un_shortfall: Decimal = ZERO
    invoices: int = 0
    states_in_arrears: int = 0

    @classmethod
    def of(cls, year: FinancialYear, figures: dict | None) -> YearRow:
        """The row of a year from its figures (_year_figures; a year without invoices has none)."""
        figures = figures or {}
        isu_shortfall, un_shortfall = _money(figures.get("isu_shortfall")), _money(figures.get("un_shortfall"))
        return cls(
            year,
            assessed=_money(figures.get("assessed")),
            received=_money(figures.get("received")),
            shortfall=isu_shortfall + un_shortfall,
            isu_shortfall=isu_shortfall,
            un_shortfall=un_shortfall,
            invoices=figures.get("invoice_count") or 0,
            states_in_arrears=figures.get("states_in_arrears") or 0,
        )

    @property
    def percent_received(self) -> int:
        return int(self.received * 100 / self.assessed) if self.assessed else 0


def year_rows() -> list[YearRow]:
    """Every financial year, latest first, with its sums: three queries whatever the years."""
    years = list(FinancialYear.objects.order_by("-year"))  # a row shows the year, not its meeting or scale
    figures = _year_figures(Invoice.objects.all()) if years else {}
    return [YearRow.of(year, figures.get(year.pk)) for year in years]


@dataclass
class StateArrears:
    state: State
    outstanding: Decimal
    invoices: int
    oldest_due_date: datetime.date


def _state(row: dict) -> State:
    """The State of a grouped row, with only its names and ISO code loaded (as .only() would)."""
    loaded = {"id": row["state_id"], "iso3": row["state__iso3"], **{f: row[f"state__{f}"] for f in State.NAME_FIELDS}}
    names = [f.attname for f in State._meta.concrete_fields if f.attname in loaded]
    return State.from_db(None, names, [loaded[name] for name in names])


def arrears_by_state(as_of: datetime.date | None = None) -> list[StateArrears]:
    """Every State in arrears (an invoice overdue: its due date passed, not paid in full), the
    largest arrears first, with the number of its overdue invoices and the oldest due date among
    them: one query, one row per State (not per invoice). `finance_check` checks it against
    finance.selectors.positions."""
    return [_state_arrears(row) for row in _arrears_rows(as_of)]


def largest_arrears(limit: int | None, as_of: datetime.date | None = None) -> tuple[list[StateArrears], int]:
    """The `limit` largest arrears (all with None), in arrears_by_state's order, and how many
    States are in arrears: one query, a State built only for the rows returned."""
    rows = _arrears_rows(as_of)
    return [_state_arrears(row) for row in rows[:limit]], len(rows)


def _arrears_rows(as_of: datetime.date | None) -> list[dict]:
    """arrears_by_state's grouped rows, plain, in its order (the largest first, then by name)."""
    return sorted(
        Invoice.objects.overdue(as_of or timezone.localdate())
        .values("state_id", "state__iso3", *(f"state__{f}" for f in State.NAME_FIELDS))
        .annotate(owed=Sum("outstanding"), invoices=Count("pk"), oldest_due_date=Min("due_date"))
        .order_by(),
        key=lambda row: (-_money(row["owed"]), row["state__name"]),
    )


def _state_arrears(row: dict) -> StateArrears:
    return StateArrears(_state(row), _money(row["owed"]), row["invoices"], row["oldest_due_date"])


def states_in_arrears_count(as_of: datetime.date | None = None) -> int:
    """How many States a reminder round would write to (one query)."""
    return Invoice.objects.overdue(as_of or timezone.localdate()).values("state_id").distinct().count()


def outstanding_not_due(as_of: datetime.date | None = None) -> dict:
    """What is owed but not yet due on a date (issued, due later): not arrears (one query)."""
    figures = (
        Invoice.objects.outstanding()
        .filter(due_date__gte=as_of or timezone.localdate())
        .aggregate(total=Sum("outstanding"), states=Count("state", distinct=True))
    )
    return {"total": _money(figures["total"]), "states": figures["states"] or 0}


def shortfall_series(financial_year: FinancialYear) -> list[tuple[datetime.date, Decimal]]:
    """The year's shortfall after each day something was invoiced, credited or paid."""
    moves: dict[datetime.date, Decimal] = defaultdict(lambda: ZERO)
    # summed per day in SQL: a row per day, not per invoice or allocation
    invoiced = Invoice.objects.filter(financial_year=financial_year).values("issue_date").order_by()
    for issue_date, amount in invoiced.annotate(total=Sum("amount")).values_list("issue_date", "total"):
        moves[issue_date] += _money(amount)
    allocations = PaymentAllocation.objects.filter(invoice__financial_year=financial_year)
    paid = allocations.values("payment__date").order_by().annotate(total=Sum("amount"))
    for date, amount in paid.values_list("payment__date", "total"):
        moves[date] -= _money(amount)
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
    invoices = Invoice.objects.select_related("state", "credit_note_for").order_by("year", "number")
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
    States with the largest arrears, from two queries whatever the number of invoices (the latest
    year joined to its own invoices and grouped, then the arrears)."""
    today = timezone.localdate()
    receivable = Q(invoices__kind__in=[Invoice.Kind.ISU_CONTRIBUTION, Invoice.Kind.UN_SERVICES])
    overdue = receivable & Q(
        invoices__outstanding__gte=HALF_CENT, invoices__issue_date__lte=today, invoices__due_date__lt=today
    )
    latest = (
        FinancialYear.objects.filter(year=Subquery(FinancialYear.objects.order_by("-year").values("year")[:1]))
        .annotate(**_sums("invoices__"), states_in_arrears=Count("invoices__state", distinct=True, filter=overdue))
        .first()
    )
    figures = {name: getattr(latest, name) for name in YearRow.FIGURES} if latest else None
    # The grouped rows of arrears_by_state, in its order, as plain rows: a State is built only
    # for the few rows shown (each State in arrears is counted).
    arrears = sorted(
        Invoice.objects.overdue(today)
        .values("state_id", "state__iso3", *(f"state__{f}" for f in State.NAME_FIELDS))
        .annotate(owed=Sum("outstanding"))
        .order_by(),
        key=lambda row: (-_money(row["owed"]), row["state__name"]),
    )
    return {
        "year": YearRow.of(latest, figures) if latest else None,
        "arrears": [(_state(row), _money(row["owed"])) for row in arrears[:rows]],
        "arrears_total": len(arrears),
    }
