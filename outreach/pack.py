"""Outreach's part of the meeting pack (meetings/pack.py, registered in apps.py): the letters sent
that have no answer yet, the oldest first."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import Letter


def letters_unanswered(meeting, today: datetime.date) -> list[dict]:
    letters = (
        Letter.objects.unanswered_since(timezone.now())
        .select_related("state", "campaign")
        .only("reference", "status", "sent_at", "state__name", "campaign__title")
        .order_by("sent_at", "pk")
    )
    return [
        {
            "reference": letter.reference,
            "state": letter.state.name,
            "sent": timezone.localdate(letter.sent_at),
            "campaign": letter.campaign.title,
            "status": str(letter.get_status_display()),
        }
        for letter in letters
    ]
