"""The payment form (issue 15): its invoice list follows the chosen State. Changing the State
reloads the invoice select with htmx (the page asked again with ?state=, answering only that
field), listing that State's open invoices only; an invoice of another State posted anyway is
refused with a message naming both. A payment dated before its invoice, zero or absurd, stays
refused. The States and amounts are invented."""

import datetime
import html
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from finance import services
from finance.models import FinancialYear, Invoice, Payment, ScalePeriod
from tests.factories import StateFactory

ISSUED = datetime.date(2017, 1, 5)


@pytest.fixture
def book(db):
    """Aldoria: 2017-0001 open, 2017-0002 paid, a cancelled 2017-0003. Belmark: 2017-0004 open."""
    aldoria = StateFactory(iso3="QAL", iso2="QA", name="Aldoria")
    belmark = StateFactory(iso3="QBM", iso2="QB", name="Belmark")
    period = ScalePeriod.objects.create(name="2016-2018")
    year = FinancialYear.objects.create(year=2017, isu_budget=D("100000.00"), scale_period=period)

    def invoice(number, state, amount):
        return Invoice.objects.create(
            financial_year=year, number=number, kind=Invoice.Kind.ISU_CONTRIBUTION, state=state, amount=amount,
            issue_date=ISSUED, due_date=datetime.date(2017, 3, 31),
        )  # fmt: skip

    open_invoice, paid = invoice(1, aldoria, D("812.30")), invoice(2, aldoria, D("95.00"))
    services.payment_record(state=aldoria, date=ISSUED, amount=D("95.00"), invoice=paid)
    cancelled = invoice(3, aldoria, D("40.00"))
    Invoice.objects.create(
        financial_year=year, number=5, kind=Invoice.Kind.CREDIT_NOTE, state=aldoria, credit_note_for=cancelled,
        amount=D("-40.00"), issue_date=ISSUED, due_date=ISSUED, reason="Wrong amount",
    )  # fmt: skip
    Invoice.objects.filter(pk=cancelled.pk).store_balances()  # as credit_note_issue does
    return {
        "aldoria": aldoria,
        "belmark": belmark,
        "open": open_invoice,
        "paid": paid,
        "cancelled": cancelled,
        "belmark_open": invoice(4, belmark, D("2450.00")),
    }


def options(body: str) -> dict[str, str]:
    """The invoice select's options: value → label (the blank one left out)."""
    select = re.search(r'<select name="invoice".*?</select>', body, re.S).group(0)
    return {
        v: " ".join(html.unescape(t).split())
        for v, t in re.findall(r'<option value="(\d+)"[^>]*>(.*?)</option>', select, re.S)
    }


def test_the_state_select_reloads_the_invoice_field_with_htmx(client, isu_staff, book):
    client.force_login(isu_staff)
    body = client.get(reverse("finance:payment-create")).content.decode()
    state_select = re.search(r'<select name="state"[^>]*>', body).group(0)
    assert f'hx-get="{reverse("finance:payment-create")}"' in state_select
    assert 'hx-target="#div_id_invoice"' in state_select and 'hx-swap="outerHTML"' in state_select
    assert 'id="div_id_invoice"' in body
    assert options(body) == {}  # no State chosen yet: no invoice offered


def test_the_htmx_answer_lists_only_the_chosen_states_open_invoices(client, isu_staff, book):
    client.force_login(isu_staff)
    url = reverse("finance:payment-create")
    response = client.get(url, {"state": book["aldoria"].pk}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.strip().startswith('<div id="div_id_invoice"') and "<form" not in body and "<html" not in body
    assert options(body) == {str(book["open"].pk): "2017-0001 – ISU contribution – CHF 812.30"}
    body = client.get(url, {"state": book["belmark"].pk}, HTTP_HX_REQUEST="true").content.decode()
    assert list(options(body)) == [str(book["belmark_open"].pk)]


def test_the_page_asked_for_an_invoice_lists_its_states_open_invoices(client, isu_staff, book):
    client.force_login(isu_staff)
    response = client.get(reverse("finance:payment-create"), {"invoice": book["belmark_open"].pk})
    assert list(options(response.content.decode())) == [str(book["belmark_open"].pk)]
    assert response.context["form"].initial["state"] == book["belmark"]


def test_posting_another_states_invoice_is_refused_with_a_clear_message(client, isu_staff, book):
    client.force_login(isu_staff)
    response = client.post(reverse("finance:payment-create"), {
        "state": book["aldoria"].pk, "invoice": book["belmark_open"].pk, "date": "2017-03-01", "amount": "100.00",
    })  # fmt: skip
    text = " ".join(html.unescape(response.content.decode()).split())
    assert response.status_code == 200
    assert "Invoice 2017-0004 is addressed to Belmark, not to Aldoria: choose one of Aldoria's invoices." in text
    assert not Payment.objects.filter(state=book["aldoria"]).exclude(amount=D("95.00")).exists()
    assert not Payment.objects.filter(state=book["belmark"]).exists()
    assert list(options(response.content.decode())) == [str(book["open"].pk)]  # the list is Aldoria's again


def test_the_chosen_states_invoice_is_recorded(client, isu_staff, book):
    client.force_login(isu_staff)
    response = client.post(reverse("finance:payment-create"), {
        "state": book["aldoria"].pk, "invoice": book["open"].pk, "date": "2017-03-01", "amount": "812.30",
    }, follow=True)  # fmt: skip
    assert "Payment of CHF 812.30 from Aldoria recorded" in response.content.decode()
    assert Invoice.objects.with_balance().get(pk=book["open"].pk).outstanding == 0


@pytest.mark.parametrize(
    "date, amount, message",
    [
        ("2017-01-04", "10.00", "dated before invoice 2017-0001 was issued"),
        ("2017-03-01", "0", "Ensure this value is greater than or equal to 0.01"),
        ("2017-03-01", "-5.00", "Ensure this value is greater than or equal to 0.01"),
        ("2017-03-01", "99999999.00", "more than 100 times what Aldoria owes"),
    ],
)
def test_a_payment_before_its_invoice_zero_negative_or_absurd_stays_refused(
    client, isu_staff, book, date, amount, message
):
    client.force_login(isu_staff)
    before = Payment.objects.count()
    response = client.post(reverse("finance:payment-create"), {
        "state": book["aldoria"].pk, "invoice": book["open"].pk, "date": date, "amount": amount,
    })  # fmt: skip
    assert response.status_code == 200 and message in html.unescape(response.content.decode())
    assert Payment.objects.count() == before
