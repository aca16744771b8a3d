from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def relay() -> int:
    """Beat runs this every minute: pending outbox messages go to the broker."""
    return services.relay()
