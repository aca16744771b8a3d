"""Who may do what with outreach.

ISU staff manage everything. A Coordinator manages (creates, edits, generates, sends, logs the
answers of) the campaigns of an area their State coordinates in the current term, and edits
that area's paragraphs; a consolidated campaign, or one without an area, needs the ISU.
Committee members read; focal points and the public see nothing (404 / login).
"""

import rules

from coordinators.rules import coordinated_area_ids
from directory.models import Term
from directory.roles import is_committee_member, is_isu_staff


def _current_term_id():
    term = Term.objects.current()
    return term.pk if term else None


@rules.predicate
def coordinates_campaign_area(user, campaign) -> bool:
    if campaign is None or not user.is_authenticated or campaign.needs_isu:
        return False
    return campaign.term_id == _current_term_id() and campaign.area_id in coordinated_area_ids(user)


@rules.predicate
def coordinates_template_area(user, template) -> bool:
    if template is None or not user.is_authenticated or template.area_id is None:
        return False
    return template.area_id in coordinated_area_ids(user)


@rules.predicate
def coordinates_some_area(user) -> bool:
    return bool(coordinated_area_ids(user)) if user.is_authenticated else False


rules.add_perm("outreach.view", is_committee_member)
rules.add_perm("outreach.manage_campaign", is_isu_staff | coordinates_campaign_area)
rules.add_perm("outreach.create_campaign", is_isu_staff | coordinates_some_area)
rules.add_perm("outreach.edit_template", is_isu_staff | coordinates_template_area)
rules.add_perm("outreach.create_template", is_isu_staff | coordinates_some_area)
rules.add_perm("outreach.manage_contacts", is_isu_staff)
rules.add_perm("outreach.plan_followup", is_isu_staff | coordinates_some_area)
rules.add_perm("outreach.run_reminders", is_isu_staff)
