"""The reads of a State's outreach history page (outreach.views.states.state_history).

The history grows with the years: these bound what one page loads, whatever the State's past."""

from __future__ import annotations

from django.db import connection
from django.db.models import F

from directory.models import Delegation, Person, State
from directory.sql import read_day
from directory.sql import rows as sql_rows
from meetings.models import Attendance, Meeting

from ..models import FollowUp, Letter, Response

HISTORY_LETTERS_PER_PAGE = 25
HISTORY_MEETINGS = 30
HISTORY_DONE_FOLLOWUPS = 10
# what a follow-up's row shows (with its letter's reference and its meeting's title and date)
FOLLOWUP_SHOWN = ("state_id", "letter_id", "meeting_id", "kind", "planned_on", "done_on", "place", "who", "notes")


def history_letters(state: State):
    """Every letter to the State with its campaign's title and area (`campaign_title`,
    `campaign_area`), the ones not sent yet first, then the latest sent (paginated by the page:
    HISTORY_LETTERS_PER_PAGE at a time; with_answers adds the answers of a page's letters). The
    campaign is read as two columns, not built: select_related and .only() cost more than the query."""
    return (
        Letter.objects.filter(state=state)
        # what a row shows, not the letters' frozen texts
        .only("reference", "status", "sent_at")
        .annotate(campaign_title=F("campaign__title"), campaign_area=F("campaign__area__name"))
        .order_by(F("sent_at").desc(nulls_first=True), "-pk")  # letters not sent yet first, on every database
    )


def with_answers(letters: list[Letter]) -> list[Letter]:
    """The letters, each with its answers (the latest first, as Response is ordered) in `answers`,
    with only what the page shows loaded: one query, in SQL as history_meetings (the ORM's
    building of the query, a Prefetch's machinery, cost several times the query)."""
    by_pk = {letter.pk: letter for letter in letters}
    for letter in letters:
        letter.answers = []
    if letters:
        marks = ", ".join(["%s"] * len(by_pk))
        rows = sql_rows(
            f"SELECT r.id, r.letter_id, r.date, r.channel, r.summary FROM {Response._meta.db_table} r"
            f" WHERE r.letter_id IN ({marks}) ORDER BY r.date DESC, r.id DESC",
            *by_pk,
        )
        for pk, letter_id, date, channel, summary in rows:
            answer = _loaded(
                Response, id=pk, letter_id=letter_id, date=read_day(date), channel=channel, summary=summary
            )
            by_pk[letter_id].answers.append(answer)
    return letters


def history_followups(state: State, *, everything: bool) -> tuple[list[FollowUp], bool]:
    """The State's follow-ups, latest first, in one query: every planned one and the latest done
    ones (or all with `everything`); True when older done ones were left out. Each has its letter
    (its reference) and its meeting (title and date) loaded. Written in SQL that PostgreSQL and
    SQLite both read: the ORM's building of the queryset (two joins, a subquery) cost several
    times the query."""
    followup, letter, meeting = FollowUp._meta.db_table, Letter._meta.db_table, Meeting._meta.db_table
    columns = ", ".join(f"f.{name}" for name in ("id", *FOLLOWUP_SHOWN))
    sql = (
        f"SELECT {columns}, l.reference, m.title, m.date FROM {followup} f"
        f" LEFT JOIN {letter} l ON l.id = f.letter_id LEFT JOIN {meeting} m ON m.id = f.meeting_id"
        " WHERE f.state_id = %s"
    )
    params = [state.pk]
    if not everything:
        # the planned ones and the latest done, one more than shown (to know whether older ones
        # exist without counting them)
        sql += (
            f" AND (f.done_on IS NULL OR f.id IN (SELECT g.id FROM {followup} g WHERE g.state_id = %s"
            " AND g.done_on IS NOT NULL ORDER BY g.planned_on DESC, g.id DESC LIMIT %s))"
        )
        params += [state.pk, HISTORY_DONE_FOLLOWUPS + 1]
    rows = []
    for *shown, reference, title, date in sql_rows(sql + " ORDER BY f.planned_on DESC, f.id DESC", *params):
        values = dict(zip(("id", *FOLLOWUP_SHOWN), shown, strict=True))
        values.update(
            planned_on=read_day(values["planned_on"]), done_on=values["done_on"] and read_day(values["done_on"])
        )
        row = _loaded(FollowUp, **values)
        if row.letter_id is not None:
            row.letter = _loaded(Letter, id=row.letter_id, reference=reference)
        if row.meeting_id is not None:
            row.meeting = _loaded(Meeting, id=row.meeting_id, title=title, date=read_day(date))
        rows.append(row)
    if everything:
        return rows, False
    done = [row for row in rows if row.done_on is not None]
    if len(done) <= HISTORY_DONE_FOLLOWUPS:
        return rows, False
    rows.remove(done[-1])  # same order as the subquery: the extra one is the oldest done
    return rows, True


def history_meetings(state: State) -> tuple[list[Meeting], bool]:
    """The latest meetings the State's delegation attended (present or remote), each with the
    full names of its named delegates in `delegates` (in the meeting's order of attendances), in
    one query; True when older ones were left out. Written in SQL that PostgreSQL and SQLite both
    read, the meetings built from its rows with only what the page shows loaded: the ORM's
    building of the two querysets (an Exists, a prefetch) cost several times the query. A delegate
    is only a name (Person.joined_name): building an attendance and a person per row was most of
    what a longer history added to the page."""
    attended = (Attendance.Status.PRESENT, Attendance.Status.REMOTE)
    meeting, attendance = Meeting._meta.db_table, Attendance._meta.db_table
    delegation, person = Delegation._meta.db_table, Person._meta.db_table
    rows = sql_rows(
        "SELECT m.id, m.title, m.date, a.id, a.title, a.first_name, a.last_name"
        # the latest meetings attended (one more than shown, to know whether older ones exist)
        f" FROM (SELECT mm.id, mm.title, mm.date FROM {meeting} mm WHERE EXISTS (SELECT 1 FROM {attendance} x"
        f" JOIN {delegation} xd ON xd.id = x.delegation_id"
        " WHERE x.meeting_id = mm.id AND xd.state_id = %s AND x.status IN (%s, %s))"
        " ORDER BY mm.date DESC, mm.id DESC LIMIT %s) m"
        # and their named delegates of the State
        f' LEFT JOIN (SELECT y.id, y.meeting_id, y."order" AS position, p.title, p.first_name,'
        f" p.last_name FROM {attendance} y JOIN {delegation} yd ON yd.id = y.delegation_id"
        f" JOIN {person} p ON p.id = y.person_id WHERE yd.state_id = %s AND y.status IN (%s, %s)) a"
        " ON a.meeting_id = m.id"
        " ORDER BY m.date DESC, m.id DESC, a.position, a.id",
        state.pk,
        *attended,
        HISTORY_MEETINGS + 1,
        state.pk,
        *attended,
    )
    meetings: list[Meeting] = []
    for meeting_id, title, date, attendance_id, person_title, first_name, last_name in rows:
        if not meetings or meetings[-1].pk != meeting_id:
            shown = _loaded(Meeting, id=meeting_id, title=title, date=read_day(date))
            shown.delegates = []
            meetings.append(shown)
        if attendance_id is not None:
            meetings[-1].delegates.append(Person.joined_name(person_title, first_name, last_name))
    return meetings[:HISTORY_MEETINGS], len(meetings) > HISTORY_MEETINGS


def _loaded(model, **values):
    """An instance of `model` with only these fields loaded (the others deferred), as .only()
    builds it (from_db reads the values in the model's order of fields)."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])
