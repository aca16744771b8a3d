"""Forms of the meetings pages. They validate input; the services (meetings/services/) write.

- base.py: what the forms share (date inputs, people, compact filters, crispy layouts)
- meetings.py: the meeting, the list's filters, agenda items, attendance
- minutes.py: the minutes pages (text, statements, decisions, action items, circulation,
  comments, approval, correction, query parameters)
- actions.py: the action items pages (edit, filters)
- summary.py: the public summary page
- imports.py: the upload of existing minutes
"""

from .actions import ActionDoneForm, ActionFilterForm, ActionItemEditForm
from .imports import UploadForm
from .invitations import RSVPForm
from .meetings import (
    AddDelegationForm,
    AgendaItemForm,
    AttendanceChoices,
    AttendanceFormSet,
    AttendanceRowForm,
    BaseAttendanceFormSet,
    MeetingFilterForm,
    MeetingForm,
)
from .minutes import (
    ActionItemForm,
    ApproveForm,
    CirculateForm,
    CommentForm,
    CorrectForm,
    DecisionForm,
    MinutesItemForm,
    MinutesParams,
    SettleCommentForm,
    StatementForm,
)
from .summary import DeadlineForm, EntryForm, ReasonForm, ReasonParams, SummaryForm

__all__ = [
    "ActionDoneForm",
    "ActionFilterForm",
    "ActionItemEditForm",
    "ActionItemForm",
    "AddDelegationForm",
    "AgendaItemForm",
    "ApproveForm",
    "AttendanceChoices",
    "AttendanceFormSet",
    "AttendanceRowForm",
    "BaseAttendanceFormSet",
    "CirculateForm",
    "CommentForm",
    "CorrectForm",
    "DeadlineForm",
    "DecisionForm",
    "EntryForm",
    "MeetingFilterForm",
    "MeetingForm",
    "MinutesItemForm",
    "MinutesParams",
    "RSVPForm",
    "ReasonForm",
    "ReasonParams",
    "SettleCommentForm",
    "StatementForm",
    "SummaryForm",
    "UploadForm",
]
