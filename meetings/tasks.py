"""Celery tasks of the meetings app: thin, idempotent wrappers keyed by object id."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from directory.roles import COORDINATORS, ISU_STAFF

from .models import Minutes


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_circulation_notice(minutes_id: int) -> int:
    """E-mail the Committee that draft minutes are out for comments. Sent once per circulation."""
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().select_related("meeting").filter(pk=minutes_id).first()
        if minutes is None or minutes.circulation_notice_sent_at or minutes.status != Minutes.Status.CIRCULATED:
            return 0
        recipients = sorted(
            set(
                get_user_model()
                .objects.filter(is_active=True, groups__name__in=[ISU_STAFF, COORDINATORS])
                .exclude(email="")
                .values_list("email", flat=True)
            )
        )
        subject = f"Draft minutes for comments: {minutes.meeting}"
        body = (
            f"The draft minutes of {minutes.meeting} are circulated to the Coordination Committee.\n"
            f"Please send your comments on each agenda item through the portal by "
            f"{minutes.comment_deadline:%d %B %Y}.\n\n"
            f"{settings.PORTAL_BASE_URL}/meetings/{minutes.meeting_id}/minutes/\n"
        )
        sent = send_mass_mail(
            [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients],
            fail_silently=False,
        )
        minutes.circulation_notice_sent_at = timezone.now()
        minutes.save(update_fields=["circulation_notice_sent_at"])
    return sent
