"""How letters name a State (with its article, in English, French and Spanish), contract 'of' with
the article, join a list and write an amount; the UN names data file; filling the fields."""

import csv
import datetime
import importlib

import pytest
from django.apps import apps
from django.template import Context, Template
from django.utils import translation

from directory import importers, names
from directory.models import State
from tests.factories import StateFactory

# iso3, the register's short name, then the name with its article in English, French and Spanish
NAMED = [
    ("LAO", "Lao People's Democratic Republic", "the Lao People's Democratic Republic",
     "la République démocratique populaire lao", "la República Democrática Popular Lao"),
    ("NLD", "Netherlands", "the Netherlands", "les Pays-Bas", "los Países Bajos"),
    ("IRQ", "Iraq", "Iraq", "l'Iraq", "el Iraq"),
    ("LBN", "Lebanon", "Lebanon", "le Liban", "el Líbano"),
    ("ITA", "Italy", "Italy", "l'Italie", "Italia"),
    ("ISR", "Israel", "Israel", "Israël", "Israel"),
    ("SLV", "El Salvador", "El Salvador", "El Salvador", "El Salvador"),
    ("USA", "United States of America", "the United States of America", "les États-Unis d'Amérique",
     "los Estados Unidos de América"),
    ("VAT", "Holy See", "the Holy See", "le Saint-Siège", "la Santa Sede"),
    ("PSE", "State of Palestine", "the State of Palestine", "l'État de Palestine", "el Estado de Palestina"),
    ("COK", "Cook Islands", "the Cook Islands", "les Îles Cook", "las Islas Cook"),
    ("BOL", "Bolivia (Plurinational State of)", "Bolivia (Plurinational State of)",
     "la Bolivie (État plurinational de)", "Bolivia (Estado Plurinacional de)"),
    # the register's name is not the UN's current one ('Czechia'): its English article follows its form
    ("CZE", "Czech Republic", "the Czech Republic", "la Tchéquie", "Chequia"),
]  # fmt: skip

# iso3, language, 'of' + the name as the language contracts it
OF = [
    ("LAO", "en", "of the Lao People's Democratic Republic"),
    ("LAO", "fr", "de la République démocratique populaire lao"),
    ("LAO", "es", "de la República Democrática Popular Lao"),
    ("LBN", "fr", "du Liban"),
    ("NLD", "fr", "des Pays-Bas"),
    ("IRQ", "fr", "de l'Iraq"),
    ("ISR", "fr", "d'Israël"),
    ("SLV", "fr", "d'El Salvador"),
    ("LBN", "es", "del Líbano"),
    ("IRQ", "es", "del Iraq"),
    ("NLD", "es", "de los Países Bajos"),
    ("ITA", "es", "de Italia"),
    ("SLV", "es", "de El Salvador"),  # 'El' is part of the name: no 'del'
    ("ITA", "en", "of Italy"),
    ("NLD", "en", "of the Netherlands"),
]


def named(iso3, name, **fields):
    state = StateFactory(iso3=iso3, name=name, **fields)
    state.save(update_fields=names.fill_blank_names(state) or None)
    return state


@pytest.fixture
def register(db):
    return {iso3: named(iso3, name) for iso3, name, *_ in NAMED}


def test_names_with_their_article_in_three_languages(register):
    for iso3, _name, en, fr, es in NAMED:
        state = State.objects.get(iso3=iso3)  # as saved
        assert [names.state_name(state, lang) for lang in ("en", "fr", "es")] == [en, fr, es], iso3
    assert names.state_name(register["NLD"], "fr", article=False) == "Pays-Bas"


def test_of_contracts_with_the_article(register):
    for iso3, lang, expected in OF:
        assert names.of_state(register[iso3], lang) == expected, (iso3, lang)


