"""The 40/60 funding model as pure functions: no ORM, no settings, exact arithmetic.

The Dubrovnik Review Conference agreed that the ISU budget is paid
- 60 % by the States Parties, each year, on the UN scale of assessments adjusted to them;
- 40 % by the States taking part in the Meeting of States Parties (or Review Conference),
  on the basis of that meeting's costs, i.e. on the scale adjusted to the participants.
The UN bills the meeting's conference services on the same participants' scale, plus a
programme support cost (13 %) that invoices show on its own line.

Money is Decimal CHF rounded to the centime. Every set of shares adds up to its total
exactly: each share is floored to the centime and the centimes left over go, one each, to the
largest fractional remainders (ties broken by key, so the result never depends on dict order).
Rates are computed with Fractions and only rounded for display.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext

CENT = Decimal("0.01")
HUNDRED = Fraction(100)
RATE_PLACES = Decimal("0.0000000001")  # adjusted rates are shown (and stored) with 10 decimals


def to_fraction(value) -> Fraction:
    return value if isinstance(value, Fraction) else Fraction(Decimal(str(value)))


def fraction_to_decimal(value: Fraction, places: Decimal = RATE_PLACES) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(places, rounding=ROUND_HALF_UP)


def money(value) -> Decimal:
    """A Decimal amount rounded half up to the centime."""
    if isinstance(value, Fraction):
        return fraction_to_decimal(value, CENT)
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _sort_key(key) -> tuple:
    return (str(type(key)), str(key))


def largest_remainder(total: Decimal, weights: Mapping[Hashable, object]) -> dict[Hashable, Decimal]:
    """Split `total` (CHF, >= 0, whole centimes) in proportion to `weights` (>= 0), to the centime.

    The shares add up to `total` exactly and each is within one centime of its exact value.
    """
    total = Decimal(str(total))
    if total != total.quantize(CENT):
        raise ValueError(f"the total {total} is not in whole centimes")
    if total < 0:
        raise ValueError("the total must not be negative")
    fractions = {key: to_fraction(weight) for key, weight in weights.items()}
    if any(weight < 0 for weight in fractions.values()):
        raise ValueError("weights must not be negative")
    weight_sum = sum(fractions.values(), Fraction(0))
    cents = int(total * 100)
    if not fractions:
        if cents:
            raise ValueError("there is nobody to share the total among")
        return {}
    if weight_sum == 0:
        if cents:
            raise ValueError("the weights add up to zero")
        return {key: Decimal("0.00") for key in fractions}
    exact = {key: Fraction(cents) * weight / weight_sum for key, weight in fractions.items()}
    floors = {key: value.numerator // value.denominator for key, value in exact.items()}
    left = cents - sum(floors.values())
    # the largest remainders first; equal remainders in key order
    order = sorted(exact, key=lambda key: (-(exact[key] - floors[key]), _sort_key(key)))
    for key in order[:left]:
        floors[key] += 1
    return {key: (Decimal(floors[key]) / 100).quantize(CENT) for key in fractions}


def adjust_scale(rates: Mapping[Hashable, object], floor=None, ceiling=None) -> dict[Hashable, Fraction]:
    """Renormalise the UN rates (in %) to 100 % over the given States, then hold each adjusted
    rate between `floor` and `ceiling` (in % of the adjusted scale, either may be None).

    A State pushed to a bound keeps that bound; what remains of the 100 % is shared among the
    others in proportion to their UN rates, and this is repeated until nobody crosses a bound.
    """
    originals = {key: to_fraction(rate) for key, rate in rates.items()}
    if not originals:
        return {}
    if any(rate < 0 for rate in originals.values()):
        raise ValueError("rates must not be negative")
    low = to_fraction(floor) if floor is not None else None
    high = to_fraction(ceiling) if ceiling is not None else None
    count = len(originals)
    if low is not None and low * count > HUNDRED:
        raise ValueError(
            gettext("a floor of %(floor)s %% for %(count)s States exceeds 100 %%") % {"floor": floor, "count": count}
        )
    if high is not None and high * count < HUNDRED:
        raise ValueError(
            gettext("a ceiling of %(ceiling)s %% for %(count)s States cannot reach 100 %%")
            % {"ceiling": ceiling, "count": count}
        )
    if low is not None and high is not None and low > high:
        raise ValueError(gettext("the floor is above the ceiling"))
    fixed: dict[Hashable, Fraction] = {}
    while True:
        free = [key for key in originals if key not in fixed]
        remaining = HUNDRED - sum(fixed.values(), Fraction(0))
        free_sum = sum((originals[key] for key in free), Fraction(0))
        if free_sum == 0:
            # nothing to go on (all remaining rates zero): share the rest equally
            adjusted = {key: remaining / len(free) for key in free} if free else {}
        else:
            adjusted = {key: remaining * originals[key] / free_sum for key in free}
        changed = False
        # Fix every State over the ceiling first (that only raises the others), then, if none,
        # every State under the floor; one kind per pass keeps the iteration monotone.
        over = [key for key, value in adjusted.items() if high is not None and value > high]
        if over:
            for key in over:
                fixed[key] = high
            changed = True
        else:
            under = [key for key, value in adjusted.items() if low is not None and value < low]
            for key in under:
                fixed[key] = low
                changed = True
        if not changed:
            result = {key: fixed[key] if key in fixed else adjusted[key] for key in originals}
            if sum(result.values(), Fraction(0)) != HUNDRED:
                raise ValueError(gettext("the floor and ceiling cannot both be met for these States"))
            return result


@dataclass(frozen=True)
class Share:
    """One State's part of one total, with what explains it."""

    key: Hashable
    rate: Decimal  # the UN rate, in %
    adjusted_rate: Decimal  # on the scale adjusted to the States sharing this total, in %
    base: Decimal  # the total being shared
    share: Decimal  # CHF


