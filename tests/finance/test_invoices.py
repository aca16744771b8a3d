"""Issuing the year's invoices, numbering, immutability and credit notes."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from finance import services
from finance.models import Invoice, JointLetter


def test_issuing_gives_each_state_its_two_invoices_in_one_joint_letter(issued, italy, australia, iraq):
    invoices = {(i.state, i.kind): i for i in Invoice.objects.all()}
    assert invoices[(iraq, Invoice.Kind.ISU_CONTRIBUTION)].amount == D("200.00")
    assert invoices[(iraq, Invoice.Kind.UN_SERVICES)].amount == D("282.50")
    assert invoices[(italy, Invoice.Kind.UN_SERVICES)].amount == D("847.50")
    assert (australia, Invoice.Kind.UN_SERVICES) not in invoices  # Australia did not take part
    # Australia, Iraq, Italy in name order; each State's ISU invoice before its UN one
    assert sorted(i.number for i in invoices.values()) == [1, 2, 3, 4, 5]
    un = invoices[(iraq, Invoice.Kind.UN_SERVICES)]
    assert [(line.description.split(",")[0], line.amount) for line in un.lines.all()] == [
        ("UN conference services", D("250.00")),
        ("Programme support cost (13 %) on the conference services", D("32.50")),
    ]
    assert un.due_date == datetime.date(2017, 6, 6)  # 90 days before 4 September 2017
    letter = JointLetter.objects.get(state=iraq)
    assert {letter.isu_invoice, letter.un_invoice} == {
        invoices[(iraq, Invoice.Kind.ISU_CONTRIBUTION)],
        un,
    }


def test_the_sums_of_the_invoices_are_the_budget_and_the_meeting_cost(issued):
    isu = sum(i.amount for i in Invoice.objects.filter(kind=Invoice.Kind.ISU_CONTRIBUTION))
    un = sum(i.amount for i in Invoice.objects.filter(kind=Invoice.Kind.UN_SERVICES))
    assert isu == D("1000.00") and un == D("1130.00")


def test_issuing_again_issues_nothing_twice(issued, isu_staff):
    assert services.invoices_issue(financial_year=issued, by=isu_staff) == 0
    assert Invoice.objects.count() == 5 and JointLetter.objects.count() == 3


def test_the_due_date_follows_the_setting(assessed, isu_staff, settings):
    settings.FINANCE_DUE_DAYS_BEFORE_MEETING = 30
    services.invoices_issue(financial_year=assessed, by=isu_staff)
    assert set(Invoice.objects.values_list("due_date", flat=True)) == {datetime.date(2017, 8, 5)}


def test_an_issued_invoice_cannot_be_edited_nor_deleted(issued):
    invoice = Invoice.objects.first()
    invoice.amount = D("1.00")
    with pytest.raises(ValidationError):
        invoice.save()
    invoice.refresh_from_db()
    with pytest.raises(ValidationError):
        invoice.delete()
    line = invoice.lines.first()
    line.amount = D("0.01")
    with pytest.raises(ValidationError):
        line.save()


def test_a_credit_note_cancels_an_invoice_and_refers_to_it(issued, iraq, isu_staff):
    invoice = Invoice.objects.get(state=iraq, kind=Invoice.Kind.ISU_CONTRIBUTION)
    before = services.state_balance(iraq).outstanding
    credit_note = services.credit_note_issue(invoice=invoice, reason="Wrong scale period", by=isu_staff)
    assert credit_note.credit_note_for == invoice and credit_note.amount == D("-200.00")
    assert credit_note.number == 6 and credit_note.kind == Invoice.Kind.CREDIT_NOTE
    invoice.refresh_from_db()
    assert invoice.amount == D("200.00") and invoice.status == "cancelled" and invoice.outstanding == 0
    assert services.state_balance(iraq).outstanding == before - D("200.00")
    with pytest.raises(ValidationError, match="already cancelled"):
        services.credit_note_issue(invoice=invoice, reason="again", by=isu_staff)
    assert invoice.history.count() == 1  # never changed since it was issued


def test_a_cancelled_invoice_is_issued_anew_with_the_next_number(issued, iraq, isu_staff):
    invoice = Invoice.objects.get(state=iraq, kind=Invoice.Kind.ISU_CONTRIBUTION)
    services.credit_note_issue(invoice=invoice, reason="Reissued", by=isu_staff)
    assert services.invoices_issue(financial_year=issued, by=isu_staff) == 1
    new = Invoice.objects.get(state=iraq, kind=Invoice.Kind.ISU_CONTRIBUTION, number=7)
    assert JointLetter.objects.filter(state=iraq).order_by("-pk").first().isu_invoice == new


def test_payment_on_a_cancelled_invoice_becomes_credit(issued, iraq, isu_staff):
    invoice = Invoice.objects.get(state=iraq, kind=Invoice.Kind.ISU_CONTRIBUTION)
    payment = services.payment_record(state=iraq, date=datetime.date(2017, 2, 1), amount=D("200.00"), invoice=invoice)
    services.credit_note_issue(invoice=invoice, reason="Cancelled", by=isu_staff)
    # the 200 paid now pays Iraq's other open invoice (the UN services, 282.50)
    un = Invoice.objects.get(state=iraq, kind=Invoice.Kind.UN_SERVICES)
    assert un.outstanding == D("82.50") and payment.unallocated == 0


def test_a_credit_note_needs_a_reason(issued, isu_staff):
    with pytest.raises(ValidationError, match="reason"):
        services.credit_note_issue(invoice=Invoice.objects.first(), reason=" ", by=isu_staff)


def test_issuing_needs_assessments(year, isu_staff):
    with pytest.raises(ValidationError, match="assessments"):
        services.invoices_issue(financial_year=year, by=isu_staff)
