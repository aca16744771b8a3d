import datetime

import pytest
from django.urls import reverse

from coordinators.models import CoalitionMember, CountryCoalition
from meetings.models import Meeting
from tests.factories import ActionItemFactory, MeetingFactory, StateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coalition(australia):
    lebanon = StateFactory(iso3="LBN", name="Lebanon")
    coalition = CountryCoalition.objects.create(state=lebanon, purpose="Clearance by 2021.")
    CoalitionMember.objects.create(coalition=coalition, delegation=lebanon.delegation, role="authority")
    CoalitionMember.objects.create(coalition=coalition, delegation=australia.delegation, role="donor")
    CoalitionMember.objects.create(coalition=coalition, name="Mines Advisory Group", role="operator")
    meeting = MeetingFactory(kind=Meeting.Kind.COUNTRY_COALITION, title="Lebanon coalition meeting",
                             date=datetime.date(2017, 3, 1))  # fmt: skip
    coalition.meetings.add(meeting)
    ActionItemFactory(meeting=meeting, text="Share the survey results")
    return coalition


def test_a_coalition_shows_its_members_meetings_and_action_items(client, coordinator_va, coalition):
    client.force_login(coordinator_va)
    assert "Lebanon" in client.get(reverse("coordinators:coalition-list")).content.decode()
    content = client.get(reverse("coordinators:coalition-detail", args=[coalition.pk])).content.decode()
    assert "Australia" in content and "Donor/partner State" in content and "Mines Advisory Group" in content
    assert "Lebanon coalition meeting" in content and "Share the survey results" in content


def test_anonymous_is_sent_to_log_in(client, coalition):
    for url in (reverse("coordinators:coalition-list"), reverse("coordinators:coalition-detail", args=[coalition.pk])):
        assert client.get(url).status_code == 302
