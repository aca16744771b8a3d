"""Forms of the meetings pages. They validate input; the services (meetings/services/) write.

- base.py: what the forms share (date inputs, people, compact filters, crispy layouts)
- meetings.py: the meeting, the list's filters, agenda items
- attendance.py: the attendance rows, adding a delegation's people, a new person on a line
- minutes.py: the minutes pages (text, statements, decisions, action items, circulation,
  comments, approval, correction, query parameters)
- actions.py: the action items pages (edit, filters)
- summary.py: the public summary page, and a participant's comment on the circulated draft
- imports.py: the upload of existing minutes, the corrections of its review
"""

from .actions import ActionDoneForm, ActionFilterForm, ActionItemEditForm
from .attendance import (
    AddDelegationForm,
    AttendanceChoices,
    AttendanceFormSet,
    AttendanceRowForm,
    BaseAttendanceFormSet,
    NewPersonForm,
)
from .imports import CorrectionForm, UploadForm
from .invitations import RSVPForm
from .meetings import AgendaItemForm, MeetingFilterForm, MeetingForm
from .minutes import (
    ActionItemForm,
    ApproveForm,
    CirculateForm,
    CommentForm,
    CorrectForm,
    DecisionForm,
    MinutesItemForm,
    MinutesParams,
    RedlineParams,
    SettleCommentForm,
    StatementForm,
)
from .summary import DeadlineForm, EntryForm, ReasonForm, ReasonParams, ReviewCommentForm, SummaryForm

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
    "CorrectionForm",
    "DeadlineForm",
    "DecisionForm",
    "EntryForm",
    "MeetingFilterForm",
    "MeetingForm",
    "MinutesItemForm",
    "MinutesParams",
    "NewPersonForm",
    "RSVPForm",
    "ReasonForm",
    "ReasonParams",
    "RedlineParams",
    "ReviewCommentForm",
    "SettleCommentForm",
    "StatementForm",
    "SummaryForm",
    "UploadForm",
]
