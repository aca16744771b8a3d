"""The reads of the meetings app: who reaches what, and the queries the pages share.

- access.py: the one loader per object kind (404 for what a user may not see, 403 for what they
  see but may not change)
- meetings.py: the meetings list, the agenda tree, attendance by delegation, the attendance roster
- invitations.py: who is invited to a meeting, who answers for a delegation
- minutes.py: a version of the minutes item by item with its record and comments
- summaries.py: the summary's sections, participants and findings; the public pages' reads
"""

from .access import action_for, can_write, meeting_for, meetings_section_for, my_action_for, my_actions_for
from .invitations import invitation_addresses, invited_delegations, rsvp_delegation_for
from .meetings import (
    action_list_for,
    agenda_tree,
    attendance_by_delegation,
    attendance_roster,
    meeting_agenda,
    meeting_list_for,
    minutes_status_subquery,
    with_people_of,
)
from .minutes import minutes_sections
from .summaries import (
    meeting_participants,
    open_meetings,
    published_summaries,
    search_summaries,
    summary_findings,
    summary_sections,
)

__all__ = [
    "action_for",
    "action_list_for",
    "agenda_tree",
    "attendance_by_delegation",
    "attendance_roster",
    "can_write",
    "invitation_addresses",
    "invited_delegations",
    "meeting_agenda",
    "meeting_for",
    "meeting_list_for",
    "meeting_participants",
    "meetings_section_for",
    "minutes_sections",
    "minutes_status_subquery",
    "my_action_for",
    "my_actions_for",
    "open_meetings",
    "published_summaries",
    "rsvp_delegation_for",
    "search_summaries",
    "summary_findings",
    "summary_sections",
    "with_people_of",
]
