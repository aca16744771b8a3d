"""State profiles: obligations with extensions, Article 7 reporting, reported figures over time;
a focal point reads their own State's page and no other."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from directory.models import Article7Report, Obligation, ReportedFigure
from tests.factories import StateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lao():
    state = StateFactory(iso3="LAO", name="Lao People's Democratic Republic")
    Obligation.objects.create(
        state=state,
        article=4,
        original_deadline=datetime.date(2020, 8, 1),
        extended_deadline=datetime.date(2025, 8, 1),
        extension_source="9MSP decision",
    )
    Article7Report.objects.create(state=state, year=2016, submitted=datetime.date(2017, 4, 30))
    Article7Report.objects.create(state=state, year=2017, due=datetime.date(2018, 4, 30))
    for year, value in ((2015, "11.3"), (2016, "7.3")):
        ReportedFigure.objects.create(
            state=state, indicator="contaminated", value=Decimal(value), as_of=datetime.date(year, 12, 31),
            source=f"Article 7 report {year}",
        )  # fmt: skip
    return state


def test_a_committee_member_reads_a_profile(client, coordinator_va, lao):
    client.force_login(coordinator_va)
    content = client.get(reverse("directory:state-profile", args=["lao"])).content.decode()
    assert "extended to 1 August 2025" in content and "9MSP decision" in content
    assert "2017: overdue" in content and "2016: 30 Apr 2017" in content
    assert "Contaminated area remaining" in content and "<polyline" in content and "7.3" in content


def test_a_focal_point_reads_their_own_state_only(client, focal_point_iraq, iraq, lao):
    client.force_login(focal_point_iraq)
    assert client.get(reverse("directory:state-profile", args=["IRQ"])).status_code == 200
    assert client.get(reverse("directory:state-profile", args=["LAO"])).status_code == 404
    listing = client.get(reverse("directory:state-list")).content.decode()
    assert "Iraq" in listing and "Lao" not in listing
    assert "Open Iraq" in client.get(reverse("dashboard")).content.decode()


def test_anonymous_is_sent_to_log_in(client, lao):
    for url in (reverse("directory:state-list"), reverse("directory:state-profile", args=["LAO"])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_unknown_state_is_not_found(client, isu_staff):
    client.force_login(isu_staff)
    assert client.get(reverse("directory:state-profile", args=["XYZ"])).status_code == 404
