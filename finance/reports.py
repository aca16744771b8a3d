"""What the finance dashboard reads: assessed, received and shortfall per year, the shortfall over
time, the States in arrears. A fixed number of queries whatever the number of invoices."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from .models import ZERO, FinancialYear, Invoice, PaymentAllocation


@dataclass
class YearRow:
    financial_year: FinancialYear
    assessed: Decimal = ZERO
    received: Decimal = ZERO
    shortfall: Decimal = ZERO
    isu_shortfall: Decimal = ZERO
    un_shortfall: Decimal = ZERO
    invoices: int = 0
    states_in_arrears: set = field(default_factory=set)

    @property
    def percent_received(self) -> int:
        return int(self.received * 100 / self.assessed) if self.assessed else 0


def year_rows() -> list[YearRow]:
    rows = {fy.pk: YearRow(fy) for fy in FinancialYear.objects.select_related("meeting", "scale_period")}
    for invoice in Invoice.objects.with_balance().only("financial_year_id", "kind", "amount", "state_id"):
        row = rows[invoice.financial_year_id]
        row.assessed += invoice.amount  # credit notes are negative
        if invoice.is_credit_note:
            continue
        row.invoices += 1
        row.received += invoice.paid
        outstanding = max(invoice.outstanding, ZERO)
        row.shortfall += outstanding
        if invoice.kind == Invoice.Kind.ISU_CONTRIBUTION:
            row.isu_shortfall += outstanding
        else:
            row.un_shortfall += outstanding
        if outstanding > 0:
            row.states_in_arrears.add(invoice.state_id)
    return list(rows.values())


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
            i.issue_date.isoformat(),
            i.due_date.isoformat(),
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
    States with the largest arrears, from two queries (the latest year; every invoice's balance)."""
    latest = FinancialYear.objects.select_related("meeting", "scale_period").order_by("-year").first()
    year = YearRow(latest) if latest else None
    arrears: dict = {}
    for invoice in (
        Invoice.objects.with_balance()
        .select_related("state")
        .only("financial_year_id", "kind", "amount", "state__name", "state__iso3")
    ):
        outstanding = ZERO if invoice.is_credit_note else max(invoice.outstanding, ZERO)
        if year and invoice.financial_year_id == latest.pk:
            year.assessed += invoice.amount  # credit notes are negative
            if not invoice.is_credit_note:
                year.invoices += 1
                year.received += invoice.paid
                year.shortfall += outstanding
                if invoice.kind == Invoice.Kind.ISU_CONTRIBUTION:
                    year.isu_shortfall += outstanding
                else:
                    year.un_shortfall += outstanding
                if outstanding > 0:
                    year.states_in_arrears.add(invoice.state_id)
        if outstanding > 0:
            arrears[invoice.state] = arrears.get(invoice.state, ZERO) + outstanding
    ranked = sorted(arrears.items(), key=lambda row: (-row[1], row[0].name))
    return {"year": year, "arrears": ranked[:rows], "arrears_total": len(ranked)}
