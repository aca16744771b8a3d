"""The outreach demo: the consolidated campaign over the demo target lists has one letter per
State with every targeting area's paragraph, and generating it again changes nothing."""

import io

import pytest
from django.core.management import call_command

from coordinators.models import TargetState
from outreach import services
from outreach.models import Campaign, Letter, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_world):
    """The demo as load_demo builds it (recorded once per process: tests/demo_world.py)."""


def test_consolidated_demo_campaign_one_letter_per_state_with_every_area(demo):
    campaign = Campaign.objects.get(consolidated=True)
    targets = TargetState.objects.filter(term=campaign.term)
    assert campaign.letters.count() == targets.values("state").distinct().count() == 5
    for letter in campaign.letters.prefetch_related("paragraphs__area"):
        expected = list(targets.filter(state=letter.state).order_by("area__order").values_list("area__name", flat=True))
        assert [p.area.name for p in letter.paragraphs.all()] == expected
        assert not letter.error
    afghanistan = campaign.letters.get(state__iso3="AFG")
    assert [p.area.slug for p in afghanistan.paragraphs.all()] == ["victim-assistance", "national-implementation"]
    before = list(Letter.objects.order_by("pk").values_list("pk", "reference", "body", "status"))
    result = services.campaign_generate(campaign=campaign, pdfs=False)
    assert result.created == result.rendered == 0
    assert list(Letter.objects.order_by("pk").values_list("pk", "reference", "body", "status")) == before


def test_universalization_campaign_reaches_the_four_categories_and_some_answered(demo):
    campaign = Campaign.objects.get(title__startswith="7MSP universalization")
    states = set(campaign.letters.values_list("state__iso3", flat=True))
    assert {"IDN", "KEN"} <= states  # signatories
    assert {"THA", "FIN", "SRB", "TUV"} <= states  # Mine Ban Convention parties
    assert "IND" in states  # another State not party
    assert not states & {"ITA", "AUS", "IRQ"}  # States Parties are not written to
    assert Response.objects.filter(letter__campaign=campaign).count() == 2
    tuvalu = campaign.letters.get(state__iso3="TUV")
    assert not tuvalu.state.has_geneva_mission and "Funafuti" in tuvalu.addressee


def test_demo_loads_once(demo):
    counts = (Campaign.objects.count(), Letter.objects.count(), Response.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Campaign.objects.count(), Letter.objects.count(), Response.objects.count()) == counts


def test_the_letter_templates_are_in_english_french_and_spanish(demo):
    from outreach.merge import check_template
    from outreach.models import LetterTemplate

    for name in ["Universalization letter", "Consolidated letter to target States"]:
        templates = LetterTemplate.objects.filter(name=name, kind="letter")
        assert {t.language for t in templates} == {"en", "fr", "es"}
        for template in templates:
            assert check_template(template.body).errors == [], (name, template.language)
    spanish = LetterTemplate.objects.get(name="Universalization letter", language="es")
    assert "{{ address.salutation }}" in spanish.body and "Convención sobre Municiones en Racimo" in spanish.body
