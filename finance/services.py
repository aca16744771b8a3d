"""The finance write operations: scale import, assessments, invoices and credit notes, payments,
bank statements and reminder rounds. Each runs in a transaction and checks its rules."""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext

from directory.models import State, normalise_name
from documents.params import FIRST_YEAR, LAST_YEAR
from outbox import services as outbox

from . import allocation
from .models import (
    ZERO,
    Assessment,
    BankStatementImport,
    BankStatementLine,
    FinancialYear,
    Invoice,
    InvoiceLine,
    InvoiceSequence,
    JointLetter,
    Payment,
    PaymentAllocation,
    Reminder,
    ReminderRound,
    ScalePeriod,
    ScaleRate,
)

ISO3 = re.compile(r"^[A-Z]{3}$")
PERIOD = re.compile(r"^\d{4}-\d{4}$")


# --- The scale of assessments -------------------------------------------------------------


def parse_scale_csv(text: str) -> list[tuple[str, Decimal]]:
    """Read `iso3, rate_percent` rows; every bad row is reported, with its line number."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = {(c or "").strip().lower() for c in reader.fieldnames or []}
    if not {"iso3", "rate_percent"} <= columns:
        found = ", ".join(sorted(columns)) or "none"
        raise ValidationError(f"The file needs the columns iso3 and rate_percent (found: {found}).")
    rows, errors, seen = [], [], set()
    for line, raw in enumerate(reader, start=2):
        record = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        iso3, rate = record.get("iso3", "").upper(), record.get("rate_percent", "")
        if not ISO3.match(iso3):
            errors.append(f"line {line}: {iso3 or '(empty)'!s} is not an ISO 3166 alpha-3 code")
            continue
        try:
            value = Decimal(rate)
        except InvalidOperation:
            errors.append(f"line {line}: the rate {rate or '(empty)'} of {iso3} is not a number")
            continue
        if not value.is_finite() or value < 0 or value > 100:
            errors.append(f"line {line}: the rate {rate} of {iso3} is not between 0 and 100")
            continue
        if value.as_tuple().exponent < -6:
            errors.append(f"line {line}: the rate {rate} of {iso3} has more than 6 decimals")
            continue
        if iso3 in seen:
            errors.append(f"line {line}: {iso3} appears twice")
            continue
        seen.add(iso3)
        rows.append((iso3, value))
    if not rows and not errors:
        errors.append("the file has no rates")
    if errors:
        raise ValidationError(errors)
    return rows


@transaction.atomic
def scale_import(*, period: str, text: str, source: str = "") -> ScalePeriod:
    """Import (or replace) the rates of a period; a file with any bad row saves nothing."""
    if not PERIOD.match(period):
        raise ValidationError(f"The period {period!r} should look like 2016-2018.")
    rows = parse_scale_csv(text)
    scale_period, _ = ScalePeriod.objects.update_or_create(name=period, defaults={"source": source})
    scale_period.rates.all().delete()
    ScaleRate.objects.bulk_create(ScaleRate(period=scale_period, iso3=iso3, rate_percent=rate) for iso3, rate in rows)
    return scale_period


# --- Assessments --------------------------------------------------------------------------


def states_parties(financial_year: FinancialYear):
    """States Parties on 1 January of the year: they bear the 60 %."""
    return State.objects.parties_to("ccm", on=financial_year.states_parties_on).distinct()


@transaction.atomic
def assessments_compute(*, financial_year: FinancialYear) -> list[Assessment]:
    """Compute (again) every State's shares of the year; refused once invoices are issued."""
    financial_year = FinancialYear.objects.select_for_update().get(pk=financial_year.pk)
    if financial_year.is_frozen:
        raise ValidationError("The invoices of this year are issued: its assessments are frozen.")
    parties = {s.iso3: s for s in states_parties(financial_year)}
    participants = {s.iso3: s for s in financial_year.participants.all()}
    if not parties:
        raise ValidationError(f"No State was party to the Convention on 1 January {financial_year.year}.")
    rates = dict(
        financial_year.scale_period.rates.filter(iso3__in=set(parties) | set(participants)).values_list(
            "iso3", "rate_percent"
        )
    )
    missing = sorted(s.name for iso3, s in {**parties, **participants}.items() if iso3 not in rates)
    if missing:
        raise ValidationError(
            f"The scale {financial_year.scale_period} has no rate for: {', '.join(missing)}. Import the full scale."
        )
    if financial_year.meeting_cost and not participants:
        raise ValidationError("Name the States taking part in the meeting: they share its costs and the 40 %.")
    bounds = {"floor": financial_year.floor_percent, "ceiling": financial_year.ceiling_percent}
    try:
        isu = allocation.isu_shares(
            financial_year.isu_budget,
            {iso3: rates[iso3] for iso3 in parties},
            list(participants),
            participant_scale=rates,
            **bounds,
        )
        participant_rates = {iso3: rates[iso3] for iso3 in participants}
        un = allocation.un_services(
            financial_year.meeting_cost, participant_rates, psc_percent=financial_year.psc_percent, **bounds
        )
    except ValueError as error:
        raise ValidationError(str(error)) from error
    financial_year.assessments.all().delete()
    rows = []
    for iso3, state in sorted({**parties, **participants}.items(), key=lambda kv: kv[1].name):
        s60, s40 = isu.shares60.get(iso3), isu.shares40.get(iso3)
        cost, psc = un.cost_shares.get(iso3), un.psc_shares.get(iso3)
        rows.append(
            Assessment(
                financial_year=financial_year,
                state=state,
                un_rate=rates[iso3],
                is_party=iso3 in parties,
                is_participant=iso3 in participants,
                adjusted_rate60=s60.adjusted_rate if s60 else None,
                share60=s60.share if s60 else ZERO,
                adjusted_rate40=s40.adjusted_rate if s40 else None,
                share40=s40.share if s40 else ZERO,
                un_cost=cost.share if cost else ZERO,
                un_psc=psc.share if psc else ZERO,
            )
        )
    Assessment.objects.bulk_create(rows)
    financial_year.assessed_at = timezone.now()
    financial_year.save(update_fields=["assessed_at"])
    return rows


