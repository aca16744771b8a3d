"""The categories of States a campaign can write to, read from the register."""

import datetime

import pytest

from directory.importers import ensure_conventions
from directory.models import Article7Report, TreatyStatus
from outreach.models import UNGAVote
from outreach.recipients import category_states, select_recipients
from tests.factories import StateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    conventions = ensure_conventions()
    party = StateFactory(name="Partyland")
    signatory = StateFactory(name="Signland")
    mbc_only = StateFactory(name="Ottawaland")
    voter = StateFactory(name="Voteland")
    overdue = StateFactory(name="Lateland")
    TreatyStatus.objects.create(state=party, convention=conventions["ccm"], status="party")
    TreatyStatus.objects.create(state=overdue, convention=conventions["ccm"], status="party")
    TreatyStatus.objects.create(state=party, convention=conventions["apmbc"], status="party")
    TreatyStatus.objects.create(state=signatory, convention=conventions["ccm"], status="signatory")
    TreatyStatus.objects.create(state=mbc_only, convention=conventions["apmbc"], status="party")
    UNGAVote.objects.create(resolution="A/RES/71/45", year=2016, state=voter, vote="yes")
    UNGAVote.objects.create(resolution="A/RES/71/45", year=2016, state=party, vote="yes")
    Article7Report.objects.create(state=overdue, year=2016, due=datetime.date(2017, 4, 30))
    return locals()


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("signatory", {"Signland"}),
        ("unga", {"Voteland"}),  # a party that voted yes is not a universalization target
        ("mbc", {"Ottawaland"}),
        ("not-party", {"Signland", "Ottawaland", "Voteland"}),
        ("overdue-report", {"Lateland"}),
    ],
)
def test_categories(register, category, expected):
    assert set(category_states(category).values_list("name", flat=True)) == expected


def test_selection_is_a_union_each_state_once(register):
    states = select_recipients(categories=["signatory", "not-party"], states=[register["party"]])
    assert [s.name for s in states] == ["Ottawaland", "Partyland", "Signland", "Voteland"]
