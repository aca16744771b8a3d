"""Payments: partial, in full, overpaid (credit carried forward), and bank statement matching."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from finance import services
from finance.models import BankStatementLine, Invoice

DAY = datetime.date(2017, 3, 1)


def test_a_partial_payment_leaves_the_rest_outstanding(issued, iraq):
    invoice = Invoice.objects.get(state=iraq, kind=Invoice.Kind.ISU_CONTRIBUTION)
    services.payment_record(state=iraq, date=DAY, amount=D("50.00"), reference="part", invoice=invoice)
    invoice = Invoice.objects.with_balance().get(pk=invoice.pk)
    assert invoice.outstanding == D("150.00") and invoice.status == "partly paid"


def test_an_overpayment_pays_the_other_invoice_then_is_carried_forward(issued, iraq, isu_staff):
    isu = Invoice.objects.get(state=iraq, kind=Invoice.Kind.ISU_CONTRIBUTION)
    payment = services.payment_record(state=iraq, date=DAY, amount=D("500.00"), invoice=isu)
    balance = services.state_balance(iraq)
    assert balance.outstanding == 0 and balance.credit == D("17.50")  # 500 − 200 − 282.50
    assert payment.unallocated == D("17.50")
    # cancelling the ISU invoice frees its 200.00: Iraq's credit is 217.50, applied to the next invoice
    services.credit_note_issue(invoice=isu, reason="Corrected", by=isu_staff)
    assert services.state_balance(iraq).credit == D("217.50")
    services.invoices_issue(financial_year=issued, by=isu_staff)
    new = Invoice.objects.get(state=iraq, kind=Invoice.Kind.ISU_CONTRIBUTION, credit_notes__isnull=True)
    assert new.outstanding == 0
    assert services.state_balance(iraq).credit == D("17.50")


def test_a_payment_is_positive_and_of_the_state(issued, iraq, italy):
    with pytest.raises(ValidationError):
        services.payment_record(state=iraq, date=DAY, amount=D("0"))
    italian = Invoice.objects.filter(state=italy).first()
    with pytest.raises(ValidationError):
        services.payment_record(state=iraq, date=DAY, amount=D("1.00"), invoice=italian)


def test_the_balance_per_year_and_state(issued, italy):
    services.payment_record(state=italy, date=DAY, amount=D("600.00"))
    balance = services.state_balance(italy, issued)
    assert (balance.invoiced, balance.paid, balance.outstanding) == (D("1447.50"), D("600.00"), D("847.50"))


STATEMENT = """date,amount,reference
2017-03-02,200.00,"Payment invoice 2017-0002 Republic of Iraq"
2017-03-03,847.50,"ITALY CCM contribution"
02.04.2017,12.00,"unknown sender"
"""


def test_a_bank_statement_proposes_matches_and_the_isu_confirms(issued, iraq, italy, isu_staff):
    statement = services.bank_statement_import(filename="march.csv", text=STATEMENT, by=isu_staff)
    lines = list(statement.lines.all())
    by_number = Invoice.objects.get(year=2017, number=2)
    assert (lines[0].proposed_state, lines[0].proposed_invoice) == (by_number.state, by_number)
    assert "invoice number" in lines[0].match_reason
    italian_un = Invoice.objects.get(state=italy, kind=Invoice.Kind.UN_SERVICES)
    assert (lines[1].proposed_state, lines[1].proposed_invoice) == (italy, italian_un)
    assert lines[2].proposed_state is None and lines[2].date == datetime.date(2017, 4, 2)
    payment = services.bank_line_confirm(line=lines[1], state=italy, invoice=italian_un, by=isu_staff)
    assert payment.amount == D("847.50") and Invoice.objects.with_balance().get(pk=italian_un.pk).outstanding == 0
    lines[1].refresh_from_db()
    assert lines[1].status == BankStatementLine.Status.CONFIRMED
    with pytest.raises(ValidationError):
        services.bank_line_confirm(line=lines[1], state=italy, invoice=None, by=isu_staff)
    services.bank_line_ignore(line=lines[2], reason="A refund of bank charges")


def test_a_bad_bank_statement_saves_nothing(issued, isu_staff):
    with pytest.raises(ValidationError) as error:
        services.bank_statement_import(filename="x.csv", text="date,amount,reference\nyesterday,1,x\n2017-01-01,-5,y\n",
                                       by=isu_staff)  # fmt: skip
    assert len(error.value.messages) == 2
    with pytest.raises(ValidationError, match="columns"):
        services.bank_statement_import(filename="x.csv", text="when,how much\n", by=isu_staff)
