"""The write operations of the meetings app, each one transaction that checks its rules.

Views call these; nothing else writes meetings, agendas, attendance, minutes, action items or
summaries. A refusal is a ValidationError whose message is shown to the user as it is.

- meetings.py: meeting_create, meeting_update
- agenda.py: agenda items added, moved, renamed, removed, renumbered; the agenda of its kind proposed
- attendance.py: AttendanceRow, attendance_record, person_add (a new person from the attendance page)
- minutes.py: minutes started, edited, circulated, commented, approved, corrected; statements, decisions
- actions.py: action items created, updated and marked done
- locking.py: EditConflict and the optimistic lock the edits share
- summaries.py: the sanitised public summary (categories, generation, leak check, publication)
- summary_comments.py: the participants' links to a circulated draft summary, their comments, settled
- importing.py: existing minutes reviewed, then imported as a draft meeting
- pending_imports.py: uploaded minutes kept for their review, corrected, then imported or cancelled

The service functions are re-exported here: `from meetings import services; services.x(...)`.
"""

from . import importing, summaries, summary_comments
from .actions import action_item_complete, action_item_create, action_item_update
from .agenda import (
    agenda_item_add,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_rename,
    agenda_propose,
    agenda_renumber,
    agenda_template_for,
)
from .attendance import AttendanceRow, attendance_record, person_add
from .invitations import invitation_cancel, invitation_reminders_send, invitation_send, rsvp_answer
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
    "agenda_item_rename",
    "agenda_propose",
    "agenda_renumber",
    "agenda_template_for",
    "approving_meetings",
    "attendance_record",
    "decision_add",
    "importing",
    "invitation_cancel",
    "invitation_reminders_send",
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
    "person_add",
    "rsvp_answer",
    "statement_add",
    "statement_delete",
    "summaries",
    "summary_comments",
]
