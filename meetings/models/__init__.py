"""The models of the meetings app, one module per family; every model is imported here so that
Django registers them and `from meetings.models import X` works for all.

- meeting.py: Meeting, AgendaItem, Attendance
- minutes.py: Minutes, MinutesItem, Statement, MinutesComment, Decision
- actions.py: ActionItem
- summary.py: ParticipantCategory, MeetingParticipant, PublicSummary, SummaryEntry, LeakFinding, SummaryEvent,
  SummaryComment
- imports.py: ImportedDocument, PendingImport
- invitations.py: Invitation, RSVP
"""

from .actions import ActionItem, ActionItemQuerySet
from .imports import ImportedDocument, PendingImport
from .invitations import RSVP, Invitation
from .meeting import AgendaItem, Attendance, Meeting, MeetingQuerySet
from .minutes import Decision, Minutes, MinutesComment, MinutesItem, MinutesQuerySet, Statement
from .summary import (
    DEFAULT_CATEGORIES,
    CategoryQuerySet,
    LeakFinding,
    MeetingParticipant,
    ParticipantCategory,
    PublicSummary,
    SummaryComment,
    SummaryEntry,
    SummaryEvent,
    SummaryQuerySet,
)

__all__ = [
    "DEFAULT_CATEGORIES",
    "ActionItem",
    "ActionItemQuerySet",
    "AgendaItem",
    "Attendance",
    "CategoryQuerySet",
    "Decision",
    "ImportedDocument",
    "Invitation",
    "LeakFinding",
    "Meeting",
    "MeetingParticipant",
    "MeetingQuerySet",
    "Minutes",
    "MinutesComment",
    "MinutesItem",
    "MinutesQuerySet",
    "ParticipantCategory",
    "PendingImport",
    "PublicSummary",
    "RSVP",
    "Statement",
    "SummaryComment",
    "SummaryEntry",
    "SummaryEvent",
    "SummaryQuerySet",
]
