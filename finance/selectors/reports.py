"""What the finance dashboard reads: assessed, received and shortfall per year, the shortfall over
time, the States in arrears. Summed in SQL: a fixed number of queries and one row per year or per
State, whatever the number of invoices."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from django.utils import timezone

from directory import sql
from directory.models import State

from ..models import HALF_CENT, ZERO, FinancialYear, Invoice, ReminderRound


def _money(value: Decimal | None) -> Decimal:
    # SQLite returns computed decimals unrounded: money is always shown to the centime
    return (value or ZERO).quantize(ZERO)


# What the finance dashboard's own reads filter on, written into their SQL (the code's constants:
# not a user's text). An open invoice is a receivable one not paid to the half centime
# (Invoice.objects.outstanding); it is overdue once issued and past its due date (overdue()): the
# day is a parameter, twice (_days).
_CREDIT_NOTE = f"'{Invoice.Kind.CREDIT_NOTE.value}'"
_RECEIVABLE_KINDS = (Invoice.Kind.ISU_CONTRIBUTION.value, Invoice.Kind.UN_SERVICES.value)
_OPEN = f"NOT i.kind = {_CREDIT_NOTE} AND i.outstanding >= {HALF_CENT}"
_OVERDUE = f"{_OPEN} AND i.due_date < %s AND i.issue_date <= %s"


def _days(day: datetime.date) -> tuple:
    """_OVERDUE's parameters: the day, twice, as the database reads a date."""
    day = sql.param_day(day)
    return day, day


def _year_figures() -> dict[int, dict]:
    """What a YearRow shows of each financial year (by id), summed from its invoices' stored
    balances (paid, outstanding): two grouped queries on the invoices alone, no join and no
    subquery per invoice. Credit notes (negative) count in what was assessed, not in the
    invoices, what was received or what is owed. The sums are grouped by year and kind, then
    added up per year here (a few rows a year): a filter on the kind per sum made PostgreSQL
    compare each invoice's kind several times, most of the query's cost. The States in arrears
    are counted apart, from the open invoices only (a distinct count over every invoice would
    sort them all). Written in SQL that PostgreSQL and SQLite both read: the ORM's building and
    reading of these two small grouped queries cost several times what running them does."""
    shortfall_of = dict(zip(_RECEIVABLE_KINDS, ("isu_shortfall", "un_shortfall"), strict=True))
    figures: dict[int, dict] = {}
    by_kind = sql.rows(
        "SELECT i.financial_year_id, i.kind, SUM(i.amount), COUNT(i.id), SUM(i.paid),"
        f" SUM(CASE WHEN i.outstanding >= {HALF_CENT} THEN i.outstanding END)"
        " FROM finance_invoice i GROUP BY i.financial_year_id, i.kind"
    )
    for year_id, kind, assessed, count, paid, owed in by_kind:
        row = figures.setdefault(year_id, {"assessed": ZERO, "invoice_count": 0, "received": ZERO})
        row["assessed"] += sql.read_decimal(assessed) or ZERO
        if kind in shortfall_of:
            row["invoice_count"] += count
            row["received"] += sql.read_decimal(paid) or ZERO
            row[shortfall_of[kind]] = sql.read_decimal(owed)
    # the States in arrears of each year, from the open invoices alone (invoice_open_by_due_date)
    in_arrears = sql.rows(
        f"SELECT i.financial_year_id, COUNT(DISTINCT i.state_id) FROM finance_invoice i WHERE {_OVERDUE}"
        " GROUP BY i.financial_year_id",
        *_days(timezone.localdate()),
    )
    for year_id, states in in_arrears:
        figures[year_id]["states_in_arrears"] = states
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
    figures = _year_figures() if years else {}
    return [YearRow.of(year, figures.get(year.pk)) for year in years]


@dataclass
class StateArrears:
    state: State
    outstanding: Decimal
    invoices: int
    oldest_due_date: datetime.date


# the State's fields an arrears row loads (its names and ISO code), in the model's field order
# (as State.from_db reads them)
_STATE_SHOWN = [f.attname for f in State._meta.concrete_fields if f.attname in ("id", "iso3", *State.NAME_FIELDS)]


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


