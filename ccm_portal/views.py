"""The public landing page and the ISU's morning dashboard."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from coordinators.models import Activity
from coordinators.status import OutputStatus, output_status
from directory import roles, sql
from directory.models import Obligation, Person, State
from directory.names import state_name
from directory.rows import day_label, link_maker, truncated
from finance.selectors.reports import dashboard_panel as finance_dashboard_panel
from meetings.models import ActionItem, Meeting, Minutes
from outreach.selectors.dashboard import outreach_panels
from outreach.selectors.portal import letters_for_state
from pagecache.parts import Lazy

DASHBOARD_ROWS = 10


def _total(rows: list[tuple]) -> int:
    """How many rows the whole list has: a window count over the filtered rows, the last column
    of each row (0 for an empty list)."""
    return rows[0][-1] if rows else 0


def _state_name(pk: int, names: tuple) -> str:
    """A State's short name without its article, as |state_name_bare writes it, from its id and
    its name fields (State.NAME_FIELDS, in that order)."""
    return state_name(State.from_db(None, ("id", *State.NAME_FIELDS), (pk, *names)), article=False)


def _owner_label(person: tuple, delegation: str | None) -> str:
    """ActionItem.owner_label from the joined names: the person's full name (title, first and
    last names, as Person.full_name joins them), else the delegation's name."""
    if person[0] is not None:
        return Person.joined_name(*person[1:])
    return str(delegation)


@login_required
def dashboard(request):
    """ISU staff see what needs doing; other people land on the part of the portal that is theirs."""
    user = request.user
    if not roles.is_isu_staff(user):
        if roles.is_committee_member(user):
            return redirect("meetings:meeting-list")
        state = roles.state_of(user)
        return render(request, "portal.html", {"state": state, "outreach_letters": letters_for_state(state)})
    # Each group of panels is read when the template's part that shows it is built (pagecache:
    # a kept part is served again until a table it read changes).
    panels = {
        "upcoming": Lazy(_upcoming_panel),
        "minutes": Lazy(_minutes_panels),
        "actions": Lazy(_action_panels),
        "coordinators": Lazy(_coordinators_panels),
        "outreach": Lazy(outreach_panels),
        "finance": Lazy(finance_dashboard_panel),
    }
    return render(request, "dashboard.html", panels)


# The meetings panels: meetings coming, minutes waiting, action items overdue and due soon. The
# dashboard's reads are written in SQL (directory/sql.py says why). Each list is sliced and joined
# in SQL, with its total counted in the same query, so the page costs the same few queries
# whatever the number of meetings and actions. Each row is a dict of what its panel shows,
# formatted here rather than by filters in the template's loops. Three functions, as the template
# keeps them in parts of their own: a change to an action item rebuilds the action panels, not
# the meetings.


def _upcoming_panel() -> dict:
    today = timezone.localdate()
    meeting_link = link_maker("meetings:meeting-detail")
    upcoming = sql.rows(
        'SELECT id, title, "date", start_time, end_time, venue, COUNT(*) OVER () FROM meetings_meeting'
        ' WHERE "date" >= %s AND status = %s ORDER BY "date", start_time LIMIT %s',
        sql.param_day(today), Meeting.Status.PLANNED.value, DASHBOARD_ROWS,
    )  # fmt: skip
    meetings = []
    for pk, title, date, start, end, venue, _ in upcoming:
        times = f", {start:%H:%M}{f'–{end:%H:%M}' if end else ''}" if start else ""
        meetings.append({
            "url": meeting_link(pk), "title": title, "venue": venue, "times": times,
            "day": day_label(date, "j"), "month": day_label(date, "N"),
            "date_label": f"{day_label(date, 'l')} {day_label(date, 'DATE_FORMAT')}",
        })  # fmt: skip
    return {"rows": meetings, "total": _total(upcoming)}