@dataclass(frozen=True)
class IsuAllocation:
    budget: Decimal
    base60: Decimal
    base40: Decimal
    shares60: dict[Hashable, Share]
    shares40: dict[Hashable, Share]


@dataclass(frozen=True)
class UnServices:
    cost: Decimal
    psc_percent: Decimal
    psc: Decimal
    cost_shares: dict[Hashable, Share]
    psc_shares: dict[Hashable, Share]


def _shares(base: Decimal, rates: Mapping, floor, ceiling) -> dict[Hashable, Share]:
    if not rates:
        return {}
    adjusted = adjust_scale(rates, floor, ceiling)
    amounts = largest_remainder(base, adjusted)
    return {
        key: Share(
            key=key,
            rate=Decimal(str(rates[key])),
            adjusted_rate=fraction_to_decimal(adjusted[key]),
            base=base,
            share=amounts[key],
        )
        for key in rates
    }


def split_budget(budget) -> tuple[Decimal, Decimal]:
    """60 % of the budget rounded to the centime, and the rest (so that both add up to it)."""
    budget = money(budget)
    base60 = money(Fraction(Decimal(budget)) * Fraction(60, 100))
    return base60, budget - base60


def isu_shares(
    budget,
    scale: Mapping[Hashable, object],
    participants: Iterable[Hashable],
    *,
    floor=None,
    ceiling=None,
    participant_scale: Mapping[Hashable, object] | None = None,
) -> IsuAllocation:
    """The ISU contributions of a year.

    `scale` holds the UN rates of the States Parties (the 60 %); `participants` names the States
    taking part in the meeting (the 40 %), whose rates come from `participant_scale` when some
    of them are not States Parties, else from `scale`.
    """
    budget = money(budget)
    base60, base40 = split_budget(budget)
    source = participant_scale if participant_scale is not None else scale
    participant_rates = {key: source[key] for key in participants}
    if base40 and not participant_rates:
        raise ValueError(gettext("the 40 %% needs at least one State taking part in the meeting") % {})
    return IsuAllocation(
        budget=budget,
        base60=base60,
        base40=base40,
        shares60=_shares(base60, scale, floor, ceiling),
        shares40=_shares(base40, participant_rates, floor, ceiling),
    )


def un_services(
    meeting_cost, scale_of_participants: Mapping[Hashable, object], *, psc_percent=13, floor=None, ceiling=None
) -> UnServices:
    """The UN's conference services for the meeting, shared among its participants, and the
    programme support cost on top (13 %), shared the same way and shown on its own line."""
    cost = money(meeting_cost)
    psc_percent = Decimal(str(psc_percent))
    psc = money(Fraction(cost) * to_fraction(psc_percent) / HUNDRED)
    return UnServices(
        cost=cost,
        psc_percent=psc_percent,
        psc=psc,
        cost_shares=_shares(cost, scale_of_participants, floor, ceiling),
        psc_shares=_shares(psc, scale_of_participants, floor, ceiling),
    )
