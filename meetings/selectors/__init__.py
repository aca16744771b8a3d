"""The reads of the meetings app: who reaches what, and the queries the pages share.

- access.py: the one loader per object kind (404 for what a user may not see, 403 for what they
  see but may not change)
- meetings.py: the meetings list, the agenda tree, attendance by delegation, the attendance roster
  (with the Committee's members of a term)
- invitations.py: who is invited to a meeting, who answers for a delegation
- minutes.py: a version of the minutes item by item with its record and comments
- redline.py: two versions compared item by item, an item's history edit by edit, the open
  comments beside an item being edited
- summaries.py: the summary's sections, participants and findings; the public pages' reads
- summary_review.py: the signed link to a circulated draft summary, its recipients, the comments
"""

from .access import action_for, can_write, meeting_for, meetings_section_for, my_action_for, my_actions_for
from .invitations import (
    delegation_addresses,
    invitation_addresses,
    invitation_answers,
    invited_delegations,
    rsvp_delegation_for,
)
from .meetings import (
    action_list_for,
    agenda_tree,
    attendance_by_delegation,
    attendance_roster,
    committee_delegations,
    meeting_agenda,
    meeting_list_for,
    minutes_status_subquery,
    with_committee_members,
    with_people_of,
)
from .minutes import minutes_attendance, minutes_sections
from .redline import (
    chosen_versions,
    comparable_versions,
    corrected_version,
    item_history,
    minutes_redline,
    open_comments,
)
from .summaries import (
    meeting_participants,
    open_meetings,
    published_summaries,
    search_summaries,
    summary_findings,
    summary_sections,
)
from .summary_review import (
    Review,
    ReviewRefused,
    review_for,
    review_recipients,
    review_token,
    summary_comments_by_part,
)

__all__ = [
    "Review",
    "ReviewRefused",
    "action_for",
    "action_list_for",
    "agenda_tree",
    "attendance_by_delegation",
    "attendance_roster",
    "can_write",
    "committee_delegations",
    "delegation_addresses",
    "chosen_versions",
    "comparable_versions",
    "corrected_version",
    "invitation_addresses",
    "invitation_answers",
    "invited_delegations",
    "item_history",
    "meeting_agenda",
    "meeting_for",
    "meeting_list_for",
    "meeting_participants",
    "meetings_section_for",
    "minutes_redline",
    "minutes_attendance",
    "minutes_sections",
    "minutes_status_subquery",
    "my_action_for",
    "my_actions_for",
    "open_comments",
    "open_meetings",
    "published_summaries",
    "review_for",
    "review_recipients",
    "review_token",
    "rsvp_delegation_for",
    "search_summaries",
    "summary_comments_by_part",
    "summary_findings",
    "summary_sections",
    "with_committee_members",
    "with_people_of",
]