def year_totals(financial_year: FinancialYear) -> dict[str, Decimal]:
    totals = financial_year.assessments.aggregate(
        share60=Sum("share60"), share40=Sum("share40"), un_cost=Sum("un_cost"), un_psc=Sum("un_psc")
    )
    return {key: value or ZERO for key, value in totals.items()}


# --- Invoices -----------------------------------------------------------------------------


def _new_invoice(*, financial_year, state, kind, lines, by, issue_date, credit_note_for=None, reason="") -> Invoice:
    invoice = Invoice.objects.create(
        financial_year=financial_year,
        number=InvoiceSequence.next_number(financial_year.year),
        kind=kind,
        state=state,
        amount=sum((amount for _, _, amount in lines), ZERO),
        issue_date=issue_date,
        due_date=financial_year.due_date if credit_note_for is None else issue_date,
        credit_note_for=credit_note_for,
        reason=reason,
        issued_by=by,
    )
    InvoiceLine.objects.bulk_create(
        InvoiceLine(invoice=invoice, position=n, description=d, explanation=e, amount=a)
        for n, (d, e, a) in enumerate(lines, start=1)
    )
    return invoice


def _pct(value) -> str:
    return f"{value.quantize(Decimal('0.000001')).normalize():f} %" if value is not None else "–"


def isu_lines(assessment: Assessment, financial_year: FinancialYear, totals) -> list[tuple[str, str, Decimal]]:
    lines = []
    if assessment.share60:
        lines.append((
            f"Contribution to the ISU budget {financial_year.year}: share of 60 % (CHF {totals['base60']:,})",
            f"UN rate {_pct(assessment.un_rate)}, adjusted to the States Parties {_pct(assessment.adjusted_rate60)}",
            assessment.share60,
        ))  # fmt: skip
    if assessment.share40:
        meeting = financial_year.meeting.title if financial_year.meeting_id else "the Meeting of States Parties"
        lines.append((
            f"Contribution to the ISU budget {financial_year.year}: share of 40 % (CHF {totals['base40']:,}) "
            f"borne by the States taking part in {meeting}",
            f"UN rate {_pct(assessment.un_rate)}, adjusted to the participants {_pct(assessment.adjusted_rate40)}",
            assessment.share40,
        ))  # fmt: skip
    return lines


def un_lines(assessment: Assessment, financial_year: FinancialYear) -> list[tuple[str, str, Decimal]]:
    if not assessment.un_total:
        return []
    meeting = financial_year.meeting.title if financial_year.meeting_id else "the Meeting of States Parties"
    return [
        (
            f"UN conference services, {meeting}: share of the cost estimate (CHF {financial_year.meeting_cost:,})",
            f"UN rate {_pct(assessment.un_rate)}, adjusted to the participants {_pct(assessment.adjusted_rate40)}",
            assessment.un_cost,
        ),
        (
            f"Programme support cost ({_pct(financial_year.psc_percent)}) on the conference services",
            "charged by the United Nations on its costs",
            assessment.un_psc,
        ),
    ]


