"""The factories of tests/factories.py build valid objects, with the relations a test expects, and
the finance ones give the figures the finance selectors report."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from finance import services
from finance.models import Invoice
from finance.selectors.positions import state_position
from outreach.models import Letter
from tests import factories

pytestmark = pytest.mark.django_db

FACTORIES = {
    "action plan": factories.ActionPlanFactory,
    "output": factories.OutputFactory,
    "activity": factories.ActivityFactory,
    "progress update": factories.ProgressUpdateFactory,
    "target state": factories.TargetStateFactory,
    "concept note": factories.ConceptNoteFactory,
    "letter template": factories.LetterTemplateFactory,
    "area paragraph": lambda: factories.LetterTemplateFactory(paragraph=True),
    "campaign": factories.CampaignFactory,
    "draft letter": factories.LetterFactory,
    "sent letter": lambda: factories.LetterFactory(sent=True),
    "response": factories.ResponseFactory,
    "follow-up": factories.FollowUpFactory,
    "scale period": factories.ScalePeriodFactory,
    "financial year": factories.FinancialYearFactory,
    "assessment": factories.AssessmentFactory,
    "invoice": factories.InvoiceFactory,
    "credit note": factories.CreditNoteFactory,
    "payment": factories.PaymentFactory,
    "payment of an invoice": lambda: factories.PaymentFactory(invoice=factories.InvoiceFactory()),
    "payment allocation": factories.PaymentAllocationFactory,
}


@pytest.mark.parametrize("make", FACTORIES.values(), ids=FACTORIES.keys())
def test_each_factory_saves_a_valid_object(make):
    made = make()
    assert made.pk is not None
    saved = type(made).objects.get(pk=made.pk)
    saved.full_clean()  # fields, uniqueness and check constraints


def test_an_outputs_plan_is_of_the_area_and_term_given():
    area = factories.ThematicAreaFactory(name="Stockpile Destruction (invented)", slug="stockpiles-invented")
    output = factories.OutputFactory(plan__area=area)
    assert output.plan.area == area
    assert output.plan.starts == output.plan.term.start and output.deadline > output.plan.starts
    assert factories.ProgressUpdateFactory(output=output).output.plan.area == area


def test_an_invoice_is_the_states_and_its_line_carries_its_amount(iraq):
    invoice = factories.InvoiceFactory(state=iraq, amount=Decimal("250.00"))
    assert invoice.state == iraq
    assert [line.amount for line in invoice.lines.all()] == [Decimal("250.00")]
    credit_note = factories.CreditNoteFactory(credit_note_for=invoice)
    assert (credit_note.state, credit_note.financial_year, credit_note.amount) == (
        iraq,
        invoice.financial_year,
        Decimal("-250.00"),
    )
    assert Invoice.objects.get(pk=invoice.pk).is_cancelled


def test_invoice_numbers_come_from_the_numbering_service(iraq):
    year = factories.FinancialYearFactory(year=2044)
    first = factories.InvoiceFactory(financial_year=year)
    with transaction.atomic():
        issued = services.invoice_create(
            financial_year=year,
            state=iraq,
            kind=Invoice.Kind.ISU_CONTRIBUTION,
            lines=[("Contribution (invented)", "", Decimal("10.00"))],
            by=None,
            issue_date=datetime.date(2044, 1, 5),
        )
    assert (first.display_number, issued.display_number) == ("2044-0001", "2044-0002")


def test_letters_and_their_answers_belong_together(iraq):
    letter = factories.LetterFactory(state=iraq, sent=True)
    assert not letter.reference.startswith("CCM/ISU/")  # the services' numbers are never taken
    assert list(letter.campaign.recipients.all()) == [iraq]
    response = factories.ResponseFactory(letter=letter)
    assert response.date >= letter.sent_at.date()
    assert factories.FollowUpFactory(letter=letter).state == iraq
    assert factories.ResponseFactory().letter.status == Letter.Status.ANSWERED


def test_a_payment_against_an_invoice_is_what_the_position_reports(italy):
    year = factories.FinancialYearFactory(year=2041)
    invoice = factories.InvoiceFactory(financial_year=year, state=italy, amount=Decimal("1000.00"))
    assert (invoice.issue_date, invoice.due_date) == (datetime.date(2041, 1, 5), datetime.date(2041, 3, 31))
    factories.PaymentFactory(invoice=invoice, amount=Decimal("400.00"), date=datetime.date(2041, 2, 1))

    position = state_position(state=italy, as_of=datetime.date(2041, 4, 15))
    assert (position.invoiced, position.paid, position.outstanding, position.overdue, position.credit) == (
        Decimal("1000.00"),
        Decimal("400.00"),
        Decimal("600.00"),
        Decimal("600.00"),
        Decimal("0.00"),
    )
    before = state_position(state=italy, as_of=datetime.date(2041, 1, 31))
    assert (before.paid, before.outstanding, before.overdue) == (Decimal("0.00"), Decimal("1000.00"), Decimal("0.00"))


def test_a_payment_over_what_is_owed_pays_it_and_leaves_credit(italy):
    year = factories.FinancialYearFactory(year=2042)
    invoice = factories.InvoiceFactory(financial_year=year, state=italy, amount=Decimal("1000.00"))
    factories.PaymentFactory(invoice=invoice, amount=Decimal("400.00"))
    factories.PaymentFactory(invoice=invoice, amount=Decimal("750.00"))

    position = state_position(state=italy, as_of=datetime.date(2042, 12, 31))
    assert (position.paid, position.outstanding, position.credit) == (
        Decimal("1000.00"),
        Decimal("0.00"),
        Decimal("150.00"),
    )
