"""Payments: one recorded through its page against an invoice keeps who, when and what, and so
does its allocation to the invoice."""

from decimal import Decimal

import pytest
from django.urls import reverse

from finance.models import Invoice, Payment

from .recorded import assert_recorded, latest

pytestmark = pytest.mark.django_db


def test_a_payment_and_its_allocation_keep_who_recorded_them(client, isu, started):
    open_invoice = Invoice.objects.outstanding().order_by("pk").first()
    response = client.post(
        reverse("finance:payment-create"),
        {
            "state": open_invoice.state_id,
            "invoice": open_invoice.pk,
            "date": "2017-04-03",
            "amount": "100.00",
            "reference": "AUDIT-1",
        },
    )
    assert response.status_code == 302
    payment = Payment.objects.get(reference="AUDIT-1")
    assert_recorded(latest(payment.history), isu, started, amount=Decimal("100.00"))
    allocation = payment.allocations.get(invoice=open_invoice)
    assert_recorded(latest(allocation.history), isu, started, invoice_id=open_invoice.pk)
