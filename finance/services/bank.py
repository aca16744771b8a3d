"""Bank statements: their credits read from CSV, each with a proposed match (an invoice number
in the reference, else the State's name), confirmed or ignored by the ISU."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from directory.models import State, normalise_name
from documents.params import FIRST_YEAR, LAST_YEAR

from ..models import BankStatementImport, BankStatementLine, Invoice, Payment
from .payments import payment_record, state_open_invoices

INVOICE_NUMBER = re.compile(r"\b(20\d\d)[-/ ]?0*(\d{1,6})\b")


# A statement line's amount fits the payment it becomes (MONEY: 14 digits, 2 of them decimals).
LARGEST_AMOUNT = Decimal("999999999999.99")


def _parse_date(value: str) -> datetime.date:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            date = datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if FIRST_YEAR <= date.year <= LAST_YEAR:
            return date
    raise ValueError(value)


def parse_bank_csv(text: str) -> list[tuple[datetime.date, Decimal, str]]:
    """Read `date, amount, reference` rows (a `text` column is read as the reference too)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = {(c or "").strip().lower() for c in reader.fieldnames or []}
    text_column = "reference" if "reference" in columns else "text"
    if not {"date", "amount", text_column} <= columns:
        raise ValidationError("The statement needs the columns date, amount and reference (or text).")
    rows, errors = [], []
    for line, raw in enumerate(reader, start=2):
        record = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        try:
            date = _parse_date(record["date"])
        except ValueError:
            errors.append(f"line {line}: {record['date'] or '(empty)'} is not a date (use 2017-03-31)")
            continue
        try:
            amount = Decimal(record["amount"].replace("'", "").replace(",", ""))
        except InvalidOperation:
            errors.append(f"line {line}: {record['amount'] or '(empty)'} is not an amount")
            continue
        if amount.is_finite() and amount > LARGEST_AMOUNT:
            errors.append(
                gettext("line %(line)s: %(amount)s is more than CHF %(largest)s")
                % {"line": line, "amount": record["amount"][:40], "largest": f"{LARGEST_AMOUNT:,}"}
            )
            continue
        if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            errors.append(f"line {line}: {record['amount']} is not a credit in CHF and centimes")
            continue
        rows.append((date, amount, record[text_column][:500]))
    if not rows and not errors:
        errors.append("the statement has no lines")
    if errors:
        raise ValidationError(errors)
    return rows


def propose_match(text: str, amount: Decimal) -> tuple[State | None, Invoice | None, str]:
    """An invoice number in the text names the invoice; else the State's name (or an alias)
    names the State, and an open invoice of exactly that amount is proposed."""
    for year, number in INVOICE_NUMBER.findall(text):
        invoices = Invoice.objects.receivable().select_related("state")
        invoice = invoices.filter(year=int(year), number=int(number)).first()
        if invoice is not None:
            return invoice.state, invoice, f"invoice number {invoice.display_number} in the reference"
    folded = f" {normalise_name(text)} "
    for state in State.objects.prefetch_related("aliases"):
        names = [state.name, state.official_name, *(a.alias for a in state.aliases.all())]
        if any(n and f" {normalise_name(n)} " in folded for n in names):
            same_amount = [i for i in state_open_invoices(state) if i.outstanding == amount]
            if same_amount:
                return state, same_amount[0], f"State name and the amount of invoice {same_amount[0].display_number}"
            return state, None, "State name in the reference"
    return None, None, ""


@transaction.atomic
def bank_statement_import(*, filename: str, text: str, by) -> BankStatementImport:
    """Store a bank statement's credits with a proposed match each, for the ISU to confirm."""
    rows = parse_bank_csv(text)
    statement = BankStatementImport.objects.create(filename=filename[:200], uploaded_by=by)
    for row, (date, amount, reference) in enumerate(rows, start=1):
        state, invoice, reason = propose_match(reference, amount)
        BankStatementLine.objects.create(
            statement=statement, row=row, date=date, amount=amount, text=reference,
            proposed_state=state, proposed_invoice=invoice, match_reason=reason,
        )  # fmt: skip
    return statement


@transaction.atomic
def bank_line_confirm(*, line: BankStatementLine, state: State, invoice: Invoice | None, by) -> Payment:
    line = BankStatementLine.objects.select_for_update().get(pk=line.pk)
    if line.status != BankStatementLine.Status.PROPOSED:
        raise ValidationError("This line is already settled.")
    payment = payment_record(
        state=state, date=line.date, amount=line.amount, reference=line.text[:200], invoice=invoice, by=by
    )
    line.status, line.payment = BankStatementLine.Status.CONFIRMED, payment
    line.proposed_state, line.proposed_invoice = state, invoice
    line.save(update_fields=["status", "payment", "proposed_state", "proposed_invoice"])
    return payment


@transaction.atomic
def bank_line_ignore(*, line: BankStatementLine) -> None:
    updated = BankStatementLine.objects.filter(pk=line.pk, status=BankStatementLine.Status.PROPOSED).update(
        status=BankStatementLine.Status.IGNORED
    )
    if not updated:
        raise ValidationError("This line is already settled.")
