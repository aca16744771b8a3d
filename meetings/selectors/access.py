"""Who reaches which meeting, and the one loader per object kind every meetings view uses.

Committee members (ISU staff and Coordinators) see the meetings, their circulated minutes and
action items; ISU staff change them. To anybody else a meeting does not exist: 404, the same
answer as for a meeting that really does not exist. 403 only for a user who sees the object
but may not change it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from directory import roles

from ..models import ActionItem, Meeting


def can_write(user) -> bool:
    """ISU staff change meetings, minutes, summaries and action items."""
    return roles.is_isu_staff(user)


def meetings_section_for(user, *, write: bool = False) -> None:
    """For pages about no one meeting (lists, new meeting, import): 404 when the user sees no
    meeting at all, 403 when they see them but may not create or change any (write=True)."""
    if not roles.is_committee_member(user):
        raise Http404
    if write and not can_write(user):
        raise PermissionDenied


def meeting_for(user, pk, *, write: bool = False, queryset=None) -> Meeting:
    """The meeting, if this user may see it (404 otherwise, whether it exists or not); with
    write=True, 403 when they see it but may not change it."""
    queryset = queryset if queryset is not None else Meeting.objects.all()
    meeting = get_object_or_404(queryset.visible_to(user), pk=pk)
    if write and not can_write(user):
        raise PermissionDenied
    return meeting


def action_for(user, pk, *, write: bool = False) -> ActionItem:
    """The action item, on the same terms as its meeting."""
    action = get_object_or_404(ActionItem.objects.visible_to(user).with_related(), pk=pk)
    if write and not can_write(user):
        raise PermissionDenied
    return action
