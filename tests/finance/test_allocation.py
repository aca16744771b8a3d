"""The 40/60 allocation on examples worked out by hand, and its invariants for any input.

The rates here are made up for the tests; they are not the UN's."""

from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finance.allocation import adjust_scale, isu_shares, largest_remainder, split_budget, un_services
from tests import strength


def test_three_states_rated_1_2_3_share_a_budget_of_100():
    allocation = isu_shares(D("100.00"), {"A": D(1), "B": D(2), "C": D(3)}, ["A", "B", "C"])
    assert allocation.base60 == D("60.00") and allocation.base40 == D("40.00")
    assert {k: s.share for k, s in allocation.shares60.items()} == {"A": D("10.00"), "B": D("20.00"), "C": D("30.00")}
    # 40 × 1/6 = 6.666…, 40 × 2/6 = 13.333…, 40 × 3/6 = 20: floors 6.66 + 13.33 + 20.00 = 39.99;
    # the centime left goes to the largest remainder (A: 0.67 of a centime).
    assert {k: s.share for k, s in allocation.shares40.items()} == {"A": D("6.67"), "B": D("13.33"), "C": D("20.00")}
    a = allocation.shares60["A"]
    assert (a.rate, a.base) == (D(1), D("60.00"))
    assert a.adjusted_rate == D("16.6666666667")


def test_equal_weights_hand_the_odd_centime_to_the_first_key():
    assert largest_remainder(D("100.00"), {"C": 1, "A": 1, "B": 1}) == {
        "A": D("33.34"),
        "B": D("33.33"),
        "C": D("33.33"),
    }


def test_the_largest_remainder_wins_over_key_order():
    # exact 0.05 × 1/7 = 0.00714…, × 2/7 = 0.01428…, × 4/7 = 0.02857…: floors 0, 1, 2 cents,
    # remainders 0.714, 0.428, 0.857: the two centimes left go to Z then X.
    assert largest_remainder(D("0.05"), {"X": 1, "Y": 2, "Z": 4}) == {"X": D("0.01"), "Y": D("0.01"), "Z": D("0.03")}


def test_a_budget_in_odd_centimes_splits_60_40_exactly():
    assert split_budget(D("100.01")) == (D("60.01"), D("40.00"))
    assert split_budget(D("0.05")) == (D("0.03"), D("0.02"))
    assert split_budget(D("500000.00")) == (D("300000.00"), D("200000.00"))


def test_renormalising_to_the_states_parties():
    adjusted = adjust_scale({"DEU": D("6.389"), "FRA": D("4.859"), "IRQ": D("0.129")})
    assert sum(adjusted.values()) == 100
    assert adjusted["IRQ"] == Fraction(12900, 11377)  # 0.129 / 11.377 × 100 = 1.1338…%


def test_a_ceiling_caps_a_large_contributor_and_the_rest_is_shared_proportionally():
    adjusted = adjust_scale({"A": 50, "B": 30, "C": 20}, ceiling=40)
    assert adjusted == {"A": 40, "B": 36, "C": 24}


def test_a_floor_lifts_a_small_contributor():
    adjusted = adjust_scale({"A": D(90), "B": D("9.5"), "C": D("0.5")}, floor=1)
    assert adjusted["C"] == 1
    assert adjusted["A"] == Fraction(99) * 90 / Fraction("99.5")
    assert sum(adjusted.values()) == 100


def test_a_floor_that_cannot_be_met_is_refused():
    with pytest.raises(ValueError):
        adjust_scale({"A": 1, "B": 1, "C": 1}, floor=40)
    with pytest.raises(ValueError):
        adjust_scale({"A": 1, "B": 1}, ceiling=40)


def test_un_services_show_the_programme_support_cost_on_its_own_line():
    services = un_services(D("10000.00"), {"A": 1, "B": 3})
    assert services.psc == D("1300.00")
    assert {k: s.share for k, s in services.cost_shares.items()} == {"A": D("2500.00"), "B": D("7500.00")}
    assert {k: s.share for k, s in services.psc_shares.items()} == {"A": D("325.00"), "B": D("975.00")}


def test_un_services_with_remainders():
    services = un_services(D("1000.00"), {"A": 1, "B": 1, "C": 1})
    assert [s.share for s in services.cost_shares.values()] == [D("333.34"), D("333.33"), D("333.33")]
    assert services.psc == D("130.00")
    assert [s.share for s in services.psc_shares.values()] == [D("43.34"), D("43.33"), D("43.33")]


def test_the_40_percent_uses_the_scale_adjusted_to_the_participants_only():
    allocation = isu_shares(D("1000.00"), {"A": 1, "B": 2, "C": 2}, ["B", "C"])
    assert {k: s.share for k, s in allocation.shares40.items()} == {"B": D("200.00"), "C": D("200.00")}
    assert allocation.shares40["B"].adjusted_rate == D(50)


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        largest_remainder(D("1.001"), {"A": 1})
    with pytest.raises(ValueError):
        largest_remainder(D("1.00"), {"A": -1, "B": 2})
    with pytest.raises(ValueError):
        largest_remainder(D("1.00"), {"A": 0})
    assert largest_remainder(D("0.00"), {"A": 0}) == {"A": D("0.00")}


cents = st.integers(min_value=0, max_value=10**11).map(lambda c: D(c) / 100)
rate = st.decimals(min_value=0, max_value=25, places=3, allow_nan=False, allow_infinity=False)
weights = st.dictionaries(st.text(min_size=1, max_size=3), rate, min_size=1, max_size=40).filter(
    lambda w: sum(w.values()) > 0
)


@settings(max_examples=strength.pick(300, 100), deadline=None)
@given(total=cents, weights=weights)
def test_shares_add_up_to_the_total_and_each_is_within_a_centime(total, weights):
    shares = largest_remainder(total, weights)
    assert sum(shares.values()) == total
    weight_sum = sum(Fraction(w) for w in weights.values())
    for key, share in shares.items():
        assert share >= 0
        exact = Fraction(total) * Fraction(weights[key]) / weight_sum
        assert abs(Fraction(share) - exact) < Fraction(1, 100)


@settings(max_examples=strength.pick(200, 60), deadline=None)
@given(budget=cents, scale=weights, data=st.data())
def test_the_60_and_40_percent_shares_add_up_for_any_budget(budget, scale, data):
    participants = data.draw(st.lists(st.sampled_from(sorted(scale)), min_size=1, unique=True))
    participants = [p for p in participants if scale[p] > 0] or [max(scale, key=scale.get)]
    allocation = isu_shares(budget, scale, participants)
    assert allocation.base60 + allocation.base40 == budget
    assert sum(s.share for s in allocation.shares60.values()) == allocation.base60
    assert sum(s.share for s in allocation.shares40.values()) == allocation.base40


@settings(max_examples=strength.pick(200, 60), deadline=None)
@given(
    scale=st.dictionaries(st.integers(0, 300), rate.filter(lambda r: r > 0), min_size=2, max_size=60),
    floor=st.sampled_from([None, D("0.001"), D("0.01"), D("0.1")]),
    ceiling=st.sampled_from([None, D(22), D(50)]),
)
def test_the_adjusted_scale_makes_100_percent_within_its_bounds(scale, floor, ceiling):
    if ceiling is not None and ceiling * len(scale) < 100:
        ceiling = None
    adjusted = adjust_scale(scale, floor, ceiling)
    assert sum(adjusted.values()) == 100
    for value in adjusted.values():
        assert floor is None or value >= Fraction(floor)
        assert ceiling is None or value <= Fraction(ceiling)
