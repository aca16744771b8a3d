"""The reads of a State's outreach history page (outreach.views.states.state_history).

The history grows with the years: these bound what one page loads, whatever the State's past."""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Prefetch, Q

from directory.models import State
from meetings.models import Attendance, Meeting

from ..models import FollowUp, Letter, Response

HISTORY_LETTERS_PER_PAGE = 25
HISTORY_MEETINGS = 30
HISTORY_DONE_FOLLOWUPS = 10
# what a follow-up's row shows (with its letter's reference and its meeting's title and date)
FOLLOWUP_SHOWN = ("state_id", "letter_id", "meeting_id", "kind", "planned_on", "done_on", "place", "who", "notes")


def history_letters(state: State):
    """Every letter to the State with its campaign and answers (in `answers`), the ones not sent yet first,
    then the latest sent (paginated by the page: HISTORY_LETTERS_PER_PAGE at a time)."""
    return (
        Letter.objects.filter(state=state)
        .select_related("campaign", "campaign__area")
        # what a row shows, not the letters' frozen texts
        .only("reference", "status", "sent_at", "campaign__title", "campaign__area__name")
        .prefetch_related(
            Prefetch(
                "responses",
                queryset=Response.objects.only("letter_id", "date", "channel", "summary"),
                to_attr="answers",
            )
        )
        .order_by(F("sent_at").desc(nulls_first=True), "-pk")  # letters not sent yet first, on every database
    )


def history_followups(state: State, *, everything: bool) -> tuple[list[FollowUp], bool]:
    """The State's follow-ups, latest first, in one query: every planned one and the latest done
    ones (or all with `everything`); True when older done ones were left out."""
    followups = (
        state.outreach_followups.select_related("letter", "meeting")
        .only(*FOLLOWUP_SHOWN, "letter__reference", "meeting__title", "meeting__date")
        .order_by("-planned_on", "-pk")
    )
    if everything:
        return list(followups), False
    # One more than shown, to know whether older ones exist without counting them.
    latest_done = followups.filter(done_on__isnull=False).values("pk")[: HISTORY_DONE_FOLLOWUPS + 1]
    rows = list(followups.filter(Q(done_on__isnull=True) | Q(pk__in=latest_done)))
    done = [followup for followup in rows if followup.done_on is not None]
    if len(done) <= HISTORY_DONE_FOLLOWUPS:
        return rows, False
    rows.remove(done[-1])  # same order as the subquery: the extra one is the oldest done
    return rows, True


def history_meetings(state: State) -> tuple[list[Meeting], bool]:
    """The latest meetings the State's delegation attended (present or remote), each with its
    named delegates in `delegates`, in two queries; True when older ones were left out."""
    attended = Attendance.objects.filter(
        delegation__state=state, status__in=[Attendance.Status.PRESENT, Attendance.Status.REMOTE]
    )
    delegates = (
        attended.filter(person__isnull=False)
        .select_related("person")
        .only("meeting_id", "person__title", "person__first_name", "person__last_name")
    )
    meetings = list(
        Meeting.objects.filter(Exists(attended.filter(meeting=OuterRef("pk"))))
        .only("title", "date")
        .order_by("-date", "-pk")
        .prefetch_related(Prefetch("attendances", queryset=delegates, to_attr="delegates"))[: HISTORY_MEETINGS + 1]
    )
    return meetings[:HISTORY_MEETINGS], len(meetings) > HISTORY_MEETINGS
