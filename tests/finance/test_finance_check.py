"""`manage.py finance_check`: 0 differences on a ledger kept by the services; a row changed behind
their back is reported, and the command exits 1."""

import datetime
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import call_command

from finance import services
from finance.models import Invoice, PaymentAllocation


def check(as_of: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("finance_check", "--as-of", as_of, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def world(issued, italy, iraq, australia, isu_staff):
    services.payment_record(state=italy, date=datetime.date(2017, 2, 1), amount=D("100.00"))  # partly
    services.payment_record(state=australia, date=datetime.date(2017, 2, 1), amount=D("250.00"))  # over, credit
    services.credit_note_issue(
        invoice=iraq.invoices.order_by("number").last(),
        reason="Error",
        by=isu_staff,
        issue_date=datetime.date(2017, 3, 1),
    )
    return issued


def test_a_ledger_kept_by_the_services_has_no_difference(world):
    invoices, states = Invoice.objects.count(), Invoice.objects.values("state").distinct().count()
    checked = f"{invoices} invoices, 2 payments, {states} States checked"
    assert invoices > 0 and states == 3
    assert check("2017-07-01") == (0, f"0 differences (as of 2017-07-01; {checked})\n")
    assert check("2017-01-05") == (0, f"0 differences (as of 2017-01-05; {checked})\n")
    assert check("2017-03-01") == (0, f"0 differences (as of 2017-03-01; {checked})\n")


def test_an_invoice_amount_changed_behind_the_services_back_is_reported(world, italy):
    invoice = italy.invoices.order_by("number").first()
    Invoice.objects.filter(pk=invoice.pk).update(amount=D("1.00"))
    code, out = check("2017-07-01")
    assert code == 1
    assert f"invoice {invoice.display_number}: amount 1.00 but its lines add up to" in out
    assert " (as of 2017-07-01; " in out and not out.startswith("0 differences")


def test_an_allocation_beyond_the_invoice_is_reported(world, italy):
    allocation = PaymentAllocation.objects.filter(invoice__state=italy).get()
    PaymentAllocation.objects.filter(pk=allocation.pk).update(amount=D("99999.00"))
    code, out = check("2017-07-01")
    assert code == 1
    assert f"invoice {allocation.invoice.display_number}: 99999.00 allocated to it, more than its amount" in out
    assert "payment" in out and "more than its amount 100.00" in out


def test_a_stored_balance_that_differs_from_the_ledger_is_reported(world, italy):
    """Italy paid 100.00 of its first invoice: its stored balance set to 'paid in full' behind the
    services' back is reported with what the ledger gives."""
    invoice = italy.invoices.order_by("number").first()
    assert (invoice.paid, invoice.credited) == (D("100.00"), D("0.00"))
    Invoice.objects.filter(pk=invoice.pk).update(paid=invoice.amount, outstanding=D("0.00"))
    code, out = check("2017-07-01")
    assert code == 1
    assert (
        f"invoice {invoice.display_number}: stored paid {invoice.amount}, credited 0.00, outstanding 0.00; "
        f"its ledger gives paid 100.00, credited 0.00, outstanding {invoice.amount - D('100.00')}"
    ) in out
    Invoice.objects.filter(pk=invoice.pk).store_balances()  # worked out again from the ledger
    assert check("2017-07-01")[0] == 0
