"""A reminder's e-mail goes once, even when two workers send the same reminder at the same time
(the task delivered twice: two beats, a redelivery), and no lock is held while it is sent."""

import pytest

from finance.models import Reminder, ReminderRound
from finance.services import reminder_send
from tests.test_notify import Counting, Witness, run_at_once

from .conftest import TREASURY_EMAIL


@pytest.fixture
def reminder(issued, iraq, iraq_treasury):
    """A reminder to Iraq, made as a round makes it, but not yet sent."""
    # on 1 July 2017, after the invoices fell due (6 June): the letter lists what is overdue then
    reminder_round = ReminderRound.objects.create(trigger=ReminderRound.Trigger.MANUAL, run_on="2017-07-01")
    reminder = Reminder.objects.create(round=reminder_round, state=iraq, outstanding="482.50")
    reminder.invoices.set(iraq.invoices.all())
    return reminder


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_reminder_send_one_email(reminder, settings):
    settings.EMAIL_BACKEND = "tests.test_notify.Counting"
    Counting.sent.clear()
    results = run_at_once(reminder_send, reminder_id=reminder.pk)
    assert sorted(results) == [0, 1]
    assert Counting.sent == [TREASURY_EMAIL]
    reminder.refresh_from_db()
    assert reminder.recipients == TREASURY_EMAIL and reminder.emailed_at is not None


@pytest.mark.django_db(transaction=True)
def test_the_reminder_is_sent_outside_any_transaction(reminder, settings):
    from django.core import mail
    from django.db import connection

    settings.EMAIL_BACKEND = "tests.test_notify.Witness"
    Witness.seen.clear()
    assert reminder_send(reminder_id=reminder.pk) == 1
    assert Witness.seen == [(False, "idle" if connection.vendor == "postgresql" else None)]
    [message] = mail.outbox
    assert message.subject == "CCM: contributions outstanding, Iraq"
    assert "CHF 482.50" in message.body.replace("\xa0", " ")  # the amount held together (directory/names.py)
    ((filename, content, mimetype),) = message.attachments
    assert filename.endswith("-irq.pdf") and content.startswith(b"%PDF") and mimetype == "application/pdf"
