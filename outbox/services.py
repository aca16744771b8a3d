"""Enqueue a task through the outbox, and relay what the broker did not take.

`enqueue(task, *args)` must be called inside the transaction of the change that needs the task
(it writes a row there). Once that transaction commits, the portal hands the task to the broker
at once; if the broker is down, the row stays pending and `relay()` sends it later: the beat
schedule runs it every minute and `manage.py relay_outbox` runs it by hand. A crash between
handing a task over and marking its row sent can send it twice, so every task sent this way
must be idempotent (the portal's are: a rendered document or a sent e-mail is recorded, and a
second run finds it done).
"""

import logging

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

# Give up on a broker that does not answer within a few seconds: the relay will try again.
PUBLISH_OPTIONS = {"retry": False}


def enqueue(task, *args, **kwargs) -> OutboxMessage:
    """Record that `task(*args, **kwargs)` must run once the current transaction commits."""
    message = OutboxMessage.objects.create(task=task.name, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: _publish(message.pk))
    return message


def _publish(message_id: int) -> bool:
    """Hand one pending message to the broker (or run it, when tasks are eager)."""
    if current_app.conf.task_always_eager:
        return _run_here(message_id)
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update(skip_locked=True).filter(pk=message_id).first()
        if message is None or message.sent_at is not None:
            return False
        message.attempts += 1
        try:
            _send(message)
        except Exception as error:
            # The broker is down or refused: keep the row for the relay.
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            message.save(update_fields=["attempts", "last_error"])
            logger.warning("outbox: %s kept for later (%s)", message, message.last_error)
            return False
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "sent_at", "last_error"])
        return True


def _run_here(message_id: int) -> bool:
    """The embedded default (no broker): run the task in this process, OUTSIDE any transaction
    or row lock of the outbox, so that a task that e-mails or renders holds no lock while it
    works. The row is claimed first by a conditional UPDATE, so that the task runs once."""
    claimed = OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True).update(
        sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
    )
    if not claimed:
        return False
    message = OutboxMessage.objects.get(pk=message_id)
    try:
        _send(message)
    except Exception as error:  # the task ran here and failed: it recorded its failure
        logger.exception("outbox: %s failed when run eagerly", message)
        OutboxMessage.objects.filter(pk=message_id).update(last_error=f"{type(error).__name__}: {error}"[:2000])
    return True


def _send(message: OutboxMessage) -> None:
    task = current_app.tasks.get(message.task)
    if task is None:  # not imported in this process: the broker still knows it by name
        current_app.send_task(message.task, args=message.args, kwargs=message.kwargs, **PUBLISH_OPTIONS)
    else:  # apply_async honours CELERY_TASK_ALWAYS_EAGER (the embedded default runs it here)
        task.apply_async(args=message.args, kwargs=message.kwargs, **PUBLISH_OPTIONS)


def relay(limit: int = 500) -> int:
    """Send pending messages, oldest first; return how many the broker took."""
    sent = 0
    for message_id in OutboxMessage.objects.pending().values_list("pk", flat=True)[:limit]:
        if _publish(message_id):
            sent += 1
        else:
            pending = OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True).exists()
            if pending:  # the broker is still down: stop here and try again on the next run
                break
    return sent
