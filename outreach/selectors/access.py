"""The loaders every outreach view uses: one per object kind.

The outreach pages are the Committee's (ISU staff and Coordinators): to anybody else every one
of them answers 404, whether the object exists or not. A Committee member who sees an object but
may not change it gets 403 (the rules are in outreach.rules). A focal point reads the letters
sent to their State on their portal page and through the documents (Letter.objects.visible_to).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from coordinators.rules import coordinated_area_ids
from directory.models import State, ThematicArea
from directory.roles import is_isu_staff

from ..models import Campaign, FollowUp, Letter, LetterTemplate, Response


def outreach_section_for(user, *, perm: str | None = None) -> None:
    """For pages about no one object: 404 for anybody outside the Committee; with perm, 403 for a
    Committee member without that permission."""
    if not user.has_perm("outreach.view"):
        raise Http404
    if perm is not None and not user.has_perm(perm):
        raise PermissionDenied


def campaign_for(user, pk, *, write: bool = False) -> Campaign:
    outreach_section_for(user)
    campaign = get_object_or_404(
        Campaign.objects.visible_to(user).select_related("term", "area", "template", "created_by"), pk=pk
    )
    if write and not user.has_perm("outreach.manage_campaign", campaign):
        raise PermissionDenied
    return campaign


def letter_for(user, pk, *, write: bool = False) -> Letter:
    outreach_section_for(user)
    letter = get_object_or_404(
        Letter.objects.visible_to(user).select_related(
            "campaign", "campaign__term", "campaign__area", "state", "document", "owner"
        ),
        pk=pk,
    )
    if write and not user.has_perm("outreach.manage_campaign", letter.campaign):
        raise PermissionDenied
    return letter


def response_for(user, pk) -> Response:
    """A State's answer to a letter, on the same terms as the letter (read only)."""
    outreach_section_for(user)
    return get_object_or_404(
        Response.objects.filter(letter__in=Letter.objects.visible_to(user)).select_related("letter"), pk=pk
    )


def followup_for(user, pk, *, write: bool = False) -> FollowUp:
    """A follow-up; the ISU or the person who planned it records it as done."""
    outreach_section_for(user)
    followup = get_object_or_404(FollowUp.objects.visible_to(user), pk=pk)
    if write and not (is_isu_staff(user) or followup.owner_id == user.pk):
        raise PermissionDenied
    return followup


def template_for(user, pk, *, write: bool = False) -> LetterTemplate:
    outreach_section_for(user)
    template = get_object_or_404(LetterTemplate, pk=pk)
    if write and not user.has_perm("outreach.edit_template", template):
        raise PermissionDenied
    return template


def outreach_state_for(user, pk, *, perm: str | None = None) -> State:
    """A State's outreach history (every State, for the Committee); with perm, 403 for a member
    without that permission (adding contacts, planning follow-ups)."""
    outreach_section_for(user)
    state = get_object_or_404(State, pk=pk)
    if perm is not None and not user.has_perm(perm):
        raise PermissionDenied
    return state


def coordinated_areas(user):
    """The thematic areas the user coordinates in the current term (a Coordinator's choices)."""
    return ThematicArea.objects.filter(pk__in=coordinated_area_ids(user))
