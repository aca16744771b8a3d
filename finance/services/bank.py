"""Bank statements: their credits read from CSV, each with a proposed match, confirmed or
ignored (with a reason) by the ISU.

A line is read for three signals together: the reference (an invoice number in the text), the
payer (a State's name, official name or alias in the text) and the amount (what an invoice, or
the State, still owes). When they agree the match is proposed; when they point to different
States nothing is proposed: the warning says what disagrees and the candidates are offered, for
the ISU to choose (never a silent pick). Lines not recorded as payments form the suspense list."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from directory.models import State, normalise_name
from directory.names import chf_number
from documents.params import FIRST_YEAR, LAST_YEAR

from ..models import ZERO, BankStatementImport, BankStatementLine, Invoice, Payment
from .payments import payment_record

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
        raise ValidationError(gettext("The statement needs the columns date, amount and reference (or text)."))
    rows, errors = [], []
    for line, raw in enumerate(reader, start=2):
        record = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        try:
            date = _parse_date(record["date"])
        except ValueError:
            errors.append(
                gettext("line %(line)s: %(value)s is not a date (use 2017-03-31)")
                % {"line": line, "value": record["date"][:40] or gettext("(empty)")}
            )
            continue
        try:
            amount = Decimal(record["amount"].replace("'", "").replace(",", ""))
        except InvalidOperation:
            errors.append(
                gettext("line %(line)s: %(value)s is not an amount")
                % {"line": line, "value": record["amount"][:40] or gettext("(empty)")}
            )
            continue
        if amount.is_finite() and amount > LARGEST_AMOUNT:
            errors.append(
                gettext("line %(line)s: %(amount)s is more than CHF %(largest)s")
                % {"line": line, "amount": record["amount"][:40], "largest": chf_number(LARGEST_AMOUNT)}
            )
            continue
        if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            errors.append(
                gettext("line %(line)s: %(value)s is not a credit in CHF and centimes")
                % {"line": line, "value": record["amount"][:40]}
            )
            continue
        rows.append((date, amount, record[text_column][:500]))
    if not rows and not errors:
        errors.append(gettext("the statement has no lines"))
    if errors:
        raise ValidationError(errors)
    return rows


def _chf(amount: Decimal) -> str:
    return chf_number(amount)  # in the reader's language (1 234,50 in French)


@dataclass(frozen=True)
class Proposal:
    """What a line's text and amount point to. state and invoice: the match proposed (None when the
    signals disagree); warning: what disagrees, or is worth a look; candidates: the (State, invoice)
    pairs the ISU chooses between when nothing is proposed."""

    state: State | None = None
    invoice: Invoice | None = None
    reason: str = ""
    warning: str = ""
    candidates: tuple[tuple[State, Invoice | None], ...] = ()


class Book:
    """What the lines of a statement are read against, read once: every State's names, and the
    open invoices (what each still owes)."""

    def __init__(self):
        self.names: list[tuple[State, list[str]]] = []
        for state in State.objects.prefetch_related("aliases").order_by("name"):
            names = {
                normalise_name(n) for n in (state.name, state.official_name, *(a.alias for a in state.aliases.all()))
            }
            self.names.append((state, sorted(n for n in names if n)))
        self.open: dict[int, list[Invoice]] = defaultdict(list)
        self.states: dict[int, State] = {}
        for invoice in Invoice.objects.outstanding().select_related("state").order_by("due_date", "year", "number"):
            self.open[invoice.state_id].append(invoice)
            self.states[invoice.state_id] = invoice.state

    def referenced(self, text: str) -> list[Invoice]:
        """The invoices whose number the text carries (paid ones too), in the order written."""
        found: list[Invoice] = []
        for year, number in INVOICE_NUMBER.findall(text):
            invoice = (
                Invoice.objects.receivable().select_related("state")
                .filter(year=int(year), number=int(number)).first()
            )  # fmt: skip
            if invoice is not None and invoice.pk not in {i.pk for i in found}:
                found.append(invoice)
        return found

    def payers(self, text: str) -> list[State]:
        """The States named in the text, in the order written; a name inside a longer one named too
        ("Guinea" in "Equatorial Guinea") is not a second State."""
        folded = f" {normalise_name(text)} "
        hits = []
        for state, names in self.names:
            matched = [n for n in names if f" {n} " in folded]
            if matched:
                hits.append((state, max(matched, key=len)))
        hits.sort(key=lambda hit: folded.index(f" {hit[1]} "))
        return [s for s, n in hits if not any(n != m and f" {n} " in f" {m} " for _, m in hits)]

    def owed(self, state: State) -> Decimal:
        return sum((i.outstanding for i in self.open[state.pk]), ZERO)

    def invoice_of(self, state: State, amount: Decimal) -> Invoice | None:
        """The State's oldest open invoice that still owes exactly the amount."""
        return next((i for i in self.open[state.pk] if i.outstanding == amount), None)

    def fits(self, state: State, amount: Decimal) -> bool:
        """The amount is what one of the State's invoices, or the State in all, still owes."""
        return self.invoice_of(state, amount) is not None or (amount > 0 and self.owed(state) == amount)

    def states_fitting(self, amount: Decimal) -> list[State]:
        return [state for state in self.states.values() if self.fits(state, amount)]


