"""The outreach panels of the ISU's dashboard: letters without an answer, démarches coming.

Used by ccm_portal.views.dashboard (context.update(outreach_panels())) with the template
outreach/_dashboard_panel.html; two queries whatever the number of letters."""

import datetime

from django.conf import settings
from django.db.models import Count, Window
from django.utils import timezone

from ..models import FollowUp, Letter

ROWS = 10


def _panel(queryset) -> dict:
    rows = list(queryset.annotate(panel_total=Window(Count("pk")))[:ROWS])
    return {"rows": rows, "total": rows[0].panel_total if rows else 0}


def outreach_panels(today: datetime.date | None = None) -> dict:
    now = timezone.now()
    today = today or timezone.localdate()
    unanswered = (
        Letter.objects.unanswered_since(now - datetime.timedelta(weeks=settings.OUTREACH_NO_ANSWER_WEEKS))
        .select_related("state", "campaign")
        # The window counts every unanswered letter, carrying each row: only what the panel shows
        # (with the letter's body and addresses they are ten times wider).
        .only("reference", "sent_at", "state__name", "campaign__title")
        .order_by("sent_at", "pk")
    )
    coming = (
        FollowUp.objects.planned()
        .filter(planned_on__range=(today, today + datetime.timedelta(days=30)))
        .select_related("state")
        .order_by("planned_on", "pk")
    )
    return {
        "letters_unanswered": _panel(unanswered),
        "demarches_coming": _panel(coming),
        "no_answer_weeks": settings.OUTREACH_NO_ANSWER_WEEKS,
    }
