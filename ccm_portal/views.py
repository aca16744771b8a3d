"""The public landing page and the ISU's morning dashboard."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Subquery, Window
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from coordinators.models import Activity, Output, ProgressUpdate
from coordinators.status import OutputStatus, output_status
from directory import roles
from directory.models import Obligation, State, Term
from directory.rows import DateLabels, link_maker, truncated
from finance.selectors.reports import dashboard_panel as finance_dashboard_panel
from meetings.models import ActionItem, Meeting, Minutes
from outreach.selectors.dashboard import outreach_panels
from outreach.selectors.portal import letters_for_state

DASHBOARD_ROWS = 10


def _panel(queryset, link=None, attname="url", pk="pk") -> dict:
    """The first rows of a list and how many there are in all, in one query: the total is a
    window count over the whole filtered list, read from the first row. With `link` (from
    directory.rows.link_maker), each row gets its link in the attribute `attname`, from its field `pk`."""
    rows = list(queryset.annotate(panel_total=Window(Count("pk")))[:DASHBOARD_ROWS])
    if link is not None:
        for row in rows:
            setattr(row, attname, link(getattr(row, pk)))
    return {"rows": rows, "total": rows[0].panel_total if rows else 0}


def _action_rows(queryset):
    """Action items with what the panel shows of them (their text, due date, owner, meeting)."""
    return queryset.select_related("meeting", "owner_delegation", "owner_person").only(
        "text",
        "due_date",
        "status",
        "meeting__title",
        "owner_delegation__name",
        "owner_person__title",
        "owner_person__first_name",
        "owner_person__last_name",
    )


@login_required
def dashboard(request):
    """ISU staff see what needs doing; other people land on the part of the portal that is theirs."""
    user = request.user
    if not roles.is_isu_staff(user):
        if roles.is_committee_member(user):
            return redirect("meetings:meeting-list")
        state = roles.state_of(user)
        return render(request, "portal.html", {"state": state, "outreach_letters": letters_for_state(state)})

    # Each list is sliced and joined in SQL, with its total counted in the same query, so the
    # page costs the same few queries whatever the number of meetings and actions.
    # Each row loads only the columns its panel shows.
    upcoming = Meeting.objects.upcoming().only("title", "date", "start_time", "end_time", "venue")
    minutes_fields = ("version", "comment_deadline", "meeting__title", "meeting__date")
    awaiting_circulation = Minutes.objects.awaiting_circulation().select_related("meeting").only(*minutes_fields)
    awaiting_approval = (
        Minutes.objects.awaiting_approval().select_related("meeting").only(*minutes_fields).order_by("comment_deadline")
    )
    overdue = _action_rows(ActionItem.objects.overdue()).order_by("due_date", "pk")
    due_soon = _action_rows(ActionItem.objects.due_soon()).order_by("due_date", "pk")
    meeting_link, minutes_link = link_maker("meetings:meeting-detail"), link_maker("meetings:minutes-detail")
    context = {
        "upcoming": _panel(upcoming, meeting_link),
        "awaiting_circulation": _panel(awaiting_circulation.order_by("meeting__date"), minutes_link, pk="meeting_id"),
        "awaiting_approval": _panel(awaiting_approval, minutes_link, pk="meeting_id"),
        "overdue": _panel(overdue, meeting_link, "meeting_url", "meeting_id"),
        "due_soon": _panel(due_soon, meeting_link, "meeting_url", "meeting_id"),
    }
    # What the rows show, formatted here rather than by filters in the template's loops.
    dates = DateLabels()
    for meeting in context["upcoming"]["rows"]:
        meeting.day, meeting.month = dates(meeting.date, "j"), dates(meeting.date, "N")
        meeting.date_label = f"{dates(meeting.date, 'l')} {dates(meeting.date, 'DATE_FORMAT')}"
    for minutes in context["awaiting_circulation"]["rows"]:
        minutes.held = dates(minutes.meeting.date, "DATE_FORMAT")
    for minutes in context["awaiting_approval"]["rows"]:
        minutes.comments_due = dates(minutes.comment_deadline, "DATE_FORMAT")
    for action in context["overdue"]["rows"] + context["due_soon"]["rows"]:
        action.text_short = truncated(action.text, 140)
        action.due = dates(action.due_date, "SHORT_DATE_FORMAT")
    context.update(_coordinators_panels())
    context.update(outreach_panels())
    context["finance"] = finance_dashboard_panel()
    return render(request, "dashboard.html", context)


def _coordinators_panels() -> dict:
    """Outputs at risk or off track in the current term, activities due, States' deadlines:
    one query each (the outputs with their latest value; the others with their total)."""
    today = timezone.localdate()
    # The current term and each output's latest value are subqueries of the one outputs query.
    current_term = Term.objects.filter(start__lte=today).order_by("-start").values("pk")[:1]
    latest_value = ProgressUpdate.objects.filter(output=OuterRef("pk")).order_by("-date", "-pk").values("value")[:1]
    # Every output of the term is weighed, each read as a tuple of the figures its status needs;
    # a row of the panel is built for the troubled ones only.
    outputs = (
        Output.objects.filter(plan__term=Subquery(current_term))
        .annotate(latest_value=Subquery(latest_value))
        .values_list(
            "pk",
            "plan_id",
            "number",
            "text",
            "baseline",
            "target_value",
            "deadline",
            "latest_value",
            "plan__starts",
            "plan__area__name",
        )
    )
    troubled, badges = [], {}
    plan_link = link_maker("coordinators:plan-detail")
    for pk, plan_id, number, text, baseline, target, deadline, latest, starts, area in outputs:
        status = output_status(
            baseline=baseline,
            target=target,
            value=baseline if latest is None else latest,
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
    activities = (
        Activity.objects.filter(
            status__in=[Activity.Status.PLANNED, Activity.Status.ONGOING], end__lte=today + datetime.timedelta(days=30)
        )
        .select_related("output__plan__area")
        .only("what", "end", "output__plan_id", "output__plan__area__name")
        .order_by("end")
    )
    horizon = today.replace(year=today.year + 3)
    deadlines = (
        Obligation.objects.filter(completed__isnull=True)
        .annotate(effective=Coalesce("extended_deadline", "original_deadline"))
        .filter(effective__range=(today, horizon))
        .select_related("state")
        .only("article", "original_deadline", "extended_deadline", *(f"state__{f}" for f in State.NAME_FIELDS))
        .order_by("effective")
    )
    activities_due = _panel(activities)
    deadlines = _panel(deadlines)
    dates = DateLabels()
    for activity in activities_due["rows"]:
        activity.url = plan_link(activity.output.plan_id)
        activity.what_short = truncated(activity.what, 80)
        activity.until = dates(activity.end, "SHORT_DATE_FORMAT")
    for obligation in deadlines["rows"]:
        obligation.deadline_label = dates(obligation.deadline, "SHORT_DATE_FORMAT")
    return {
        "troubled_outputs": {"rows": troubled[:DASHBOARD_ROWS], "total": len(troubled)},
        "activities_due": activities_due,
        "deadlines": deadlines,
    }
