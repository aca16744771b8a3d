"""The public pages: no login. Only published summaries and open meetings ever appear here."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .documents import summary_pdf_for, summary_sections
from .models import Meeting
from .models_summary import PublicSummary

RECENT = 5


def open_meetings():
    """Meetings the public may know of: open, not cancelled."""
    return Meeting.objects.filter(confidentiality=Meeting.Confidentiality.OPEN).exclude(status=Meeting.Status.CANCELLED)


def home(request):
    published = PublicSummary.objects.published().select_related("meeting").order_by("-meeting__date")
    upcoming = open_meetings().filter(date__gte=timezone.localdate()).order_by("date", "start_time")
    return render(
        request,
        "public/home.html",
        {"summaries": published[:RECENT], "upcoming": upcoming[:RECENT], "total": published.count()},
    )


def summary_detail(request, pk):
    summary = get_object_or_404(PublicSummary.objects.published().select_related("meeting"), pk=pk)
    return render(
        request,
        "public/summary_detail.html",
        {"summary": summary, "sections": summary_sections(summary), "pdf": summary_pdf_for(summary, published=True)},
    )


def summary_pdf(request, pk):
    summary = get_object_or_404(PublicSummary.objects.published(), pk=pk)
    document = summary_pdf_for(summary, published=True)
    if document is None or not document.is_ready:
        raise Http404(_("The PDF of this summary is being prepared."))
    return redirect("documents:document-download", pk=document.pk)


def search_summaries(query: str):
    """Published summaries matching the words: PostgreSQL full-text search, or a plain
    case-insensitive match of every word on SQLite."""
    published = PublicSummary.objects.published().select_related("meeting")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("title", weight="A")
            + SearchVector("key_points", weight="B")
            + SearchVector("introduction", weight="B")
            + SearchVector("entries__text", weight="C")
        )
        search = SearchQuery(query, search_type="websearch", config="english")
        matches = (
            published.annotate(rank=SearchRank(vector, search))
            .filter(rank__gt=0)
            .order_by("pk", "-rank")
            .distinct("pk")
        )
        ids = [s.pk for s in sorted(matches, key=lambda s: -s.rank)]
        by_id = {s.pk: s for s in published.filter(pk__in=ids)}
        return [by_id[i] for i in ids]
    condition = Q()
    for word in query.split():
        condition &= (
            Q(title__icontains=word)
            | Q(key_points__icontains=word)
            | Q(introduction__icontains=word)
            | Q(entries__text__icontains=word)
        )
    return list(published.filter(condition).distinct().order_by("-meeting__date"))


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = search_summaries(query) if query else []
    return render(request, "public/search.html", {"query": query, "results": results})


def calendar_feed(request):
    """iCalendar feed of the open meetings (times are Geneva time)."""
    from zoneinfo import ZoneInfo

    from icalendar import Calendar, Event

    geneva = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//ISU-CCM//CCM Portal//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "CCM meetings")
    since = timezone.localdate() - datetime.timedelta(days=365)
    for meeting in open_meetings().filter(date__gte=since).order_by("date"):
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@ccm-portal")
        event.add("summary", meeting.title)
        if meeting.start_time:
            event.add("dtstart", datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=geneva))
            end = meeting.end_time or meeting.start_time
            event.add("dtend", datetime.datetime.combine(meeting.date, end, tzinfo=geneva))
        else:
            event.add("dtstart", meeting.date)
        if meeting.venue:
            event.add("location", meeting.venue)
        event.add("dtstamp", timezone.now())
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ccm-meetings.ics"'
    return response
