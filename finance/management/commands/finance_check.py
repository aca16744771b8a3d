"""Check the finance ledger of a database: prints each difference found, exits 1 if there is any,
else prints "0 differences".

    python manage.py finance_check [--as-of YYYY-MM-DD]

- each invoice's amount is the sum of its lines;
- nothing is allocated beyond an invoice's amount, nor beyond a payment's amount;
- each credit note refers to an invoice of the same State, issued before it, and the credit notes
  of an invoice never exceed it;
- each invoice's stored balance (paid, credited, outstanding, kept by the services for the pages)
  equals the one worked out from its allocations and credit notes (a credit note's is 0);
- each State's position (finance.selectors.positions.state_position, what the reminder letters,
  the State portal and the exports show) equals a plain recomputation with SQL aggregates, and
  the dashboard's arrears (finance.selectors.reports.arrears_by_state) equal its overdue figure.
"""

from __future__ import annotations

import datetime
import sys
from collections import defaultdict
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from directory.models import State
from finance.models import Invoice, InvoiceLine, Payment, PaymentAllocation
from finance.selectors.positions import positions
from finance.selectors.reports import arrears_by_state

CENT = Decimal("0.01")
FIGURES = ("invoiced", "credited", "paid", "outstanding", "overdue")


def _money(value) -> Decimal:
    return Decimal(str(value if value is not None else 0)).quantize(CENT)


def _rows(sql: str, params=()) -> list[tuple]:
    tables = {
        "invoice": Invoice._meta.db_table,
        "line": InvoiceLine._meta.db_table,
        "allocation": PaymentAllocation._meta.db_table,
        "payment": Payment._meta.db_table,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql.format(**tables), params)
        return cursor.fetchall()


CREDIT = "'credit_note'"


def ledger_differences() -> list[str]:
    """What does not add up in the invoices, their lines, credit notes and allocations."""
    found = []
    for number, year, amount, lines in _rows(
        "SELECT i.number, i.year, i.amount, (SELECT SUM(l.amount) FROM {line} l WHERE l.invoice_id = i.id) "
        "FROM {invoice} i ORDER BY i.year, i.number"
    ):
        if lines is not None and _money(amount) != _money(lines):
            found.append(
                f"invoice {year}-{number:04d}: amount {_money(amount)} but its lines add up to {_money(lines)}"
            )
    for number, year, amount, allocated in _rows(
        "SELECT i.number, i.year, i.amount, SUM(a.amount) FROM {invoice} i JOIN {allocation} a ON a.invoice_id = i.id "
        "GROUP BY i.id, i.number, i.year, i.amount ORDER BY i.year, i.number"
    ):
        if _money(allocated) > _money(amount):
            found.append(
                f"invoice {year}-{number:04d}: {_money(allocated)} allocated to it, "
                f"more than its amount {_money(amount)}"
            )
    for pk, amount, allocated in _rows(
        "SELECT p.id, p.amount, SUM(a.amount) FROM {payment} p JOIN {allocation} a ON a.payment_id = p.id "
        "GROUP BY p.id, p.amount ORDER BY p.id"
    ):
        if _money(allocated) > _money(amount):
            found.append(f"payment {pk}: {_money(allocated)} allocated, more than its amount {_money(amount)}")
    for number, year, target, same_state, before, amount in _rows(
        "SELECT c.number, c.year, t.id, c.state_id = t.state_id, t.issue_date <= c.issue_date, c.amount "
        "FROM {invoice} c LEFT JOIN {invoice} t ON t.id = c.credit_note_for_id "
        f"WHERE c.kind = {CREDIT} ORDER BY c.year, c.number"
    ):
        name = f"credit note {year}-{number:04d}"
        if target is None:
            found.append(f"{name}: refers to no invoice")
        elif not same_state:
            found.append(f"{name}: refers to an invoice of another State")
        elif not before:
            found.append(f"{name}: issued before the invoice it cancels")
        if _money(amount) > 0:
            found.append(f"{name}: positive amount {_money(amount)}")
    for number, year, amount, credited in _rows(
        "SELECT i.number, i.year, i.amount, -SUM(c.amount) FROM {invoice} i "
        "JOIN {invoice} c ON c.credit_note_for_id = i.id "
        f"WHERE c.kind = {CREDIT} GROUP BY i.id, i.number, i.year, i.amount ORDER BY i.year, i.number"
    ):
        if _money(credited) > _money(amount):
            found.append(
                f"invoice {year}-{number:04d}: credited {_money(credited)}, more than its amount {_money(amount)}"
            )
    return found


