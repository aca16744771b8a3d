"""The audit history is complete: minutes, action plans, letters, invoices and payments are changed
through the pages by a named person, and each change is found afterwards with who, when and what."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coordinators.models import Output
from finance.models import Invoice, Payment
from meetings import services as meeting_services
from meetings.models import Meeting, MinutesItem
from outreach.models import Letter
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def isu(db, django_user_model, client):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    user = django_user_model.objects.get(username="isu")
    client.force_login(user)
    return user


def _latest(history):
    return history.order_by("-history_date", "-history_id").first()


def _assert_recorded(record, who, started, **what):
    assert record is not None
    assert record.history_user == who
    assert started <= record.history_date <= timezone.now()
    for field, value in what.items():
        assert getattr(record, field) == value, field


def test_each_record_keeps_who_changed_what_and_when(client, isu):
    started = timezone.now()

    # Minutes: one item's text.
    meeting = MeetingFactory(status=Meeting.Status.HELD, date=datetime.date(2017, 3, 1))
    agenda_item = meeting_services.agenda_item_add(meeting=meeting, title="Finance")
    minutes = meeting_services.minutes_start(meeting=meeting)
    item = MinutesItem.objects.get(minutes=minutes, agenda_item=agenda_item)
    response = client.post(
        reverse("meetings:minutes-item-edit", args=[meeting.pk, item.pk]),
        {"text": "The shortfall fell to CHF 1,932.34.", "lock_version": item.lock_version},
    )
    assert response.status_code == 302
    _assert_recorded(_latest(item.history), isu, started, text="The shortfall fell to CHF 1,932.34.")

    # Action plan: an output's target, with the difference readable.
    output = Output.objects.order_by("pk").first()
    response = client.post(
        reverse("coordinators:output-edit", args=[output.pk]),
        {
            "text": output.text,
            "indicator": output.indicator,
            "baseline": output.baseline,
            "target_value": output.target_value + 1,
            "unit": output.unit,
            "deadline": output.deadline.isoformat(),
            "serves_action": output.serves_action,
            "lock_version": output.lock_version,
        },
    )
    assert response.status_code == 302
    new, old = output.history.order_by("-history_date", "-history_id")[:2]
    _assert_recorded(new, isu, started, target_value=output.target_value + 1)
    changed = {change.field: (change.old, change.new) for change in new.diff_against(old).changes}
    assert changed["target_value"] == (output.target_value, output.target_value + 1)

    # Letter: a draft adjusted by hand and approved.
    letter = Letter.objects.filter(status=Letter.Status.DRAFT).order_by("pk").first()
    response = client.post(
        reverse("outreach:letter-edit", args=[letter.pk]), {"subject": letter.subject, "body": "Excellency, ..."}
    )
    assert response.status_code == 302
    _assert_recorded(_latest(letter.history), isu, started, body="Excellency, ...", status=Letter.Status.APPROVED)

    # Invoice: cancelled by a credit note that refers to it.
    invoice = Invoice.objects.receivable().order_by("pk").first()
    response = client.post(reverse("finance:invoice-credit", args=[invoice.pk]), {"reason": "Issued twice"})
    assert response.status_code == 302
    credit_note = Invoice.objects.get(credit_note_for=invoice)
    _assert_recorded(_latest(credit_note.history), isu, started, kind=Invoice.Kind.CREDIT_NOTE)
    assert credit_note.amount == -invoice.amount

    # Payment: recorded against an invoice.
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
    _assert_recorded(_latest(payment.history), isu, started, amount=Decimal("100.00"))
    allocation = payment.allocations.get(invoice=open_invoice)
    _assert_recorded(_latest(allocation.history), isu, started, invoice_id=open_invoice.pk)
