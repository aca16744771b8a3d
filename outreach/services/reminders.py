"""The no-answer reminders: one digest per owner of the letters without an answer, never twice
within the interval."""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from directory.selectors import languages_for_addresses
from outbox import notify

from ..models import Letter, ReminderLog


def remind_unanswered(*, now: datetime.datetime | None = None) -> int:
    """E-mail each owner, in their language, one digest of their letters without an answer after the configured number
    of weeks; such letters become 'no answer'. A letter is reminded again only after as many weeks,
    so running this twice the same day (or on two workers at once) sends nothing new. The digests
    are recorded under the letters' lock and sent after it is released. Returns the number of
    e-mails sent."""
    now = now or timezone.now()
    interval = datetime.timedelta(weeks=settings.OUTREACH_NO_ANSWER_WEEKS)
    digests: dict[str, list[Letter]] = {}
    notices = []
    with transaction.atomic():
        letters = (
            Letter.objects.unanswered_since(now - interval)
            .select_for_update(of=("self",))
            .select_related("state", "campaign", "owner", "campaign__created_by")
            .order_by("sent_at")
        )
        for letter in letters:
            if letter.reminders.filter(sent_at__gt=now - interval).exists():
                continue
            owner = letter.owner or letter.campaign.created_by
            if owner is None or not owner.email:
                continue
            digests.setdefault(owner.email, []).append(letter)
        spoken = languages_for_addresses(digests)  # each owner's language
        for address, owned in digests.items():
            about = hashlib.sha256(f"{address}:{[letter.pk for letter in owned]}".encode()).hexdigest()[:32]
            notices.append(
                notify.notify(
                    key=f"outreach-no-answer:{now:%Y-%m-%d}:{about}",
                    to=[address],
                    template="outreach/email/no_answer_digest",
                    context={
                        "letters": owned,
                        "weeks": settings.OUTREACH_NO_ANSWER_WEEKS,
                        "base_url": settings.PORTAL_BASE_URL,
                    },
                    language=spoken[address.strip().lower()],
                )
            )
            for letter in owned:
                ReminderLog.objects.create(letter=letter, sent_at=now, to=address)
                if letter.status == Letter.Status.SENT:
                    letter.status = Letter.Status.NO_ANSWER
                    letter.save(update_fields=["status"])
    return notify.deliver_now(notices)
