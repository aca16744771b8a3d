"""Country Coalitions: a State that champions the Convention with others, their meetings and
action items."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from meetings.models import ActionItem

from ..models import CountryCoalition
from ..selectors import coalition_for


@login_required
def coalition_list(request):
    coalitions = CountryCoalition.objects.select_related("state").prefetch_related("members__delegation")
    return render(request, "coordinators/coalition_list.html", {"coalitions": coalitions})


@login_required
def coalition_detail(request, pk):
    coalition = coalition_for(request.user, pk)
    meetings = coalition.meetings.order_by("-date")
    actions = ActionItem.objects.filter(meeting__in=meetings).with_related().order_by("status", "due_date")
    return render(
        request,
        "coordinators/coalition_detail.html",
        {"coalition": coalition, "meetings": meetings, "actions": actions},
    )
