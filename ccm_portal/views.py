"""The public landing page and the ISU's morning dashboard."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Subquery, Window
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils import timezone

from coordinators.models import Activity, Output, ProgressUpdate
from coordinators.status import OutputStatus, output_status
from directory import roles
from directory.models import Obligation, Term
from finance.selectors.reports import dashboard_panel as finance_dashboard_panel
from meetings.models import ActionItem, Meeting, Minutes
from outreach.selectors.dashboard import outreach_panels
from outreach.selectors.portal import letters_for_state

DASHBOARD_ROWS = 10


def _panel(queryset) -> dict:
    """The first rows of a list and how many there are in all, in one query: the total is a
    window count over the whole filtered list, read from the first row."""
    rows = list(queryset.annotate(panel_total=Window(Count("pk")))[:DASHBOARD_ROWS])
    return {"rows": rows, "total": rows[0].panel_total if rows else 0}


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
    upcoming = Meeting.objects.upcoming()
    awaiting_circulation = Minutes.objects.awaiting_circulation().select_related("meeting")
    awaiting_approval = Minutes.objects.awaiting_approval().select_related("meeting").order_by("comment_deadline")
    overdue = ActionItem.objects.overdue().with_related().order_by("due_date", "pk")
    due_soon = ActionItem.objects.due_soon().with_related().order_by("due_date", "pk")
    context = {
        "upcoming": _panel(upcoming.select_related("term")),
        "awaiting_circulation": _panel(awaiting_circulation.order_by("meeting__date")),
        "awaiting_approval": _panel(awaiting_approval),
        "overdue": _panel(overdue),
        "due_soon": _panel(due_soon),
    }
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
    outputs = (
        Output.objects.filter(plan__term=Subquery(current_term))
        .select_related("plan__area")
        .annotate(latest_value=Subquery(latest_value))
    )
    troubled = []
    for output in outputs:
        status = output_status(
            baseline=output.baseline,
            target=output.target_value,
            value=output.baseline if output.latest_value is None else output.latest_value,
            start=output.plan.starts,
            deadline=output.deadline,
            today=today,
        )
        if status in (OutputStatus.AT_RISK, OutputStatus.OFF_TRACK):
            troubled.append((output, status))
    activities = (
        Activity.objects.filter(
            status__in=[Activity.Status.PLANNED, Activity.Status.ONGOING], end__lte=today + datetime.timedelta(days=30)
        )
        .select_related("output__plan__area")
        .order_by("end")
    )
    horizon = today.replace(year=today.year + 3)
    deadlines = (
        Obligation.objects.filter(completed__isnull=True)
        .annotate(effective=Coalesce("extended_deadline", "original_deadline"))
        .filter(effective__range=(today, horizon))
        .select_related("state")
        .order_by("effective")
    )
    return {
        "troubled_outputs": {"rows": troubled[:DASHBOARD_ROWS], "total": len(troubled)},
        "activities_due": _panel(activities),
        "deadlines": _panel(deadlines),
    }
