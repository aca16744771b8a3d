"""The outbox on the embedded default: a task enqueued in a transaction runs once it commits, and
not at all if the transaction is rolled back."""

import pytest
from django.core.management import call_command
from django.db import transaction

from meetings.tasks import send_circulation_notice
from outbox import services as outbox
from outbox.models import OutboxMessage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def eager(settings):
    """The embedded default (no broker): tasks run in the process, even where CI sets a broker."""
    from ccm_portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    previous, app.conf.task_always_eager = app.conf.task_always_eager, True
    yield
    app.conf.task_always_eager = previous


def test_an_enqueued_task_runs_after_commit_and_is_marked_sent():
    with transaction.atomic():
        message = outbox.enqueue(send_circulation_notice, 999)
        assert OutboxMessage.objects.get(pk=message.pk).sent_at is None
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 1 and message.last_error == ""


def test_a_rolled_back_change_leaves_no_task():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue(send_circulation_notice, 999)
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists()


def test_the_relay_command_reports_what_it_sent(capsys):
    OutboxMessage.objects.create(task=send_circulation_notice.name, args=[999])
    call_command("relay_outbox")
    assert "1 task(s) sent, 0 still pending." in capsys.readouterr().out
