"""The public landing page and the ISU's morning dashboard."""

import datetime

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Window
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils import timezone

from coordinators.models import Activity, Output
from coordinators.status import OutputStatus
from directory import roles
from directory.models import Obligation, Term
from meetings.models import ActionItem, Meeting, Minutes
from outreach.dashboard import outreach_panels

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
        return render(request, "portal.html", {"state": roles.state_of(user)})

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
    return render(request, "dashboard.html", context)


def _coordinators_panels() -> dict:
    """Outputs at risk or off track in the current term, activities due, States' deadlines:
    three queries for the outputs (with their progress) and one each for the rest (with its total)."""
    today = timezone.localdate()
    term = Term.objects.current()
    outputs = (
        Output.objects.filter(plan__term=term).select_related("plan__area").prefetch_related("progress_updates")
        if term
        else Output.objects.none()
    )
    troubled = [
        (output, status)
        for output in outputs
        if (status := output.status(today)) in (OutputStatus.AT_RISK, OutputStatus.OFF_TRACK)
    ]
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
