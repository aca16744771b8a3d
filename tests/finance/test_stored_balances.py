"""Each invoice stores its balance (paid, credited, outstanding) for the pages to read (issue 19).
The services that write the ledger keep it in their transaction: whatever happens (hypothesis:
invoices, payments naming an invoice or not, credit applied, credit notes), after every step the
stored balance of every invoice equals the one worked out here from the ledger rows (its
allocations and its credit notes), and `finance_check` finds nothing."""

import datetime
from collections import defaultdict
from decimal import Decimal as D
from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finance import services
from finance.models import Invoice, PaymentAllocation
from tests.finance.test_ledger_property import START, STATES
from tests.finance.test_ledger_property import operation as ledger_operation

# The ledger property test's operations, and applying a State's credit to its invoices.
operation = st.one_of(ledger_operation, st.tuples(st.just("apply"), st.sampled_from(STATES)))


def ledger() -> dict[int, tuple[D, D, D]]:
    """Every invoice's (paid, credited, outstanding) from the ledger rows, worked out here."""
    paid, credited = defaultdict(lambda: D("0.00")), defaultdict(lambda: D("0.00"))
    for invoice_id, amount in PaymentAllocation.objects.values_list("invoice_id", "amount"):
        paid[invoice_id] += amount
    rows = list(Invoice.objects.values_list("pk", "kind", "amount", "credit_note_for_id"))
    for _pk, kind, amount, target in rows:
        if kind == "credit_note":
            credited[target] -= amount
    return {
        pk: (D("0.00"),) * 3 if kind == "credit_note" else (paid[pk], credited[pk], amount - credited[pk] - paid[pk])
        for pk, kind, amount, _target in rows
    }


def stored() -> dict[int, tuple[D, D, D]]:
    return {pk: (p, c, o) for pk, p, c, o in Invoice.objects.values_list("pk", "paid", "credited", "outstanding")}


def step(op, states, year, by) -> None:
    try:
        if op[0] == "pay":
            _, iso3, amount, day, name_one = op
            invoice = states[iso3].invoices.exclude(kind="credit_note").order_by("pk").first() if name_one else None
            if invoice is not None:
                day = max(day, invoice.issue_date)
            services.payment_record(state=states[iso3], date=day, amount=amount, invoice=invoice)
        elif op[0] == "credit":
            _, n, day = op
            invoices = list(Invoice.objects.receivable().order_by("pk"))
            invoice = invoices[n % len(invoices)]
            services.credit_note_issue(invoice=invoice, reason="Test", by=by, issue_date=max(day, invoice.issue_date))
        elif op[0] == "invoice":
            _, iso3, amount, offset = op
            with transaction.atomic():  # as invoices_issue does: the invoice, then the credit applied
                services.invoice_create(
                    financial_year=year, state=states[iso3], kind=Invoice.Kind.UN_SERVICES, by=by,
                    lines=[("Extra services", "", amount)], issue_date=START + datetime.timedelta(days=offset),
                )  # fmt: skip
                services.credit_apply(state=states[iso3])
        else:
            services.credit_apply(state=states[op[1]])
    except ValidationError:
        pass  # refused (an absurd amount, an invoice already cancelled): nothing was saved


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(operation, min_size=1, max_size=10))
def test_the_stored_balances_equal_the_ledger_after_every_step(issued, italy, iraq, australia, isu_staff, operations):
    states = {"ITA": italy, "IRQ": iraq, "AUS": australia}
    with transaction.atomic():
        assert stored() == ledger()  # as issued
        for op in operations:
            step(op, states, issued, isu_staff)
            assert stored() == ledger(), op
        out = StringIO()
        call_command("finance_check", "--as-of", "2018-01-15", stdout=out)  # exits 1 on any difference
        assert out.getvalue().startswith("0 differences")
        transaction.set_rollback(True)


def test_a_payment_then_a_credit_note_by_hand(issued, iraq, isu_staff):
    """Iraq's invoices of the made-up year: ISU contribution 200.00, UN conference services 282.50."""
    isu = iraq.invoices.get(kind=Invoice.Kind.ISU_CONTRIBUTION)
    un = iraq.invoices.get(kind=Invoice.Kind.UN_SERVICES)
    assert (isu.paid, isu.credited, isu.outstanding) == (D("0.00"), D("0.00"), D("200.00"))
    services.payment_record(state=iraq, date=datetime.date(2017, 2, 1), amount=D("150.00"), invoice=isu)
    isu.refresh_from_db()
    assert (isu.paid, isu.credited, isu.outstanding, isu.status) == (D("150.00"), D("0.00"), D("50.00"), "partly paid")

    services.credit_note_issue(invoice=isu, reason="Wrong rate", by=isu_staff, issue_date=datetime.date(2017, 3, 1))
    isu.refresh_from_db()
    un.refresh_from_db()
    # cancelled in full; the 150.00 it had received pays the UN invoice instead
    assert (isu.paid, isu.credited, isu.outstanding, isu.status) == (D("0.00"), D("200.00"), D("0.00"), "cancelled")
    assert (un.paid, un.credited, un.outstanding) == (D("150.00"), D("0.00"), D("132.50"))
    credit_note = Invoice.objects.get(credit_note_for=isu)
    assert (credit_note.amount, credit_note.paid, credit_note.credited, credit_note.outstanding) == (
        D("-200.00"), D("0.00"), D("0.00"), D("0.00"),
    )  # fmt: skip


def test_saving_a_stale_invoice_does_not_write_its_balance_back(issued, iraq):
    stale = iraq.invoices.get(kind=Invoice.Kind.ISU_CONTRIBUTION)
    services.payment_record(state=iraq, date=datetime.date(2017, 2, 1), amount=D("10.00"), invoice=stale)
    stale.reason = "noted"
    stale.save()  # holds paid 0.00 from before the payment
    fresh = Invoice.objects.get(pk=stale.pk)
    assert fresh.paid == D("10.00") and fresh.outstanding == fresh.amount - D("10.00") and fresh.reason == "noted"
