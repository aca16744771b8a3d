"""Who is invited to a meeting, and who may answer the invitation for a delegation.

The Committee of a meeting is taken as the delegations of the States holding a mandate
(Coordinators) in the meeting's term, plus the term's Presidency: the directory records no
other "member delegation". A meeting without a term invites nobody."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from directory.models import Contact, Delegation

from ..models import RSVP, Meeting


def invited_delegations(meeting: Meeting) -> QuerySet[Delegation]:
    """The delegations of the Committee for the meeting's term (none without a term)."""
    if meeting.term_id is None:
        return Delegation.objects.none()
    return Delegation.objects.filter(
        Q(state__mandates__term_id=meeting.term_id) | Q(state__presidencies__pk=meeting.term_id)
    ).distinct()


def _unique(addresses) -> list[str]:
    return sorted({address.strip().lower(): address.strip() for address in addresses if address.strip()}.values())


def delegation_addresses(delegations) -> dict[int, list[str]]:
    """Each delegation's addresses (by delegation pk): the correspondence (for_mission) contacts of
    its State and the active portal users whose person belongs to it. Two queries."""
    found: dict[int, list[str]] = {}
    contacts = (
        Contact.objects.filter(for_mission=True, state__delegation__in=delegations)
        .exclude(email="")
        .values_list("state__delegation", "email")
    )
    users = (
        get_user_model()
        .objects.filter(is_active=True, person__delegation__in=delegations)
        .exclude(email="")
        .values_list("person__delegation", "email")
    )
    for delegation_id, address in [*contacts, *users]:
        found.setdefault(delegation_id, []).append(address)
    return {delegation_id: _unique(addresses) for delegation_id, addresses in found.items()}


def invitation_addresses(meeting: Meeting) -> list[str]:
    """The e-mail addresses the invitation goes to: the correspondence (for_mission) contacts of
    the invited States, and the active portal users whose person belongs to an invited delegation."""
    per_delegation = delegation_addresses(invited_delegations(meeting))
    return _unique(address for addresses in per_delegation.values() for address in addresses)


def invitation_answers(meeting: Meeting) -> list[tuple[Delegation, RSVP | None]]:
    """Each invited delegation with its answer (None: no answer yet), by name: two queries."""
    answers = {rsvp.delegation_id: rsvp for rsvp in RSVP.objects.filter(meeting=meeting)}
    return [(delegation, answers.get(delegation.pk)) for delegation in invited_delegations(meeting).order_by("name")]


def rsvp_delegation_for(user, pk) -> tuple[Meeting, Delegation]:
    """The planned meeting whose invitation went out, and the user's delegation, when that
    delegation is invited; 404 for everybody else (whether the meeting exists or not)."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None or person.delegation_id is None:
        raise Http404
    meeting = get_object_or_404(Meeting.objects.filter(status=Meeting.Status.PLANNED, invitation__isnull=False), pk=pk)
    delegation = invited_delegations(meeting).filter(pk=person.delegation_id).first()
    if delegation is None:
        raise Http404
    return meeting, delegation