def propose_match(text: str, amount: Decimal, *, book: Book | None = None) -> Proposal:
    """Read the reference, the payer and the amount of a line together (see the module's doc)."""
    book = book or Book()
    amount = Decimal(amount)
    references, payers = book.referenced(text), book.payers(text)
    if references:
        return _from_reference(book, references, payers, amount)
    if payers:
        return _from_payers(book, payers, amount)
    fitting = book.states_fitting(amount)
    if len(fitting) == 1:
        state = fitting[0]
        warning = gettext(
            "Only the amount points to %(state)s (it equals what %(state)s owes, CHF %(amount)s); the text "
            "names neither an invoice nor a State."
        ) % {"state": state.name, "amount": _chf(amount)}
        candidates = ((state, book.invoice_of(state, amount)),)
        return Proposal(reason=gettext("the amount only"), warning=warning, candidates=candidates)
    return Proposal()


def _from_reference(book: Book, references: list[Invoice], payers: list[State], amount: Decimal) -> Proposal:
    invoice = references[0]
    state = invoice.state
    owes = invoice.outstanding
    fits_reference = amount == owes or book.fits(state, amount)
    params = {"ref_state": state.name, "number": invoice.display_number, "amount": _chf(amount), "owed": _chf(owes)}
    reason = gettext("invoice number %(number)s in the reference") % params
    named_elsewhere = [s for s in payers if s.pk != state.pk]
    if named_elsewhere and len(named_elsewhere) == len(payers):  # the payer looks like another State
        payer = named_elsewhere[0]
        params["payer"] = payer.name
        if book.fits(payer, amount):
            warning = gettext(
                "The reference names %(ref_state)s's invoice %(number)s but the payer looks like %(payer)s and "
                "the amount equals %(payer)s's outstanding CHF %(amount)s."
            )
        elif fits_reference:
            warning = gettext(
                "The reference names %(ref_state)s's invoice %(number)s and the amount equals %(ref_state)s's "
                "outstanding CHF %(amount)s, but the payer looks like %(payer)s."
            )
        else:
            warning = gettext(
                "The reference names %(ref_state)s's invoice %(number)s but the payer looks like %(payer)s, and "
                "the amount (CHF %(amount)s) is what neither owes."
            )
        reason = gettext("invoice number %(number)s in the reference; the name %(payer)s in the text") % params
        candidates = ((state, invoice), (payer, book.invoice_of(payer, amount)))
        return Proposal(reason=reason, warning=warning % params, candidates=candidates)
    other = next((i for i in references if i.state_id != state.pk), None)
    if other is not None:  # invoices of two States
        params.update(other_state=other.state.name, other_number=other.display_number)
        warning = gettext(
            "The reference names invoices of two States: %(ref_state)s's %(number)s and %(other_state)s's "
            "%(other_number)s."
        )
        return Proposal(reason=reason, warning=warning % params, candidates=((state, invoice), (other.state, other)))
    if not payers and not fits_reference:
        others = [s for s in book.states_fitting(amount) if s.pk != state.pk]
        if len(others) == 1:  # the amount is exactly what one other State owes
            params["other_state"] = others[0].name
            warning = gettext(
                "The reference names %(ref_state)s's invoice %(number)s (CHF %(owed)s still owed) but the payer "
                "is not named and the amount equals %(other_state)s's outstanding CHF %(amount)s."
            )
            candidates = ((state, invoice), (others[0], book.invoice_of(others[0], amount)))
            return Proposal(reason=reason, warning=warning % params, candidates=candidates)
    if payers:
        reason = gettext("invoice number %(number)s in the reference and %(ref_state)s's name") % params
    params["state"] = state.name
    fitting = book.invoice_of(state, amount)
    if owes <= 0:
        note = gettext("Invoice %(number)s is already paid: a second payment would stay as %(state)s's credit.")
    elif amount == owes or amount == book.owed(state):
        note = ""
    elif fitting is not None:
        params["fitting"] = fitting.display_number
        note = gettext(
            "The amount is what invoice %(fitting)s still owes, not invoice %(number)s (CHF %(owed)s): check which "
            "one is paid."
        )
    elif amount < owes:
        note = gettext("The amount is less than invoice %(number)s still owes (CHF %(owed)s): a partial payment.")
    else:
        note = gettext(
            "The amount is more than invoice %(number)s still owes (CHF %(owed)s): the rest pays %(state)s's "
            "other open invoices, then stays as credit."
        )
    return Proposal(state=state, invoice=invoice, reason=reason, warning=note % params if note else "")