def _minutes_panels() -> dict:
    minutes_link = link_maker("meetings:minutes-detail")
    minutes_sql = (
        "SELECT mi.meeting_id, mi.version, m.title, {date}, COUNT(*) OVER ()"
        " FROM meetings_minutes mi JOIN meetings_meeting m ON m.id = mi.meeting_id"
        " WHERE {where} ORDER BY {date} LIMIT %s"
    )
    to_circulate = sql.rows(
        minutes_sql.format(date='m."date"', where="m.status = %s AND mi.status = %s"),
        Meeting.Status.HELD.value, Minutes.Status.DRAFT.value, DASHBOARD_ROWS,
    )  # fmt: skip
    to_approve = sql.rows(
        minutes_sql.format(date="mi.comment_deadline", where="mi.status = %s"),
        Minutes.Status.CIRCULATED.value, DASHBOARD_ROWS,
    )  # fmt: skip
    return {
        "awaiting_circulation": {
            "rows": [
                {"url": minutes_link(pk), "version": version, "title": title, "held": day_label(held, "DATE_FORMAT")}
                for pk, version, title, held, _ in to_circulate
            ],
            "total": _total(to_circulate),
        },
        "awaiting_approval": {
            "rows": [
                {"url": minutes_link(pk), "title": title, "comments_due": day_label(deadline, "DATE_FORMAT")}
                for pk, _version, title, deadline, _ in to_approve
            ],
            "total": _total(to_approve),
        },
    }


def _action_panels() -> dict:
    today = timezone.localdate()
    meeting_link = link_maker("meetings:meeting-detail")
    actions_sql = (
        "SELECT a.text, a.due_date, a.meeting_id, m.title, a.owner_person_id, p.title, p.first_name, p.last_name,"
        " d.name, COUNT(*) OVER () FROM meetings_actionitem a JOIN meetings_meeting m ON m.id = a.meeting_id"
        " LEFT JOIN directory_person p ON p.id = a.owner_person_id"
        " LEFT JOIN directory_delegation d ON d.id = a.owner_delegation_id"
        " WHERE a.status = %s AND {due} ORDER BY a.due_date, a.id LIMIT %s"
    )
    open_status = ActionItem.Status.OPEN.value
    overdue = sql.rows(actions_sql.format(due="a.due_date < %s"), open_status, sql.param_day(today), DASHBOARD_ROWS)
    due_soon = sql.rows(
        actions_sql.format(due="a.due_date >= %s AND a.due_date <= %s"),
        open_status, sql.param_day(today), sql.param_day(today + datetime.timedelta(days=30)), DASHBOARD_ROWS,
    )  # fmt: skip

    def actions(rows):
        return [
            {
                "text_short": truncated(text, 140), "due": day_label(due_date, "SHORT_DATE_FORMAT"),
                "is_overdue": due_date < today, "meeting_url": meeting_link(meeting_id), "meeting_title": title,
                "owner_label": _owner_label(person, delegation),
            }
            for text, due_date, meeting_id, title, *person, delegation, _ in rows
        ]  # fmt: skip

    return {
        "overdue": {"rows": actions(overdue), "total": _total(overdue)},
        "due_soon": {"rows": actions(due_soon), "total": _total(due_soon)},
    }


