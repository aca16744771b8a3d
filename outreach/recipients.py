"""Who a campaign writes to: categories of States read from the register, the Coordinators'
target lists, or States chosen by hand; and the letters already sent to them in the period."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coordinators.models import TargetState
from directory.models import Article7Report, Obligation, State, TreatyStatus

CATEGORIES = {
    "signatory": _("Signatories"),
    "unga": _("States not party that voted for the UNGA resolution on the Convention"),
    "mbc": _("Parties to the Mine Ban Convention not party to this one"),
    "not-party": _("Every other State not party (in the register)"),
    "overdue-report": _("States Parties with an overdue Article 7 report"),
    "deadline": _("States Parties with an Article 3 or 4 deadline ahead"),
}
UNIVERSALIZATION = ("signatory", "unga", "mbc", "not-party")


def _ccm_parties():
    return TreatyStatus.objects.filter(convention__code="ccm", status=TreatyStatus.Status.PARTY).values("state_id")


def category_states(category: str, *, deadline_years: int = 3, today: datetime.date | None = None):
    """The States of one category, as a queryset."""
    today = today or timezone.localdate()
    if category == "signatory":
        return State.objects.filter(
            treaty_statuses__convention__code="ccm", treaty_statuses__status=TreatyStatus.Status.SIGNATORY
        )
    if category == "unga":
        return (
            State.objects.filter(unga_votes__vote="yes")
            .exclude(pk__in=_ccm_parties())
            .exclude(treaty_statuses__convention__code="ccm")
        )
    if category == "mbc":
        return State.objects.filter(
            treaty_statuses__convention__code="apmbc", treaty_statuses__status=TreatyStatus.Status.PARTY
        ).exclude(pk__in=_ccm_parties())
    if category == "not-party":
        return State.objects.exclude(pk__in=_ccm_parties())
    if category == "overdue-report":
        overdue = Article7Report.objects.filter(submitted__isnull=True, due__lt=today).values("state_id")
        return State.objects.filter(pk__in=overdue)
    if category == "deadline":
        horizon = datetime.date(today.year + deadline_years, today.month, min(today.day, 28))
        due = Obligation.objects.filter(completed__isnull=True).filter(
            Q(extended_deadline__isnull=False, extended_deadline__range=(today, horizon))
            | Q(extended_deadline__isnull=True, original_deadline__range=(today, horizon))
        )
        return State.objects.filter(pk__in=due.values("state_id"))
    raise ValueError(f"unknown category {category!r}")


def select_recipients(
    *, categories=(), target_areas=(), term=None, states=(), deadline_years: int = 3, today=None
) -> list[State]:
    """The union of the chosen categories, target lists and States, each State once, by name."""
    ids: set[int] = set()
    for category in categories:
        ids |= set(category_states(category, deadline_years=deadline_years, today=today).values_list("pk", flat=True))
    if target_areas:
        targets = TargetState.objects.filter(area__in=target_areas)
        if term is not None:
            targets = targets.filter(term=term)
        ids |= set(targets.values_list("state_id", flat=True))
    ids |= {s.pk for s in states}
    return list(State.objects.filter(pk__in=ids).order_by("name"))


def letters_in_period(states, *, start, end=None, exclude_campaign=None) -> dict[int, list]:
    """Letters of any campaign sent (or approved to go out) to these States in the period, by State."""
    from .models import Letter

    letters = Letter.objects.filter(state__in=states).filter(
        Q(sent_at__date__gte=start) | Q(sent_at__isnull=True, status=Letter.Status.APPROVED)
    )
    if end is not None:
        letters = letters.filter(Q(sent_at__isnull=True) | Q(sent_at__date__lte=end))
    if exclude_campaign is not None:
        letters = letters.exclude(campaign=exclude_campaign)
    found: dict[int, list] = {}
    for letter in letters.select_related("campaign", "campaign__area").order_by("sent_at"):
        found.setdefault(letter.state_id, []).append(letter)
    return found
