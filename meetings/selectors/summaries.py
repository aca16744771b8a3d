"""The reads of the summary pages, the ISU's and the public's: the detailed record under its
headings, the delegations with their categories, the open meetings, the published summaries
and their search."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

from ..models import LeakFinding, Meeting, MeetingParticipant, PublicSummary


def summary_sections(summary) -> list[tuple[str, list]]:
    """The detailed record grouped under its headings, in order."""
    sections: list[tuple[str, list]] = []
    for entry in summary.entries.all():
        if not sections or sections[-1][0] != entry.section:
            sections.append((entry.section, []))
        sections[-1][1].append(entry)
    return sections


def meeting_participants(meeting: Meeting) -> QuerySet[MeetingParticipant]:
    """The delegations of a meeting with their category (proposed and confirmed), by name."""
    return meeting.participants.select_related("delegation", "category", "proposed_category").order_by(
        "delegation__name"
    )


def summary_findings(summary: PublicSummary) -> tuple[QuerySet[LeakFinding], QuerySet[LeakFinding]]:
    """The leak check's findings still open, and those fixed or waived (with who did it)."""
    return (
        summary.findings.filter(resolution=LeakFinding.Resolution.OPEN),
        summary.findings.exclude(resolution=LeakFinding.Resolution.OPEN).select_related("resolved_by"),
    )


def open_meetings() -> QuerySet[Meeting]:
    """Meetings the public may know of: open, not cancelled."""
    return Meeting.objects.filter(confidentiality=Meeting.Confidentiality.OPEN).exclude(status=Meeting.Status.CANCELLED)


def published_summaries() -> QuerySet[PublicSummary]:
    """The published summaries with their meeting, the latest meeting first."""
    return PublicSummary.objects.published().select_related("meeting").order_by("-meeting__date")


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