def _coordinators_panels() -> dict:
    """Outputs at risk or off track in the current term, activities due, States' deadlines:
    one query each (the outputs with their latest value; the others with their total)."""
    today = timezone.localdate()
    # Every output of the current term is weighed (the term and each output's latest value are
    # subqueries of the one query), read as the figures its status needs; a row of the panel is
    # built for the troubled ones only. The order is Output's (plan: term, area; number).
    outputs = sql.rows(
        "SELECT o.id, o.plan_id, o.number, o.text, o.baseline, o.target_value, o.deadline,"
        " (SELECT u.value FROM coordinators_progressupdate u WHERE u.output_id = o.id"
        '  ORDER BY u."date" DESC, u.id DESC LIMIT 1),'
        " p.starts, a.name FROM coordinators_output o JOIN coordinators_actionplan p ON p.id = o.plan_id"
        " JOIN directory_term t ON t.id = p.term_id JOIN directory_thematicarea a ON a.id = p.area_id"
        ' WHERE p.term_id = (SELECT id FROM directory_term WHERE "start" <= %s ORDER BY "start" DESC LIMIT 1)'
        ' ORDER BY t."start" DESC, a."order", o.number',
        sql.param_day(today),
    )
    troubled, badges = [], {}
    plan_link = link_maker("coordinators:plan-detail")
    for pk, plan_id, number, text, baseline, target, deadline, latest, starts, area in outputs:
        baseline = sql.read_decimal(baseline, 2)
        status = output_status(
            baseline=baseline,
            target=sql.read_decimal(target, 2),
            value=baseline if latest is None else sql.read_decimal(latest, 2),
            start=starts,
            deadline=deadline,
            today=today,
        )
        if status in (OutputStatus.AT_RISK, OutputStatus.OFF_TRACK):
            output = {"pk": pk, "number": number, "text": text, "area": area, "url": plan_link(plan_id)}
            if len(troubled) < DASHBOARD_ROWS:  # shown
                output["text_short"] = truncated(text, 90)
                if status not in badges:
                    badges[status] = render_to_string("coordinators/_status.html", {"status": status})
                output["badge"] = badges[status]
            troubled.append((output, status))
    activities = sql.rows(
        'SELECT ac.what, ac."end", ac.output_id, o.plan_id, a.name, COUNT(*) OVER () FROM coordinators_activity ac'
        " JOIN coordinators_output o ON o.id = ac.output_id JOIN coordinators_actionplan p ON p.id = o.plan_id"
        " JOIN directory_thematicarea a ON a.id = p.area_id"
        ' WHERE ac.status IN (%s, %s) AND ac."end" <= %s ORDER BY ac."end" LIMIT %s',
        Activity.Status.PLANNED.value, Activity.Status.ONGOING.value,
        sql.param_day(today + datetime.timedelta(days=30)), DASHBOARD_ROWS,
    )  # fmt: skip
    deadline = "COALESCE(ob.extended_deadline, ob.original_deadline)"
    deadlines = sql.rows(
        f"SELECT ob.article, {deadline}, ob.extended_deadline, ob.state_id, "
        + ", ".join(f"s.{field}" for field in State.NAME_FIELDS)
        + ", COUNT(*) OVER () FROM directory_obligation ob JOIN directory_state s ON s.id = ob.state_id"
        f" WHERE ob.completed IS NULL AND {deadline} BETWEEN %s AND %s ORDER BY {deadline} LIMIT %s",
        sql.param_day(today), sql.param_day(today.replace(year=today.year + 3)), DASHBOARD_ROWS,
    )  # fmt: skip
    articles = dict(Obligation.Article.choices)
    return {
        "troubled_outputs": {"rows": troubled[:DASHBOARD_ROWS], "total": len(troubled)},
        "activities_due": {
            "rows": [
                {
                    "url": plan_link(plan_id),
                    "output_id": output_id,
                    "what_short": truncated(what, 80),
                    "area": area,
                    "until": day_label(end, "SHORT_DATE_FORMAT"),
                }
                for what, end, output_id, plan_id, area, _ in activities
            ],
            "total": _total(activities),
        },
        "deadlines": {
            "rows": [
                {
                    "state_name": _state_name(state_id, names),
                    "article": articles[article],
                    # SQLite gives the COALESCE as text (no column type to convert it by)
                    "deadline_label": day_label(_date(effective), "SHORT_DATE_FORMAT"),
                    "extended": extended is not None,
                }
                for article, effective, extended, state_id, *names, _ in deadlines
            ],
            "total": _total(deadlines),
        },
    }


def _date(value) -> datetime.date:
    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