def _arrears_rows(as_of: datetime.date | None) -> list[tuple]:
    """arrears_by_state's grouped rows, plain (the State's _STATE_SHOWN, then what it owes, its
    overdue invoices and the oldest due date), in its order (the largest first, then by name).
    Written in SQL that PostgreSQL and SQLite both read: the ORM's building and reading of a
    grouped row per State cost several times what the query does."""
    columns = ", ".join(f"s.{name}" for name in _STATE_SHOWN)
    rows = sql.rows(
        f"SELECT {columns}, SUM(i.outstanding), COUNT(i.id), MIN(i.due_date)"
        f" FROM finance_invoice i JOIN directory_state s ON s.id = i.state_id WHERE {_OVERDUE} GROUP BY {columns}",
        *_days(as_of or timezone.localdate()),
    )
    name = _STATE_SHOWN.index("name")
    rows = [(*row[:-3], _money(sql.read_decimal(row[-3])), *row[-2:]) for row in rows]
    return sorted(rows, key=lambda row: (-row[-3], row[name]))


def _state_arrears(row: tuple) -> StateArrears:
    """An arrears row's State (with only its names and ISO code loaded, as .only() would) and figures."""
    *state, owed, invoices, oldest_due_date = row
    return StateArrears(State.from_db(None, _STATE_SHOWN, state), owed, invoices, sql.read_day(oldest_due_date))


def states_in_arrears_count(as_of: datetime.date | None = None) -> int:
    """How many States a reminder round would write to (one query)."""
    return Invoice.objects.overdue(as_of or timezone.localdate()).values("state_id").distinct().count()


def outstanding_not_due(as_of: datetime.date | None = None) -> dict:
    """What is owed but not yet due on a date (issued, due later): not arrears (one query, in
    SQL as _year_figures)."""
    ((total, states),) = sql.rows(
        "SELECT SUM(i.outstanding), COUNT(DISTINCT i.state_id) FROM finance_invoice i"
        f" WHERE {_OPEN} AND i.due_date >= %s",
        sql.param_day(as_of or timezone.localdate()),
    )
    return {"total": _money(sql.read_decimal(total)), "states": states or 0}


def reminder_days() -> tuple[datetime.date | None, datetime.date | None]:
    """The day of the latest reminder round (the latest started, as ReminderRound is ordered;
    None before the first) and the day the next one is scheduled (ReminderRound.next_day, the
    rule finance.services.next_scheduled_round applies): one query for the three days."""
    ((last_started, last_run_on, first_due),) = sql.rows(
        "SELECT (SELECT r.run_on FROM finance_reminderround r ORDER BY r.started_at DESC, r.id DESC LIMIT 1),"
        " (SELECT MAX(r.run_on) FROM finance_reminderround r),"
        f" (SELECT MIN(i.due_date) FROM finance_invoice i WHERE {_OPEN})"
    )
    return sql.read_day(last_started), ReminderRound.next_day(sql.read_day(first_due), sql.read_day(last_run_on))


def recent_payments(count: int) -> list[tuple[datetime.date, Decimal, State]]:
    """The latest payments (day, amount, State with only its names and ISO code loaded), the
    latest first: one query, in SQL as _year_figures."""
    columns = ", ".join(f"s.{name}" for name in _STATE_SHOWN)
    rows = sql.rows(
        f"SELECT p.date, p.amount, {columns} FROM finance_payment p JOIN directory_state s ON s.id = p.state_id"
        " ORDER BY p.date DESC, p.id DESC LIMIT %s",
        count,
    )
    return [
        (sql.read_day(day), sql.read_decimal(amount), State.from_db(None, _STATE_SHOWN, state))
        for day, amount, *state in rows
    ]


