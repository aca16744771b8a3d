"""The démarches calendar: a month of planned follow-ups, and the iCalendar feed (Committee only)."""

from __future__ import annotations

import calendar as calendar_module
import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from documents.params import read_params

from ..forms import CalendarParams
from ..models import FollowUp
from ..selectors import outreach_section_for


def _month(request) -> datetime.date:
    """?month=YYYY-MM; a bad or far-off one is reported, and this month is shown."""
    return read_params(request, CalendarParams)["month"] or timezone.localdate().replace(day=1)


@login_required
def demarche_calendar(request):
    outreach_section_for(request.user)
    month = _month(request)
    last = month.replace(day=calendar_module.monthrange(month.year, month.month)[1])
    followups = FollowUp.objects.filter(planned_on__range=(month, last)).select_related("state", "letter", "meeting")
    days: dict[datetime.date, list] = {}
    for followup in followups:
        days.setdefault(followup.planned_on, []).append(followup)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = last + datetime.timedelta(days=1)
    return render(
        request,
        "outreach/calendar.html",
        {
            "month": month,
            "days": sorted(days.items()),
            "previous": previous,
            "following": following,
            "upcoming": FollowUp.objects.planned()
            .filter(planned_on__gte=timezone.localdate())
            .select_related("state")[:10],
        },
    )


@login_required
def demarche_calendar_ics(request):
    """The planned démarches, bilateral meetings and follow-ups as an iCalendar feed (Committee only)."""
    outreach_section_for(request.user)
    from icalendar import Calendar, Event

    feed = Calendar()
    feed.add("prodid", "-//ISU-CCM//CCM Portal outreach//EN")
    feed.add("version", "2.0")
    feed.add("x-wr-calname", "CCM outreach: démarches and follow-ups")
    since = timezone.localdate() - datetime.timedelta(days=365)
    for followup in FollowUp.objects.filter(planned_on__gte=since).select_related("state"):
        event = Event()
        event.add("uid", f"outreach-followup-{followup.pk}@ccm-portal")
        event.add("summary", f"{followup.get_kind_display()}: {followup.state.name}")
        event.add("dtstart", followup.planned_on)
        event.add("dtend", followup.planned_on + datetime.timedelta(days=1))
        event.add("dtstamp", followup.created_at)
        if followup.place:
            event.add("location", followup.place)
        event.add("description", followup.notes or "")
        feed.add_component(event)
    return HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
