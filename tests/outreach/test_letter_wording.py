"""Outreach letters read like the ISU's own: the merge fields name a State with its article and
contract 'of' in the letter's language, the coordinators are joined with 'and'/'et'/'y', and the
letter is dated in Geneva: generated at 23:30 UTC on 29 November, it is dated 30 November."""

import datetime
import subprocess

import pytest
import time_machine

from directory import names
from directory.models import Mandate
from outreach import merge, services
from outreach.models import LetterTemplate
from tests.factories import StateFactory

LATE_EVENING_UTC = datetime.datetime(2026, 11, 29, 23, 30, tzinfo=datetime.UTC)  # 00:30 on 30 Nov in Geneva

BODY = (
    "{{ address.salutation }}\n\n"
    "{{ state.the_official_name }} / {{ state.of_official_name }} / {{ state.the_name }} / {{ state.of_name }} / "
    "{{ state.name }} / {{ area.coordinators }} / {{ today }}"
)
# language → what the body's second paragraph reads for the Lao People's Democratic Republic
EXPECTED = {
    "en": "the Lao People's Democratic Republic / of the Lao People's Democratic Republic / "
    "the Lao People's Democratic Republic / of the Lao People's Democratic Republic / "
    "Lao People's Democratic Republic / Italy and the Netherlands / 30 November 2026",
    "fr": "la République démocratique populaire lao / de la République démocratique populaire lao / "
    "la République démocratique populaire lao / de la République démocratique populaire lao / "
    "République démocratique populaire lao / l'Italie et les Pays-Bas / 30 novembre 2026",
    "es": "la República Democrática Popular Lao / de la República Democrática Popular Lao / "
    "la República Democrática Popular Lao / de la República Democrática Popular Lao / "
    "República Democrática Popular Lao / Italia y los Países Bajos / 30 de noviembre de 2026",
}


def _named(state):
    names.fill_blank_names(state)
    state.save()
    return state


@pytest.fixture
def lao(world, italy):
    _named(italy)
    netherlands = _named(StateFactory(iso3="NLD", name="Netherlands"))
    Mandate.objects.create(area=world["va"], term=world["term"], state=netherlands)
    lao = StateFactory(iso3="LAO", name="Lao People's Democratic Republic", official_name="")
    return _named(lao)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_merge_fields_name_the_state_with_its_article_and_the_geneva_date(
    world, lao, isu_staff, language, django_capture_on_commit_callbacks
):
    template = LetterTemplate.objects.create(
        name=f"Names {language}", kind="letter", language=language, area=world["va"], body=BODY
    )
    campaign = services.campaign_create(
        by=isu_staff, recipients=[lao], title="Names", term=world["term"], area=world["va"], consolidated=False,
        template=template, signatory_name="The President", period_start=datetime.date(2026, 1, 1),
    )  # fmt: skip
    with time_machine.travel(LATE_EVENING_UTC, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.campaign_generate(campaign=campaign)
    letter = campaign.letters.get()
    assert letter.body.split("\n\n")[1] == EXPECTED[language]
    with letter.document.file.open("rb") as pdf:
        data = pdf.read()
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()
    place = {"en": "Geneva", "fr": "Genève", "es": "Ginebra"}[language]
    dated = EXPECTED[language].rsplit(" / ", 1)[1]
    assert f"{place}, {dated}" in " ".join(text.split())  # the letterhead's date: Geneva's


def test_every_new_field_is_documented_and_has_a_sample_value():
    sample = merge.sample_context()
    for field in ("the_name", "of_name", "the_official_name", "of_official_name"):
        assert f"state.{field}" in merge.FIELDS
        assert sample["state"][field] == f"[state.{field}]"
    assert not merge.check_template("Mission permanente {{ state.of_official_name }}").errors