def _active_invoice(financial_year, state, kind) -> Invoice | None:
    """The State's invoice of that kind for the year that is not cancelled, if any."""
    for invoice in Invoice.objects.filter(financial_year=financial_year, state=state, kind=kind).with_balance():
        if not invoice.is_cancelled:
            return invoice
    return None


def invoices_issue(*, financial_year: FinancialYear, by, issue_date: datetime.date | None = None) -> int:
    """Issue the year's two invoices to every State assessed, one State per transaction, and the
    joint letter that carries them. Running it again issues nothing twice. Returns how many."""
    issue_date = issue_date or timezone.localdate()
    if not financial_year.assessments.exists():
        raise ValidationError("Compute the assessments before issuing the invoices.")
    issued = 0
    totals = None
    for assessment in financial_year.assessments.select_related("state").order_by("state__name"):
        with transaction.atomic():
            # Locking the year makes two people issuing at once take turns: the second finds the
            # invoices the first made and issues nothing twice.
            year = (
                FinancialYear.objects.select_for_update(of=("self",))
                .select_related("meeting")
                .get(pk=financial_year.pk)
            )
            if totals is None:
                base60, base40 = allocation.split_budget(year.isu_budget)
                totals = {"base60": base60, "base40": base40}
            state = assessment.state
            made = {}
            for kind, lines in (
                (Invoice.Kind.ISU_CONTRIBUTION, isu_lines(assessment, year, totals)),
                (Invoice.Kind.UN_SERVICES, un_lines(assessment, year)),
            ):
                existing = _active_invoice(year, state, kind)
                if existing is not None:
                    made[kind] = existing
                elif lines:
                    made[kind] = _new_invoice(
                        financial_year=year, state=state, kind=kind, lines=lines, by=by, issue_date=issue_date
                    )
                    issued += 1
            isu_invoice = made.get(Invoice.Kind.ISU_CONTRIBUTION)
            un_invoice = made.get(Invoice.Kind.UN_SERVICES)
            if isu_invoice is not None:
                letter = JointLetter.objects.filter(financial_year=year, state=state).order_by("-pk").first()
                if (
                    letter is None
                    or letter.isu_invoice_id != isu_invoice.pk
                    or letter.un_invoice_id != (un_invoice.pk if un_invoice else None)
                ):
                    JointLetter.objects.create(
                        financial_year=year, state=state, isu_invoice=isu_invoice, un_invoice=un_invoice
                    )
            if year.invoices_issued_at is None:
                year.invoices_issued_at = timezone.now()
                year.save(update_fields=["invoices_issued_at"])
            credit_apply(state=state)
    return issued


@transaction.atomic
def credit_note_issue(*, invoice: Invoice, reason: str, by, issue_date: datetime.date | None = None) -> Invoice:
    """Cancel an issued invoice with a credit note that refers to it. Payments already allocated to
    it become the State's credit, applied to its other open invoices."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.is_credit_note:
        raise ValidationError("A credit note cannot itself be cancelled.")
    if invoice.is_cancelled:
        raise ValidationError(f"Invoice {invoice.display_number} is already cancelled.")
    if not reason.strip():
        raise ValidationError("Give the reason for the credit note.")
    remaining = invoice.amount + invoice.credited_amount
    credit_note = _new_invoice(
        financial_year=invoice.financial_year,
        state=invoice.state,
        kind=Invoice.Kind.CREDIT_NOTE,
        lines=[(f"Cancellation of invoice {invoice.display_number}", reason.strip(), -remaining)],
        by=by,
        issue_date=issue_date or timezone.localdate(),
        credit_note_for=invoice,
        reason=reason.strip(),
    )
    # the money paid on a cancelled invoice is the State's again
    for allocation_row in invoice.allocations.all():
        allocation_row.delete()
    credit_apply(state=invoice.state)
    return credit_note


# --- Payments -----------------------------------------------------------------------------


def _allocate(payment: Payment, invoices, available: Decimal) -> Decimal:
    for invoice in invoices:
        if available <= 0:
            break
        outstanding = invoice.outstanding
        if outstanding <= 0:
            continue
        amount = min(outstanding, available)
        PaymentAllocation.objects.create(payment=payment, invoice=invoice, amount=amount)
        invoice.outstanding_amount -= amount
        invoice.paid_amount += amount
        available -= amount
    return available


def _open_invoices(state):
    return list(Invoice.objects.outstanding().filter(state=state).order_by("due_date", "year", "number"))


@transaction.atomic
def payment_record(
    *, state: State, date: datetime.date, amount: Decimal, reference: str = "", invoice: Invoice | None = None, by=None
) -> Payment:
    """Record money received: it pays the invoice named first, then the State's other open invoices,
    oldest first; what is left is credit carried forward to the next invoice."""
    if amount is None or amount <= 0:
        raise ValidationError("A payment is a positive amount.")
    if invoice is not None and (invoice.state_id != state.pk or invoice.is_credit_note):
        raise ValidationError("The invoice named is not one of this State's invoices.")
    State.objects.select_for_update().filter(pk=state.pk).first()  # one payment of a State at a time
    payment = Payment.objects.create(
        state=state, date=date, amount=Decimal(amount).quantize(Decimal("0.01")), reference=reference, recorded_by=by
    )
    open_invoices = _open_invoices(state)
    if invoice is not None:
        open_invoices.sort(key=lambda i: i.pk != invoice.pk)
    _allocate(payment, open_invoices, payment.amount)
    return payment


@transaction.atomic
def credit_apply(*, state: State) -> Decimal:
    """Apply the State's unallocated payments (credit carried forward) to its open invoices."""
    open_invoices = _open_invoices(state)
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
    invoices = Invoice.objects.filter(state=state).select_related("financial_year").with_balance()
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