def shortfall_series(financial_year: FinancialYear) -> list[tuple[datetime.date, Decimal]]:
    """The year's shortfall after each day something was invoiced, credited or paid: one query,
    summed per day in SQL (a row per day, not per invoice or allocation), what was invoiced then
    what was paid. Written in SQL that PostgreSQL and SQLite both read: the ORM's building of
    the two grouped queries cost several times what running them does."""
    moves: dict[datetime.date, Decimal] = defaultdict(lambda: ZERO)
    rows = sql.rows(
        "SELECT 1, i.issue_date, SUM(i.amount) FROM finance_invoice i WHERE i.financial_year_id = %s"
        " GROUP BY i.issue_date"
        " UNION ALL SELECT -1, p.date, SUM(a.amount) FROM finance_paymentallocation a"
        " JOIN finance_invoice i ON i.id = a.invoice_id JOIN finance_payment p ON p.id = a.payment_id"
        " WHERE i.financial_year_id = %s GROUP BY p.date",
        financial_year.pk,
        financial_year.pk,
    )
    for sign, date, amount in rows:  # what was invoiced adds to the shortfall, what was paid takes off
        moves[sql.read_day(date)] += sign * _money(sql.read_decimal(amount))
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
    year joined to its own invoices and grouped, then the arrears). Written in SQL that
    PostgreSQL and SQLite both read: building and compiling the two querysets cost ten times what
    the queries do. The sums are year_rows' and the arrears arrears_by_state's (the tests compare them)."""
    today = sql.param_day(timezone.localdate())
    # the kinds and the half centime are the code's constants, written into the SQL
    isu, un = f"'{Invoice.Kind.ISU_CONTRIBUTION.value}'", f"'{Invoice.Kind.UN_SERVICES.value}'"
    receivable = f"i.kind IN ({isu}, {un})"
    owed = f"{receivable} AND i.outstanding >= {HALF_CENT}"
    overdue = f"{owed} AND i.due_date < %s AND i.issue_date <= %s"
    latest = sql.rows(
        "SELECT y.id, y.year, SUM(i.amount),"
        f" COUNT(CASE WHEN {receivable} THEN i.id END), SUM(CASE WHEN {receivable} THEN i.paid END),"
        f" SUM(CASE WHEN {owed} AND i.kind = {isu} THEN i.outstanding END),"
        f" SUM(CASE WHEN {owed} AND i.kind = {un} THEN i.outstanding END),"
        f" COUNT(DISTINCT CASE WHEN {overdue} THEN i.state_id END)"
        " FROM finance_financialyear y LEFT JOIN finance_invoice i ON i.financial_year_id = y.id"
        " WHERE y.year = (SELECT MAX(year) FROM finance_financialyear) GROUP BY y.id, y.year",
        today, today,
    )  # fmt: skip
    year = None
    if latest:
        pk, number, assessed, invoices, received, isu_shortfall, un_shortfall, states = latest[0]
        year = YearRow.of(
            FinancialYear.from_db(None, ("id", "year"), (pk, number)),
            {
                "assessed": sql.read_decimal(assessed), "invoice_count": invoices,
                "received": sql.read_decimal(received),
                "isu_shortfall": sql.read_decimal(isu_shortfall), "un_shortfall": sql.read_decimal(un_shortfall),
                "states_in_arrears": states,
            },
        )  # fmt: skip
    # arrears_by_state's grouped rows, in its order (the largest first, then by name), as plain
    # rows: a State is built only for the few rows shown (each State in arrears is counted).
    state_fields = ("id", "iso3", *State.NAME_FIELDS)
    state_columns = ", ".join(f"s.{field}" for field in state_fields)
    arrears = sorted(
        (
            (*state, _money(sql.read_decimal(owed_sum)))
            for *state, owed_sum in sql.rows(
                f"SELECT {state_columns}, SUM(i.outstanding) FROM finance_invoice i"
                " JOIN directory_state s ON s.id = i.state_id"
                f" WHERE NOT i.kind = '{Invoice.Kind.CREDIT_NOTE.value}' AND i.outstanding >= {HALF_CENT}"
                f" AND i.due_date < %s AND i.issue_date <= %s GROUP BY {state_columns}",
                today, today,
            )
        ),
        key=lambda row: (-row[-1], row[2]),
    )  # fmt: skip
    return {
        "year": year,
        "arrears": [(State.from_db(None, state_fields, row[:-1]), row[-1]) for row in arrears[:rows]],
        "arrears_total": len(arrears),
    }
