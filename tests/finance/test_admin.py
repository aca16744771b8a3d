"""The finance admin: every page opens for the ISU; invoices and payments are read-only there."""

import pytest
from django.contrib import admin
from django.urls import reverse

from finance.models import Invoice

pytestmark = pytest.mark.django_db


@pytest.fixture
def isu_client(demo_world, client):
    assert client.login(username="isu", password="demo")
    return client


def test_every_finance_model_opens_in_the_admin(isu_client):
    for model in admin.site._registry:
        if model._meta.app_label != "finance":
            continue
        prefix = f"admin:finance_{model._meta.model_name}"
        assert isu_client.get(reverse(f"{prefix}_changelist")).status_code == 200, prefix
        obj = model.objects.first()
        if obj is not None:
            assert isu_client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200, prefix


def test_an_issued_invoice_cannot_be_changed_or_deleted_in_the_admin(isu_client):
    invoice = Invoice.objects.first()
    url = reverse("admin:finance_invoice_change", args=[invoice.pk])
    assert isu_client.post(url, {"amount": "1.00"}).status_code == 403
    assert (
        isu_client.post(reverse("admin:finance_invoice_delete", args=[invoice.pk]), {"post": "yes"}).status_code == 403
    )
    assert Invoice.objects.get(pk=invoice.pk).amount == invoice.amount
