"""The outreach panels of the ISU's dashboard: letters without an answer, démarches coming.

Used by ccm_portal.views.dashboard (context.update(outreach_panels())) with the template
outreach/_dashboard_panel.html; two queries whatever the number of letters. They are written in
SQL (that PostgreSQL and SQLite both read) because building, compiling and loading the two
querysets cost ten times what the queries do; each row is built with only what its panel shows."""

import datetime
from types import SimpleNamespace

from django.conf import settings
from django.utils import timezone

from directory import sql
from directory.models import State
from directory.rows import day_label, link_maker, truncated

from ..models import FollowUp, Letter

ROWS = 10
_STATE_COLUMNS = ", ".join(f"s.{field}" for field in State.NAME_FIELDS)
_STATE_FIELDS = ("id", *State.NAME_FIELDS)

# Letters sent before a moment and not answered (LetterQuerySet.unanswered_since): NOT EXISTS rather
# than a LEFT JOIN on the answers, which PostgreSQL plans as an anti-join.
_UNANSWERED = (
    "NOT EXISTS (SELECT 1 FROM outreach_response r WHERE r.letter_id = {letter}.id)"
    " AND {letter}.sent_at <= %s AND {letter}.status IN (%s, %s)"
)


def _state(pk: int, names: list) -> State:
    """The State of a row, with only its names loaded (as .only() would)."""
    return State.from_db(None, _STATE_FIELDS, (pk, *names))


def outreach_panels(today: datetime.date | None = None) -> dict:
    now = timezone.now()
    today = today or timezone.localdate()
    before = sql.param_moment(now - datetime.timedelta(weeks=settings.OUTREACH_NO_ANSWER_WEEKS))
    unanswered = (before, Letter.Status.SENT.value, Letter.Status.NO_ANSWER.value)
    # How many there are, as a subquery PostgreSQL runs once (not per row): it reads the partial
    # index outreach_letter_unanswered alone, without a join or a row, where a window count
    # would join every unanswered letter to its State and campaign. Only what the panel shows is
    # read (with the letter's body and addresses the rows are ten times wider).
    letters = sql.rows(
        f"SELECT l.id, l.reference, l.sent_at, c.title, l.state_id, {_STATE_COLUMNS},"
        f" (SELECT COUNT(*) FROM outreach_letter v WHERE {_UNANSWERED.format(letter='v')})"
        " FROM outreach_letter l JOIN outreach_campaign c ON c.id = l.campaign_id"
        " JOIN directory_state s ON s.id = l.state_id"
        f" WHERE {_UNANSWERED.format(letter='l')} ORDER BY l.sent_at, l.id LIMIT %s",
        *unanswered, *unanswered, ROWS,
    )  # fmt: skip
    coming = sql.rows(
        f"SELECT f.kind, f.planned_on, f.place, f.state_id, {_STATE_COLUMNS}, COUNT(*) OVER ()"
        " FROM outreach_followup f JOIN directory_state s ON s.id = f.state_id"
        " WHERE f.done_on IS NULL AND f.planned_on BETWEEN %s AND %s ORDER BY f.planned_on, f.id LIMIT %s",
        sql.param_day(today),
        sql.param_day(today + datetime.timedelta(days=30)),
        ROWS,
    )
    letter_link, history_link = link_maker("outreach:letter-detail"), link_maker("outreach:state-history")
    kinds = dict(FollowUp.Kind.choices)
    return {
        "letters_unanswered": {
            "rows": [
                SimpleNamespace(
                    url=letter_link(pk),
                    reference=reference,
                    state=_state(state_id, names),
                    campaign_title=truncated(campaign, 60),
                    sent=day_label(sql.read_moment(sent_at), "SHORT_DATE_FORMAT"),
                )
                for pk, reference, sent_at, campaign, state_id, *names, _ in letters
            ],
            "total": letters[0][-1] if letters else 0,
        },
        "demarches_coming": {
            "rows": [
                SimpleNamespace(
                    state=_state(state_id, names),
                    state_url=history_link(state_id),
                    kind=kinds[kind],
                    place=place,
                    planned=day_label(planned_on, "SHORT_DATE_FORMAT"),
                )
                for kind, planned_on, place, state_id, *names, _ in coming
            ],
            "total": coming[0][-1] if coming else 0,
        },
        "no_answer_weeks": settings.OUTREACH_NO_ANSWER_WEEKS,
    }
