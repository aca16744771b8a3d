"""Issue 17: a fresh database knows the world (data migration directory 0007_world_register), and
running it again never overwrites what the ISU wrote."""

import importlib

import pytest
from django.apps import apps

from directory.models import Delegation, State, StateAlias
from tests.factories import StateFactory

pytestmark = pytest.mark.django_db

fill_world = importlib.import_module("directory.migrations.0007_world_register").fill_world

OBSERVERS_AND_OTHERS = ["VAT", "PSE", "COK", "NIU"]


def test_the_migration_fills_an_empty_register_with_the_world():
    assert not State.objects.exists()
    fill_world(apps, None)

    assert State.objects.count() == 197  # 193 Member States, 2 observer States, Cook Islands, Niue
    assert Delegation.objects.filter(state__isnull=False).count() == 197
    assert set(OBSERVERS_AND_OTHERS) <= set(State.objects.values_list("iso3", flat=True))
    assert set(State.objects.filter(un_group="").values_list("iso3", flat=True)) == {"VAT", "COK", "NIU"}
    laos = State.objects.get(iso3="LAO")
    assert (laos.iso2, laos.name, laos.article_en) == ("LA", "Lao People's Democratic Republic", "the")
    assert (laos.name_fr, laos.article_fr) == ("République démocratique populaire lao", "la")
    assert (laos.name_es, laos.article_es) == ("República Democrática Popular Lao", "la")
    assert (laos.capital, laos.un_group) == ("Vientiane", "Asia-Pacific")
    assert "Laotian" in laos.demonyms
    assert {"Laos", "Lao PDR"} <= set(laos.aliases.values_list("alias", flat=True))
    lebanon = State.objects.get(iso3="LBN")
    assert (lebanon.name_fr, lebanon.name_es, lebanon.capital) == ("Liban", "Líbano", "Beirut")
    assert (lebanon.official_name, lebanon.official_name_fr, lebanon.official_name_es) == (
        "Lebanese Republic",
        "République libanaise",
        "República Libanesa",
    )
    assert State.objects.get(iso3="USA").un_group == "Western European and other"


def test_running_it_again_keeps_every_isu_edit_and_fills_only_blanks():
    italy = StateFactory(iso3="ITA", iso2="IT", name="Italy", capital="Roma (as the ISU writes it)", demonyms="")
    italy.aliases.create(alias="Repubblica Italiana")
    StateFactory(iso3="QZZ", name="Lebanon")  # a test State holding a real State's name: not duplicated
    fill_world(apps, None)
    laos = State.objects.get(iso3="LAO")
    laos.official_name_fr = "RDP lao"
    laos.capital = ""
    laos.save()
    StateAlias.objects.create(state=laos, alias="Laos (the ISU's)")

    fill_world(apps, None)
    italy.refresh_from_db()
    assert (italy.capital, italy.demonyms, italy.un_group) == (
        "Roma (as the ISU writes it)",
        "Italian",
        "Western European and other",
    )
    assert list(italy.aliases.values_list("alias", flat=True)) == ["Repubblica Italiana"]
    laos.refresh_from_db()
    assert (laos.official_name_fr, laos.capital) == ("RDP lao", "Vientiane")
    assert StateAlias.objects.filter(alias="Laos (the ISU's)").exists()
    assert not State.objects.filter(iso3="LBN").exists()
    assert State.objects.filter(name="Lebanon").count() == 1
    assert State.objects.count() == 197 + 1 - 1  # QZZ kept, LBN left out rather than renamed