def test_official_names_take_the_article_after_permanent_mission(db):
    iraq = named("IRQ", "Iraq", official_name="Republic of Iraq")
    hungary = named("HUN", "Hungary", official_name="Hungary")
    lao = named("LAO", "Lao People's Democratic Republic", official_name="Lao People's Democratic Republic")
    assert names.of_state(iraq, "en", official=True) == "of the Republic of Iraq"
    assert names.of_state(hungary, "en", official=True) == "of Hungary"
    assert names.of_state(lao, "en", official=True) == "of the Lao People's Democratic Republic"
    # the register holds official names in English only: French and Spanish use the short name
    assert names.of_state(iraq, "fr", official=True) == "de l'Iraq"
    assert names.of_state(iraq, "es", official=True) == "del Iraq"
    assert names.official_state_name(lao, "fr") == "la République démocratique populaire lao"


def test_a_state_without_french_or_spanish_names_keeps_its_english_one(db):
    arcadia = StateFactory(iso3="QAR", name="Arcadia", official_name="Republic of Arcadia")
    assert names.fill_blank_names(arcadia) == []  # not in the UN list
    assert names.state_name(arcadia, "fr") == "Arcadia"
    assert names.of_state(arcadia, "fr") == "d'Arcadia"
    assert names.of_state(arcadia, "es", official=True) == "de Republic of Arcadia"
    assert names.of_state(arcadia, "en", official=True) == "of the Republic of Arcadia"


JOINED = [
    (["Italy"], "en", "Italy"),
    ([], "en", ""),
    (["Italy", "Chile"], "en", "Italy and Chile"),
    (["Italy", "Chile", "the Netherlands"], "en", "Italy, Chile and the Netherlands"),
    (["l'Italie", "le Chili", "les Pays-Bas"], "fr", "l'Italie, le Chili et les Pays-Bas"),
    (["Italia", "Chile", "los Países Bajos"], "es", "Italia, Chile y los Países Bajos"),
    (["Chile", "Irlanda"], "es", "Chile e Irlanda"),
    (["Chile", "Hispania"], "es", "Chile e Hispania"),
    (["Chile", "el Iraq"], "es", "Chile y el Iraq"),
]


def test_join_and_in_three_languages():
    for items, lang, expected in JOINED:
        assert names.join_and(items, lang) == expected, (items, lang)


def test_a_list_of_states_is_joined_with_their_articles(register):
    states = [register["ITA"], register["NLD"]]
    assert names.join_and(states, "en") == "Italy and the Netherlands"
    assert names.join_and(states, "fr") == "l'Italie et les Pays-Bas"
    assert names.join_and([register["NLD"], register["IRQ"]], "es") == "los Países Bajos y el Iraq"


NBSP, NNBSP = "\u00a0", "\u202f"
AMOUNTS = [
    ("1234.56", "en", f"CHF{NBSP}1,234.56"),
    ("1234.56", "fr", f"1{NNBSP}234,56{NBSP}CHF"),
    ("1234.56", "es", f"1.234,56{NBSP}CHF"),
    ("1234567.5", "en", f"CHF{NBSP}1,234,567.50"),
    ("1234567.5", "fr", f"1{NNBSP}234{NNBSP}567,50{NBSP}CHF"),
    ("999", "es", f"999,00{NBSP}CHF"),
    ("0.005", "en", f"CHF{NBSP}0.01"),  # rounded half up
    ("-482.5", "en", f"CHF{NBSP}-482.50"),
    ("-1482.5", "fr", f"-1{NNBSP}482,50{NBSP}CHF"),
    (None, "en", ""),
]


def test_amounts_in_chf_per_language():
    for value, lang, expected in AMOUNTS:
        assert names.chf(value, lang) == expected, (value, lang)
    assert names.chf_number("1234.5", "es") == "1.234,50"


def test_template_filters_default_to_the_active_language(register):
    template = Template(
        "{% load register_names %}{{ s|state_name }} | {{ s|of_state }} | {{ s|state_name:'en' }} | "
        "{{ states|join_and }} | {{ amount|chf }}"
    )
    context = Context({"s": register["NLD"], "states": [register["ITA"], register["IRQ"]], "amount": "1500"})
    with translation.override("es"):
        assert template.render(context) == (
            "los Países Bajos | de los Países Bajos | the Netherlands | Italia y el Iraq | 1.500,00\u00a0CHF"
        )
    with translation.override("fr"):
        # French elision in HTML: the apostrophe is escaped, and reads the same
        assert template.render(context).replace("&#x27;", "'") == (
            "les Pays-Bas | des Pays-Bas | the Netherlands | l'Italie et l'Iraq | 1\u202f500,00\u00a0CHF"
        )


