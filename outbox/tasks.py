from celery import shared_task

from . import notify, services


@shared_task(ignore_result=True)
def relay() -> int:
    """Beat runs this every minute: pending outbox messages go to the broker, and e-mails left
    behind (a worker died while sending, a failure due for another attempt) are delivered."""
    relayed = services.relay()
    notify.sweep()
    return relayed


@shared_task(ignore_result=True, acks_late=True)
def deliver_notification(notification_id: int) -> bool:
    """Send one recorded e-mail, once (outbox.notify.deliver)."""
    return notify.deliver(notification_id)
