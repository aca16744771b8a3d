"""A small year to assess: three States, a made-up scale, a Meeting of States Parties.

The rates are MADE UP for the tests (Italy 3 %, Australia 2 %, Iraq 1 %); they are not the UN's."""

import datetime
from decimal import Decimal

import pytest

from directory.models import Contact, Convention, TreatyStatus
from finance import services
from finance.models import FinancialYear
from meetings.models import Meeting
from tests.factories import MeetingFactory

SCALE_CSV = "iso3,rate_percent\nITA,3\nAUS,2\nIRQ,1\nDEU,6.389\n"


def make_party(state, since=datetime.date(2012, 3, 1)):
    ccm, _ = Convention.objects.get_or_create(code="ccm", defaults={"short_name": "CCM", "name": "CCM"})
    TreatyStatus.objects.get_or_create(
        state=state, convention=ccm, defaults={"status": TreatyStatus.Status.PARTY, "entry_into_force": since}
    )
    return state


@pytest.fixture
def msp(db):
    return MeetingFactory(
        kind=Meeting.Kind.MSP, title="Seventh Meeting of States Parties", date=datetime.date(2017, 9, 4)
    )


@pytest.fixture
def year(italy, australia, iraq, msp):
    """Budget 1,000.00; the meeting costs 1,000.00; Italy and Iraq take part in it."""
    for state in (italy, australia, iraq):
        make_party(state)
    period = services.scale_import(period="2016-2018", text=SCALE_CSV, source="made up for the tests")
    financial_year = FinancialYear.objects.create(
        year=2017,
        isu_budget=Decimal("1000.00"),
        scale_period=period,
        floor_percent=Decimal("0.001"),
        ceiling_percent=None,
        meeting=msp,
        meeting_cost=Decimal("1000.00"),
    )
    financial_year.participants.set([italy, iraq])
    return financial_year


@pytest.fixture
def assessed(year):
    services.assessments_compute(financial_year=year)
    return year


@pytest.fixture
def issued(assessed, isu_staff):
    services.invoices_issue(financial_year=assessed, by=isu_staff, issue_date=datetime.date(2017, 1, 5))
    return assessed


TREASURY_EMAIL = "treasury@iraq-mission.invalid"


@pytest.fixture
def iraq_treasury(iraq):
    """Iraq's finance contact (invented): where its reminders go and whom its joint letter addresses."""
    return Contact.objects.create(
        state=iraq,
        kind=Contact.Kind.GENEVA_MISSION,
        name="Finance Section, Permanent Mission of Iraq",
        addressee="The Counsellor for Financial Affairs",
        address="Rue Inventée 7\n1202 Geneva",
        email=TREASURY_EMAIL,
        for_mission=False,
        for_finance=True,
        is_primary=True,
    )