# --- the data file ---------------------------------------------------------------------------------

UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA BRN BGR BFA
BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV
GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ
IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL
MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER
PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD
ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN
VNM YEM ZMB ZWE
""".split()
OTHERS = ["VAT", "PSE", "COK", "NIU"]  # the Holy See, the State of Palestine, the Cook Islands, Niue


def test_the_data_file_covers_the_un_members_and_four_others():
    with names.DATA_FILE.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        assert tuple(reader.fieldnames) == names.DATA_COLUMNS
        rows = list(reader)
    codes = [row["iso3"] for row in rows]
    assert len(UN_MEMBERS) == len(set(UN_MEMBERS)) == 193
    assert len(codes) == len(set(codes)) == 197
    assert set(codes) == set(UN_MEMBERS) | set(OTHERS)
    for row in rows:
        assert row["name_en"] and row["name_fr"] and row["name_es"], row
        for lang in ("en", "fr", "es"):
            assert row[f"article_{lang}"] in names.ARTICLES[lang], row
        # French elides 'le' and 'la' before a vowel, and only there
        vowel = row["name_fr"][0].lower() in "aeiouéèêîôâû"  # "le Yémen"
        assert row["article_fr"] not in (("le", "la") if vowel else ("l'",)), row


def test_the_data_migration_fills_blank_fields_and_keeps_edited_ones(db):
    lebanon = StateFactory(iso3="LBN", name="Lebanon")
    State.objects.filter(pk=lebanon.pk).update(name_fr="République libanaise", article_fr="la")  # an ISU edit
    netherlands = StateFactory(iso3="NLD", name="Netherlands")
    migration = importlib.import_module("directory.migrations.0005_state_names_articles")
    migration.fill_names(apps, None)
    lebanon.refresh_from_db()
    netherlands.refresh_from_db()
    assert (lebanon.name_fr, lebanon.article_fr) == ("République libanaise", "la")  # kept
    assert (lebanon.name_es, lebanon.article_es, lebanon.article_en) == ("Líbano", "el", "")  # filled
    assert (netherlands.article_en, netherlands.name_fr, netherlands.article_fr) == ("the", "Pays-Bas", "les")
    assert (netherlands.name_es, netherlands.article_es) == ("Países Bajos", "los")
    migration.fill_names(apps, None)  # again: nothing changes
    lebanon.refresh_from_db()
    assert lebanon.name_fr == "République libanaise"


def test_the_importer_names_the_states_it_creates(db):
    text = (
        ",".join(importers.COLUMNS) + "\n"
        "Lao People's Democratic Republic,LAO,party,2008-12-03,2009-03-18,ratification,2010-08-01,,,,demo\n"
    )
    rows = importers.parse_status_rows(text.splitlines(keepends=True))
    conventions = importers.ensure_conventions()
    importers.apply_status_rows(rows, convention=conventions["ccm"])
    lao = State.objects.get(iso3="LAO")
    assert names.state_name(lao, "en") == "the Lao People's Democratic Republic"
    assert names.of_state(lao, "fr") == "de la République démocratique populaire lao"
    assert names.of_state(lao, "es") == "de la República Democrática Popular Lao"


def test_dates_as_letters_write_them():
    dates = [
        (datetime.date(2026, 11, 30), "en", "30 November 2026"),
        (datetime.date(2026, 11, 30), "fr", "30 novembre 2026"),
        (datetime.date(2026, 12, 1), "fr", "1er décembre 2026"),
        (datetime.date(2026, 11, 30), "es", "30 de noviembre de 2026"),
        (None, "en", ""),
    ]
    for value, lang, expected in dates:
        assert names.letter_date(value, lang) == expected, (value, lang)