def stored_balance_differences() -> list[str]:
    """Each invoice whose stored balance differs from its ledger: plain SQL sums of its allocations
    and credit notes (not through finance.models.InvoiceQuerySet.ledger_balances)."""
    found = []
    for number, year, kind, amount, paid, credited, outstanding, ledger_paid, ledger_credited in _rows(
        "SELECT i.number, i.year, i.kind, i.amount, i.paid, i.credited, i.outstanding, "
        "COALESCE((SELECT SUM(a.amount) FROM {allocation} a WHERE a.invoice_id = i.id), 0), "
        "COALESCE((SELECT -SUM(c.amount) FROM {invoice} c WHERE c.credit_note_for_id = i.id), 0) "
        "FROM {invoice} i ORDER BY i.year, i.number"
    ):
        stored = (_money(paid), _money(credited), _money(outstanding))
        if kind == "credit_note":
            ledger = (Decimal("0.00"),) * 3
        else:
            ledger_paid, ledger_credited = _money(ledger_paid), _money(ledger_credited)
            ledger = (ledger_paid, ledger_credited, _money(amount) - ledger_credited - ledger_paid)
        if stored != ledger:
            found.append(
                f"invoice {year}-{number:04d}: stored paid {stored[0]}, credited {stored[1]}, outstanding "
                f"{stored[2]}; its ledger gives paid {ledger[0]}, credited {ledger[1]}, outstanding {ledger[2]}"
            )
    return found


def sql_positions(as_of: datetime.date) -> dict[int, dict[str, Decimal]]:
    """Each State's figures on a date, by plain SQL aggregates (not through the ORM's reckoning)."""
    figures: dict[int, dict[str, Decimal]] = defaultdict(lambda: dict.fromkeys(FIGURES, Decimal("0.00")))
    per_invoice = (
        "SELECT i.state_id AS state_id, i.due_date AS due_date, i.amount AS amount, "
        "COALESCE((SELECT -SUM(c.amount) FROM {invoice} c WHERE c.credit_note_for_id = i.id "
        "AND c.issue_date <= %s), 0) AS credited, "
        "COALESCE((SELECT SUM(a.amount) FROM {allocation} a JOIN {payment} p ON p.id = a.payment_id "
        "WHERE a.invoice_id = i.id AND p.date <= %s), 0) AS paid "
        f"FROM {{invoice}} i WHERE i.kind <> {CREDIT} AND i.issue_date <= %s"
    )
    params = [as_of, as_of, as_of]
    for state_id, invoiced, credited, paid in _rows(
        f"SELECT state_id, SUM(amount), SUM(credited), SUM(paid) FROM ({per_invoice}) t GROUP BY state_id", params
    ):
        row = figures[state_id]
        row["invoiced"], row["credited"], row["paid"] = _money(invoiced), _money(credited), _money(paid)
        row["outstanding"] = row["invoiced"] - row["credited"] - row["paid"]
    for state_id, overdue in _rows(
        f"SELECT state_id, SUM(amount - credited - paid) FROM ({per_invoice}) t "
        "WHERE due_date < %s AND amount - credited - paid >= 0.005 GROUP BY state_id",
        [*params, as_of],
    ):
        figures[state_id]["overdue"] = _money(overdue)
    return figures


def position_differences(as_of: datetime.date) -> list[str]:
    found = []
    reckoned = positions(as_of=as_of)
    by_sql = sql_positions(as_of)
    names = dict(State.objects.values_list("pk", "iso3"))
    zero = dict.fromkeys(FIGURES, Decimal("0.00"))
    for state_id in sorted(set(reckoned) | set(by_sql), key=lambda pk: names.get(pk, "")):
        position, plain = reckoned.get(state_id), by_sql.get(state_id, zero)
        for figure in FIGURES:
            mine = getattr(position, figure) if position is not None else Decimal("0.00")
            if mine != plain[figure]:
                found.append(f"{names.get(state_id)}: {figure} {mine} by state_position, {plain[figure]} by SQL")
        if (
            position is not None
            and sum((r.outstanding for r in position.rows), Decimal("0.00")) != position.outstanding
        ):
            found.append(f"{names.get(state_id)}: the rows of its position do not add up to its outstanding")
    # the dashboard shows today's arrears (its SQL counts every credit note and payment recorded)
    today = timezone.localdate()
    reckoned = reckoned if as_of == today else positions(as_of=today)
    arrears = {row.state.pk: row.outstanding for row in arrears_by_state(today)}
    for state_id in sorted(set(arrears) | {pk for pk, p in reckoned.items() if p.overdue}):
        overdue = reckoned[state_id].overdue if state_id in reckoned else Decimal("0.00")
        if arrears.get(state_id, Decimal("0.00")) != overdue:
            found.append(
                f"{names.get(state_id)}: dashboard arrears {arrears.get(state_id, Decimal('0.00'))}, overdue {overdue}"
            )
    return found


class Command(BaseCommand):
    help = "Check the finance ledger: invoices, lines, credit notes, allocations and each State's position."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=datetime.date.fromisoformat, default=None, help="YYYY-MM-DD (today)")

    def handle(self, *args, as_of=None, **options):
        as_of = as_of or timezone.localdate()
        differences = ledger_differences() + stored_balance_differences() + position_differences(as_of)
        for difference in differences:
            self.stdout.write(difference)
        checked = (
            f"{Invoice.objects.count()} invoices, {Payment.objects.count()} payments, "
            f"{Invoice.objects.values('state').distinct().count()} States"
        )
        self.stdout.write(
            f"{len(differences)} difference{'' if len(differences) == 1 else 's'} (as of {as_of}; {checked} checked)"
        )
        if differences:
            sys.exit(1)
