"""The e-mails of the meetings app, sent through outbox.notify (once each, outside any lock)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from directory.roles import COORDINATORS, ISU_STAFF
from directory.selectors import languages_for_addresses
from outbox import notify

from .models import Minutes


def minutes_circulation_notice_send(*, minutes_id: int) -> int:
    """E-mail each Committee member, in their language, that draft minutes are out for comments; returns how many
    e-mails this call sent. One e-mail per address and circulation (its key), so a second run,
    or two workers at once, send nothing more; circulation_notice_sent_at records it was done."""
    minutes = Minutes.objects.select_related("meeting").filter(pk=minutes_id).first()
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
    context = {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "url": f"{settings.PORTAL_BASE_URL}/meetings/{minutes.meeting_id}/minutes/",
    }
    spoken = languages_for_addresses(recipients)  # each member's language
    with transaction.atomic():
        notices = [
            notify.notify(
                key=f"minutes-circulated:{minutes.pk}:{address}",
                to=[address],
                template="meetings/email/minutes_circulated",
                context=context,
                language=spoken[address.lower()],
            )
            for address in recipients
        ]
    # Sent here rather than left to the queued tasks alone, so that circulation_notice_sent_at
    # means "the notices went" (the queued tasks then find them sent and do nothing).
    sent = notify.deliver_now(notices)
    Minutes.objects.filter(pk=minutes.pk, circulation_notice_sent_at__isnull=True).update(
        circulation_notice_sent_at=timezone.now()
    )
    return sent
