"""Invoices: one cancelled through its page by a credit note that refers to it is recorded."""

import pytest
from django.urls import reverse

from finance.models import Invoice

from .recorded import assert_recorded, latest

pytestmark = pytest.mark.django_db


def test_a_credit_note_keeps_who_issued_it(client, isu, started):
    invoice = Invoice.objects.receivable().order_by("pk").first()
    response = client.post(reverse("finance:invoice-credit", args=[invoice.pk]), {"reason": "Issued twice"})
    assert response.status_code == 302
    credit_note = Invoice.objects.get(credit_note_for=invoice)
    assert_recorded(latest(credit_note.history), isu, started, kind=Invoice.Kind.CREDIT_NOTE)
    assert credit_note.amount == -invoice.amount
