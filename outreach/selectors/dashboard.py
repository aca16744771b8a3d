"""The outreach panels of the ISU's dashboard: letters without an answer, démarches coming.

Used by ccm_portal.views.dashboard (context.update(outreach_panels())) with the template
outreach/_dashboard_panel.html; two queries whatever the number of letters."""

import datetime

from django.conf import settings
from django.db.models import Count, F, Func, IntegerField, Subquery, Window
from django.utils import timezone

from directory.models import State
from directory.rows import DateLabels, link_maker, truncated

from ..models import FollowUp, Letter

ROWS = 10


def _panel(queryset) -> dict:
    rows = list(queryset.annotate(panel_total=Window(Count("pk")))[:ROWS])
    return {"rows": rows, "total": rows[0].panel_total if rows else 0}


def outreach_panels(today: datetime.date | None = None) -> dict:
    now = timezone.now()
    today = today or timezone.localdate()
    unanswered = Letter.objects.unanswered_since(now - datetime.timedelta(weeks=settings.OUTREACH_NO_ANSWER_WEEKS))
    # How many there are, as a subquery PostgreSQL runs once (not per row): it reads the partial
    # index outreach_letter_unanswered alone, without a join or a row, where a window count
    # would join every unanswered letter to its State and campaign.
    total = unanswered.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    unanswered = (
        unanswered.annotate(panel_total=Subquery(total, output_field=IntegerField()))
        .select_related("state", "campaign")
        # Only what the panel shows (with the letter's body and addresses they are ten times wider).
        .only("reference", "sent_at", "campaign__title", *(f"state__{f}" for f in State.NAME_FIELDS))
        .order_by("sent_at", "pk")
    )
    coming = (
        FollowUp.objects.planned()
        .filter(planned_on__range=(today, today + datetime.timedelta(days=30)))
        .select_related("state")
        .only("planned_on", "kind", "place", *(f"state__{f}" for f in State.NAME_FIELDS))
        .order_by("planned_on", "pk")
    )
    letters = list(unanswered[:ROWS])
    letter_link, history_link = link_maker("outreach:letter-detail"), link_maker("outreach:state-history")
    dates = DateLabels()
    for letter in letters:
        letter.url = letter_link(letter.pk)
        letter.campaign_title = truncated(letter.campaign.title, 60)
        letter.sent = dates(letter.sent_at, "SHORT_DATE_FORMAT")
    demarches = _panel(coming)
    for followup in demarches["rows"]:
        followup.state_url = history_link(followup.state_id)
        followup.planned = dates(followup.planned_on, "SHORT_DATE_FORMAT")
    return {
        "letters_unanswered": {"rows": letters, "total": letters[0].panel_total if letters else 0},
        "demarches_coming": demarches,
        "no_answer_weeks": settings.OUTREACH_NO_ANSWER_WEEKS,
    }