def _from_payers(book: Book, payers: list[State], amount: Decimal) -> Proposal:
    if len(payers) > 1:
        fitting = [s for s in payers if book.fits(s, amount)]
        first, second = (fitting[0], next(s for s in payers if s != fitting[0])) if fitting else payers[:2]
        params = {"state": first.name, "other": second.name, "amount": _chf(amount)}
        if len(fitting) == 1:
            note = gettext("The text also names %(other)s; the amount equals %(state)s's outstanding CHF %(amount)s.")
            reason = gettext("the name %(state)s in the text and the amount") % params
            return Proposal(state=first, invoice=book.invoice_of(first, amount), reason=reason, warning=note % params)
        warning = gettext(
            "The text names two States, %(state)s and %(other)s, and the amount (CHF %(amount)s) does not tell "
            "which paid."
        )
        candidates = ((first, book.invoice_of(first, amount)), (second, book.invoice_of(second, amount)))
        reason = gettext("the names %(state)s and %(other)s in the text") % params
        return Proposal(reason=reason, warning=warning % params, candidates=candidates)
    state = payers[0]
    invoice, owed = book.invoice_of(state, amount), book.owed(state)
    params = {"state": state.name, "amount": _chf(amount), "owed": _chf(owed)}
    if invoice is not None:
        params["number"] = invoice.display_number
        reason = gettext("the name %(state)s in the text and the amount of its invoice %(number)s") % params
        return Proposal(state=state, invoice=invoice, reason=reason)
    if owed > 0 and owed == amount:
        return Proposal(state=state, reason=gettext("the name %(state)s in the text and the amount it owes") % params)
    if owed > 0:
        note = gettext(
            "No open invoice of %(state)s still owes CHF %(amount)s (it owes CHF %(owed)s in all): the payment "
            "goes to its oldest open invoices first, the rest stays as credit."
        )
    else:
        note = gettext("%(state)s owes nothing at the moment: the payment would stay as its credit.")
    return Proposal(state=state, reason=gettext("the name %(state)s in the text") % params, warning=note % params)


@transaction.atomic
def bank_statement_import(*, filename: str, text: str, by) -> BankStatementImport:
    """Store a bank statement's credits with a proposed match each, for the ISU to confirm."""
    rows = parse_bank_csv(text)
    statement = BankStatementImport.objects.create(filename=filename[:200], uploaded_by=by)
    book = Book()
    for row, (date, amount, reference) in enumerate(rows, start=1):
        proposal = propose_match(reference, amount, book=book)
        (a_state, a_invoice), (b_state, b_invoice) = [*proposal.candidates, (None, None), (None, None)][:2]
        BankStatementLine.objects.create(
            statement=statement, row=row, date=date, amount=amount, text=reference,
            proposed_state=proposal.state, proposed_invoice=proposal.invoice, match_reason=proposal.reason[:200],
            match_warning=proposal.warning, candidate_a_state=a_state, candidate_a_invoice=a_invoice,
            candidate_b_state=b_state, candidate_b_invoice=b_invoice,
        )  # fmt: skip
    return statement


@transaction.atomic
def bank_line_confirm(*, line: BankStatementLine, state: State, invoice: Invoice | None, by) -> Payment:
    line = BankStatementLine.objects.select_for_update().get(pk=line.pk)
    if line.status != BankStatementLine.Status.PROPOSED:
        raise ValidationError(gettext("This line is already settled."))
    payment = payment_record(
        state=state, date=line.date, amount=line.amount, reference=line.text[:200], invoice=invoice, by=by
    )
    line.status, line.payment = BankStatementLine.Status.CONFIRMED, payment
    line.proposed_state, line.proposed_invoice = state, invoice
    line.save(update_fields=["status", "payment", "proposed_state", "proposed_invoice"])
    return payment


IGNORE_REASON_LENGTH = 300


@transaction.atomic
def bank_line_ignore(*, line: BankStatementLine, reason: str) -> None:
    """Leave a line out of the payments, saying why (a refund, a transfer between the ISU's own
    accounts...): the reason stays on the line, in the suspense list."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(
            gettext("Say why line %(row)s is ignored: the reason stays on the line.") % {"row": line.row}
        )
    if len(reason) > IGNORE_REASON_LENGTH:
        raise ValidationError(
            gettext("The reason is longer than %(length)s characters.") % {"length": IGNORE_REASON_LENGTH}
        )
    updated = BankStatementLine.objects.filter(pk=line.pk, status=BankStatementLine.Status.PROPOSED).update(
        status=BankStatementLine.Status.IGNORED, ignore_reason=reason
    )
    if not updated:
        raise ValidationError(gettext("This line is already settled."))
