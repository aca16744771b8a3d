"""Who reaches which meeting, and the one loader per object kind every meetings view uses.

Committee members (ISU staff and Coordinators) see the meetings, their circulated minutes and
action items; ISU staff change them. To anybody else a meeting does not exist: 404, the same
answer as for a meeting that really does not exist. 403 only for a user who sees the object
but may not change it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

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


def _own_actions(user):
    """The action items assigned to this user's person, or to the delegation that person is in."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return ActionItem.objects.none()
    mine = Q(owner_person=person)
    if person.delegation_id:
        mine |= Q(owner_delegation_id=person.delegation_id)
    return ActionItem.objects.filter(mine)


def my_actions_for(user) -> QuerySet[ActionItem]:
    """The open action items of this user or of their delegation, overdue ones first, then by due
    date (undated last)."""
    today = timezone.localdate()
    return (
        _own_actions(user)
        .open()
        .with_related()
        .annotate(late=Case(When(due_date__lt=today, then=Value(0)), default=Value(1)))
        .order_by("late", F("due_date").asc(nulls_last=True), "pk")
    )


def my_action_for(user, pk) -> ActionItem:
    """An action item this user may mark done: their own or their delegation's, or any for ISU
    staff. 404 for anybody else, whether it exists or not."""
    queryset = ActionItem.objects.all() if roles.is_isu_staff(user) else _own_actions(user)
    return get_object_or_404(queryset.with_related(), pk=pk)
