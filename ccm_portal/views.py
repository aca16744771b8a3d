"""The public landing page and the ISU's morning dashboard."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from directory import roles
from meetings.models import ActionItem, Meeting, Minutes

DASHBOARD_ROWS = 10


@login_required
def dashboard(request):
    """ISU staff see what needs doing; other people land on the part of the portal that is theirs."""
    user = request.user
    if not roles.is_isu_staff(user):
        if roles.is_committee_member(user):
            return redirect("meetings:meeting-list")
        return render(request, "portal.html", {"state": roles.state_of(user)})

    # Each list is sliced and joined in SQL, so the page costs the same few queries
    # whatever the number of meetings and actions.
    upcoming = Meeting.objects.upcoming()
    awaiting_circulation = Minutes.objects.awaiting_circulation().select_related("meeting")
    awaiting_approval = Minutes.objects.awaiting_approval().select_related("meeting").order_by("comment_deadline")
    overdue = ActionItem.objects.overdue().with_related().order_by("due_date", "pk")
    due_soon = ActionItem.objects.due_soon().with_related().order_by("due_date", "pk")
    panels = {
        "upcoming": (upcoming.select_related("term"), upcoming.count()),
        "awaiting_circulation": (awaiting_circulation.order_by("meeting__date"), awaiting_circulation.count()),
        "awaiting_approval": (awaiting_approval, awaiting_approval.count()),
        "overdue": (overdue, overdue.count()),
        "due_soon": (due_soon, due_soon.count()),
    }
    context = {name: {"rows": list(qs[:DASHBOARD_ROWS]), "total": total} for name, (qs, total) in panels.items()}
    return render(request, "dashboard.html", context)
