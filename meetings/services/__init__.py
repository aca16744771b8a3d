"""The write operations of the meetings app, each one transaction that checks its rules.

Views call these; nothing else writes meetings, agendas, attendance, minutes, action items or
summaries. A refusal is a ValidationError whose message is shown to the user as it is.

- meetings.py: meeting_create, meeting_update
- agenda.py: agenda items added, moved, removed, renumbered; the standard agenda proposed
- attendance.py: AttendanceRow, attendance_record
- minutes.py: minutes started, edited, circulated, commented, approved, corrected; statements, decisions
- actions.py: action items created, updated and marked done
- locking.py: EditConflict and the optimistic lock the edits share
- summaries.py: the sanitised public summary (categories, generation, leak check, publication)
- importing.py: existing minutes reviewed, then imported as a draft meeting

The service functions are re-exported here: `from meetings import services; services.x(...)`.
"""

from . import importing, summaries
from .actions import action_item_complete, action_item_create, action_item_update
from .agenda import agenda_item_add, agenda_item_delete, agenda_item_move, agenda_propose, agenda_renumber
from .attendance import AttendanceRow, attendance_record
from .invitations import invitation_send, rsvp_answer
from .locking import EditConflict
from .meetings import meeting_create, meeting_update
from .minutes import (
    approving_meetings,
    decision_add,
    minutes_approval_check,
    minutes_approve,
    minutes_circulate,
    minutes_comment_add,
    minutes_comment_settle,
    minutes_correct,
    minutes_item_update,
    minutes_start,
    minutes_update,
    statement_add,
    statement_delete,
)

__all__ = [
    "AttendanceRow",
    "EditConflict",
    "action_item_complete",
    "action_item_create",
    "action_item_update",
    "agenda_item_add",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_propose",
    "agenda_renumber",
    "approving_meetings",
    "attendance_record",
    "decision_add",
    "importing",
    "invitation_send",
    "meeting_create",
    "meeting_update",
    "minutes_approval_check",
    "minutes_approve",
    "minutes_circulate",
    "minutes_comment_add",
    "minutes_comment_settle",
    "minutes_correct",
    "minutes_item_update",
    "minutes_start",
    "minutes_update",
    "rsvp_answer",
    "statement_add",
    "statement_delete",
    "summaries",
]
