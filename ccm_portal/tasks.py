"""Celery tasks of the project package: the ones that ask every app, as the dashboard does."""

from celery import shared_task

from . import digest


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def weekly_digest() -> int:
    """The scheduled weekly digest: each user with something due gets one e-mail per ISO week."""
    return digest.send_weekly_digest()