# --- Bank statements ----------------------------------------------------------------------

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
            same_amount = [i for i in _open_invoices(state) if i.outstanding == amount]
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


# --- Reminders ----------------------------------------------------------------------------


def states_in_arrears() -> dict[State, list[Invoice]]:
    """Every State with an unpaid balance on an issued invoice, with those invoices (for a reminder
    round; the pages read finance.reports.arrears_by_state, one row per State)."""
    arrears: dict[State, list[Invoice]] = {}
    for invoice in Invoice.objects.outstanding().select_related("state", "financial_year").order_by("due_date"):
        arrears.setdefault(invoice.state, []).append(invoice)
    return dict(sorted(arrears.items(), key=lambda kv: kv[0].name))


def next_scheduled_round(today: datetime.date | None = None) -> datetime.date | None:
    """When the next round is due: the interval after the last round, or after the first unpaid
    invoice was issued when no round was run yet. None when nothing is unpaid."""
    interval = relativedelta(months=settings.FINANCE_REMINDER_INTERVAL_MONTHS)
    last = ReminderRound.objects.order_by("-run_on").first()
    if last is not None:
        return last.run_on + interval
    first_unpaid = Invoice.objects.outstanding().order_by("issue_date").values_list("issue_date", flat=True).first()
    return first_unpaid + interval if first_unpaid else None


def reminder_round_start(*, trigger: str, by=None, today: datetime.date | None = None) -> ReminderRound | None:
    """One personalised reminder per State in arrears; the letters are rendered and e-mailed
    after the commit. Returns None when no State is in arrears."""
    today = today or timezone.localdate()
    arrears = states_in_arrears()
    if not arrears:
        return None
    try:
        with transaction.atomic():
            reminder_round = ReminderRound.objects.create(trigger=trigger, run_on=today, started_by=by)
            for state, invoices in arrears.items():
                reminder = Reminder.objects.create(
                    round=reminder_round, state=state, outstanding=sum(i.outstanding for i in invoices)
                )
                reminder.invoices.set(invoices)
            from .tasks import send_reminder

            for reminder in reminder_round.reminders.all():
                outbox.enqueue(send_reminder, reminder.pk)
    except IntegrityError:
        return None  # the scheduled round of today exists already
    return reminder_round


def scheduled_reminder_round(today: datetime.date | None = None) -> ReminderRound | None:
    """Run by the beat schedule (daily): start a round when one is due, else do nothing."""
    today = today or timezone.localdate()
    due = next_scheduled_round(today)
    if due is None or due > today:
        return None
    return reminder_round_start(trigger=ReminderRound.Trigger.SCHEDULED, today=today)


def reminder_recipients(state: State) -> list[str]:
    """The e-mail addresses of the State's delegation (its focal points among them)."""
    from directory.models import Person

    emails = set(
        Person.objects.filter(delegation__state=state).exclude(email="").values_list("email", flat=True)
    ) | set(
        Person.objects.filter(delegation__state=state, user__isnull=False, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(emails)
