"""Celery tasks of the meetings app: thin, idempotent wrappers keyed by object id."""

from celery import shared_task

from .notices import minutes_circulation_notice_send


@shared_task(acks_late=True)
def send_circulation_notice(minutes_id: int) -> int:
    """E-mail the Committee that draft minutes are out for comments. Sent once per circulation."""
    return minutes_circulation_notice_send(minutes_id=minutes_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def remind_unanswered_invitations() -> int:
    """The daily reminder to the invited delegations that have not answered (once each)."""
    from .services import invitation_reminders_send  # here: the services import this module

    return invitation_reminders_send()
