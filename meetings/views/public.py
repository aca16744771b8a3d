"""The public pages: no login. Only published summaries and open meetings ever appear here."""

from __future__ import annotations

import datetime
import functools
import logging
import time

from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from documents.params import SearchParams, read_params
from pagecache import store

from ..models import Meeting, PublicSummary, SummaryEvent
from ..pdfs import summary_pdf_for
from ..selectors import open_meetings, published_summaries, search_summaries, summary_sections

logger = logging.getLogger(__name__)

RECENT = 5
PUBLIC_CACHE_SECONDS = 300
PDF_PENDING_CACHE_SECONDS = 20  # a summary whose PDF is being rendered: its link shows up soon after
# How long a process trusts the change stamp it read before asking the database again. A change
# made in this process resets it at once; a change made in another shows here within this time.
STAMP_SECONDS = 1.0
# Rendered in place of the CSRF token in a cached page, replaced by the visitor's own on each request.
CSRF_PLACEHOLDER = "csrf-token-of-the-visitor-7f3c1e"
CSRF_PLACEHOLDER_BYTES = CSRF_PLACEHOLDER.encode()


@functools.cache
def _stamp_sql() -> str:
    quote = connection.ops.quote_name
    events, history = SummaryEvent._meta.db_table, Meeting.history.model._meta.db_table
    latest = "(SELECT {id} || '@' || {at} FROM {table} ORDER BY {id} DESC LIMIT 1)"
    return "SELECT " + ", ".join(
        [
            latest.format(id=quote("id"), at=quote("at"), table=quote(events)),
            latest.format(id=quote("history_id"), at=quote("history_date"), table=quote(history)),
        ]
    )


class _StampMemo:
    value: str | None = None
    until: float = 0.0
    generation: int = 0  # bumped by every reset: a read begun before a reset is not kept


_stamp_memo = _StampMemo()


def forget_public_stamp() -> None:
    """Read the stamp from the database on the next request, in every thread of this process
    (connected in meetings/apps.py to the saves that change it, and run again once their
    transaction commits)."""
    _stamp_memo.generation += 1
    _stamp_memo.until = 0.0


def _public_stamp() -> str:
    """What the public pages show last changed: every step of a summary (generated, published,
    withdrawn...) is a SummaryEvent and every save of a meeting a history row. It is part of each
    cached page's key, so a page is not served once what it shows has changed: at once in the
    process that changed it, within STAMP_SECONDS in every other, whatever the cache back end.
    The times are there too, so that databases rolled back and refilled (tests) never share a
    stamp. One round trip on two primary-key indexes, in SQL written once, at most once every
    STAMP_SECONDS per process: under load the public pages cost no query (bench/README.md)."""
    now, generation = time.monotonic(), _stamp_memo.generation
    if _stamp_memo.value is not None and now < _stamp_memo.until:
        return _stamp_memo.value
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql())
        row = cursor.fetchone()
    stamp = "|".join(str(value) for value in row).replace(" ", "T")
    if generation == _stamp_memo.generation:
        _stamp_memo.value, _stamp_memo.until = stamp, now + STAMP_SECONDS
    return stamp


def public_page_key(name: str, path: str) -> str:
    """The key a public page is kept under: what decides its content (the page, the active
    language, the path, the day) and the stamp of what it shows."""
    return f"public-page:b:{name}:{get_language()}:{path}:{timezone.localdate()}:{_public_stamp()}"


def page_for_visitor(kept: bytes, request) -> HttpResponse:
    """A kept public page (its HTML as bytes: nothing to encode again per request) with the
    visitor's own CSRF token put in."""
    return HttpResponse(kept.replace(CSRF_PLACEHOLDER_BYTES, get_token(request).encode()))


# The public pages kept for anonymous visitors, by view: what ccm_portal's KeptPublicPageMiddleware
# may serve before the middleware a kept page does not need.
KEPT_PAGES = {}


def kept_public_page(view, path: str) -> bytes | None:
    """The HTML (UTF-8) kept for an anonymous visitor's GET of `path` (answered by `view`), with the
    placeholder for the CSRF token still in it; None when none is kept (the view then builds
    it). Called in the active language of the request."""
    name = KEPT_PAGES.get(view)
    if name is None:
        return None
    return store.get(public_page_key(name, path))


def _cached_public_page(request, name: str, build):
    """An anonymous visitor's GET of a public page, from the cache when what it shows has not
    changed. `build(csrf_token)` renders the page and says for how long it may be kept. The page is
    kept with a placeholder for the CSRF token (the language form and htmx use it), replaced by
    the visitor's own token on every request. Logged-in users, queries and pending messages get
    the page rendered for them."""
    if request.user.is_authenticated or request.GET or len(messages.get_messages(request)):
        return build(None)[0]
    key = public_page_key(name, request.path)
    try:
        html = store.get(key)
    except Exception:  # a shared cache (CACHE_URL) that does not answer: serve the page uncached
        logger.warning("Cache unavailable; public page %s built without it", request.path, exc_info=True)
        return build(None)[0]
    if html is None:
        response, seconds = build(CSRF_PLACEHOLDER)
        if response.status_code != 200:
            return response
        html = response.content
        try:
            store.set(key, html, seconds)
        except Exception:
            logger.warning("Cache unavailable; public page %s not kept", request.path, exc_info=True)
    return page_for_visitor(html, request)


def _with_token(context: dict, csrf_token: str | None) -> dict:
    return {**context, "csrf_token": csrf_token} if csrf_token else context


def home(request):
    def build(csrf_token):
        published = published_summaries()
        upcoming = open_meetings().filter(date__gte=timezone.localdate()).order_by("date", "start_time")
        context = {"summaries": published[:RECENT], "upcoming": upcoming[:RECENT], "total": published.count()}
        return render(request, "public/home.html", _with_token(context, csrf_token)), PUBLIC_CACHE_SECONDS

    return _cached_public_page(request, "home", build)


def summary_detail(request, pk):
    def build(csrf_token):
        summary = get_object_or_404(PublicSummary.objects.published().select_related("meeting"), pk=pk)
        pdf = summary_pdf_for(summary, published=True)
        context = {"summary": summary, "sections": summary_sections(summary), "pdf": pdf}
        seconds = PUBLIC_CACHE_SECONDS if pdf and pdf.is_ready else PDF_PENDING_CACHE_SECONDS
        return render(request, "public/summary_detail.html", _with_token(context, csrf_token)), seconds

    return _cached_public_page(request, "summary", build)


KEPT_PAGES.update({home: "home", summary_detail: "summary"})


def summary_pdf(request, pk):
    summary = get_object_or_404(PublicSummary.objects.published(), pk=pk)
    document = summary_pdf_for(summary, published=True)
    if document is None or not document.is_ready:
        raise Http404(_("The PDF of this summary is being prepared."))
    return redirect("documents:document-download", pk=document.pk)


def search(request):
    query = read_params(request, SearchParams).get("q", "")
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
