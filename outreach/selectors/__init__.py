"""The reads of outreach: access.py loads one object for a page (404 outside the Committee, 403
without the permission), dashboard.py the ISU dashboard's panels, portal.py a focal point's
letters, history.py a State's outreach history. The loaders are re-exported here: every view
imports them as `from ..selectors import letter_for`."""

from .access import (
    campaign_for,
    coordinated_areas,
    followup_for,
    letter_for,
    outreach_section_for,
    outreach_state_for,
    response_for,
    template_for,
)

__all__ = [
    "campaign_for",
    "coordinated_areas",
    "followup_for",
    "letter_for",
    "outreach_section_for",
    "outreach_state_for",
    "response_for",
    "template_for",
]
