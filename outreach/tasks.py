"""Celery tasks of outreach: thin, idempotent wrappers keyed by id."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_letter(letter_id: int) -> bool:
    """E-mail one approved letter with its PDF; a letter already sent is left alone."""
    return services.letter_send_email(letter_id=letter_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def remind_unanswered() -> int:
    """The scheduled no-answer reminder: one digest per owner; nothing twice within the interval."""
    return services.remind_unanswered()
