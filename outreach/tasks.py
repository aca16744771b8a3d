"""Celery tasks of outreach: thin, idempotent wrappers keyed by id."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_letter(letter_id: int) -> bool:
    """E-mail one approved letter with its PDF; a letter already sent is left alone. A message the
    mail layer refuses (a bad address, the server refusing or out of reach) is recorded on the
    letter with its reason and returns False: its page shows it and offers to try again. Other
    OSErrors (reading the PDF from storage) are retried here."""
    return services.letter_send_email(letter_id=letter_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def remind_unanswered() -> int:
    """The scheduled no-answer reminder: one digest per owner; nothing twice within the interval."""
    return services.remind_unanswered()
