"""Celery tasks of finance: thin, idempotent wrappers around the services."""

from celery import shared_task

from . import services


@shared_task(name="finance.tasks.scheduled_reminder_round", acks_late=True)
def scheduled_reminder_round() -> int:
    """Daily: start a reminder round when the interval since the last one has passed."""
    reminder_round = services.scheduled_reminder_round()
    return reminder_round.reminders.count() if reminder_round else 0


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_reminder(reminder_id: int) -> int:
    """Render one reminder letter and e-mail it; a reminder already sent is not sent again."""
    return services.reminder_send(reminder_id=reminder_id)
