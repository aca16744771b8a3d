"""The importer on the layouts real minutes use (issue 17): one fixture per layout in
fixtures/layouts/ with invented names, and beside each the truth it holds (a .json written by
hand: delegations, people, apologies, agenda numbers, date). Each must be recovered: at least
98 % of delegations and people, every agenda number and the date, and never an invented year."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory.models import Delegation, State, normalise_name
from meetings.importer import ImportErrorMessage, parse_minutes, read_document
from meetings.models import Meeting
from meetings.services.importing import review_import
from tests.factories import OrganisationFactory, PersonFactory, StateFactory

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
FIXTURES = sorted(p.stem for p in LAYOUTS.glob("*.txt") if p.with_suffix(".json").exists())


def parse(stem: str):
    return parse_minutes(read_document(f"{stem}.txt", (LAYOUTS / f"{stem}.txt").read_bytes()))


def truth(stem: str) -> dict:
    return json.loads((LAYOUTS / f"{stem}.json").read_text(encoding="utf-8"))


def share(found: set, wanted: set) -> float:
    return len(found & wanted) / len(wanted) if wanted else 1.0


def test_there_is_a_fixture_for_each_of_the_eight_layouts():
    assert {stem[0] for stem in FIXTURES} == {"1", "2", "3", "4", "5", "6", "7", "8"}


def test_stacked_titles_stay_with_their_person():
    parsed = parse("3b-single-line-long-names")
    assert [p.full_name for p in parsed.delegations[0].people] == ["H.E. Mr. Aurelio Quispe", "Ms. Rosa Huamán"]


@pytest.mark.parametrize("stem", FIXTURES)
def test_each_layout_gives_its_delegations_people_agenda_and_date(stem):
    parsed, expected = parse(stem), truth(stem)
    n = normalise_name
    delegations = {n(d.name) for d in parsed.delegations}
    people = {(n(d.name), n(f"{p.first_name} {p.last_name}")) for d in parsed.delegations for p in d.people}
    assert share(delegations, {n(d) for d in expected["delegations"]}) >= 0.98, sorted(delegations)
    assert share(people, {(n(d), n(p)) for d, p in expected["people"]}) >= 0.98, sorted(people)
    assert len(people) == len(expected["people"]), "nobody invented"
    assert [item.number for item in parsed.agenda] == expected["agenda"]
    assert str(parsed.date) == expected["date"]
    remote = sorted(f"{p.first_name} {p.last_name}" for d in parsed.delegations for p in d.people if p.remote)
    assert remote == sorted(expected["remote"])
    apologies = {n(a) for a in parsed.apology_delegations} | {
        n(f"{p.delegation}: {p.first_name} {p.last_name}") for p in parsed.apologies
    }
    assert apologies == {n(a) for a in expected["apologies"]}
    assert [(p.delegation, f"{p.first_name} {p.last_name}") for p in parsed.flagged] == [
        tuple(f) for f in expected["flagged"]
    ]
    assert [n(a) for a in parsed.absent_delegations] == [n(a) for a in expected.get("absent", [])]
    text = "\n".join(item.text for item in parsed.agenda)
    for stripped in expected.get("not_in_text", []):
        assert stripped not in text


def test_people_under_an_absence_heading_in_pairs_are_flagged_for_review_not_assigned():
    parsed = parse("6-absence-headings")
    assert "Lukas Brenner" not in str([d.people for d in parsed.delegations])
    assert "Lukas Brenner" not in str(parsed.apologies)
    assert any("Mr. Lukas Brenner (Austria) is listed under an absence heading" in n for n in parsed.uncertain)


def test_the_date_held_not_the_date_of_the_minutes_it_approves():
    text = (LAYOUTS / "6-absence-headings.txt").read_text(encoding="utf-8")
    moved = text.replace("Held on Monday 7 March 2016\n", "")
    moved = moved.replace("MINUTES OF THE CCM COORDINATION COMMITTEE MEETING", "MINUTES, Monday 7 March 2016")
    assert parse_minutes(moved).date == datetime.date(2016, 3, 7)
    without = text.replace("Held on Monday 7 March 2016\n", "")
    assert parse_minutes(without).date is None  # not 9 February, the minutes it approves


NO_YEAR = (LAYOUTS / "no-year.txt").read_bytes()


def test_a_date_without_a_year_is_not_given_one_from_elsewhere_in_the_text():
    parsed = parse_minutes(NO_YEAR.decode())
    assert parsed.date is None  # "2011" further on is not the year of the meeting
    assert parsed.year_missing
    assert any("has no year: give the year (--year YYYY" in note for note in parsed.uncertain)
    assert parse_minutes(NO_YEAR.decode(), year=2016).date == datetime.date(2016, 10, 4)


@pytest.mark.django_db
def test_a_date_without_a_year_is_refused_with_a_message_and_accepted_with_the_year(tmp_path):
    with pytest.raises(ImportErrorMessage, match="has no year in these minutes: give the year"):
        review_import(filename="m.txt", data=NO_YEAR)
    assert review_import(filename="m.txt", data=NO_YEAR, year=2016).parsed.date == datetime.date(2016, 10, 4)
    path = tmp_path / "no-year.txt"
    path.write_bytes(NO_YEAR)
    with pytest.raises(CommandError, match="give the year of the meeting"):
        call_command("import_minutes", str(path), "--dry-run")
    out = __import__("io").StringIO()
    call_command("import_minutes", str(path), "--dry-run", "--year", "2016", stdout=out)
    assert "2016-10-04" in out.getvalue() and "Dry run: nothing saved." in out.getvalue()
    assert not Meeting.objects.exists()


@pytest.mark.django_db
def test_delegations_match_the_register_despite_variants_and_unknown_states_are_states():
    StateFactory(iso3="BIH", name="Bosnia and Herzegovina")
    StateFactory(iso3="LAO", name="Lao People's Democratic Republic")
    netherlands = StateFactory(iso3="NLD", name="Netherlands")
    australia = StateFactory(iso3="AUS", name="Australia")
    OrganisationFactory(name="International Committee of the Red Cross", acronym="ICRC")
    review = review_import(filename="4.txt", data=(LAYOUTS / "4-country-bullets.txt").read_bytes())
    matched = {m.name: str(m.delegation) if m.delegation else m.note for m in review.delegations}
    assert matched == {
        "Australia": "Australia",
        "Bosnia-Herzegovina": "Bosnia and Herzegovina",
        "Lao PDR": "Lao People's Democratic Republic",
        "The Netherlands": "Netherlands",
        "Zambia": "new State: will be added to the register",
        "Freedonia": "new: will be added to the register",
        "ICRC": "ICRC",
    }
    assert "“Zambia” is a State not in the register: it will be added as a State." in review.unsure
    assert "“Freedonia” is not in the register: it will be added as an organisation." in review.unsure
    assert netherlands.delegation and australia.delegation


@pytest.mark.django_db
def test_people_match_fuzzily_within_their_delegation():
    croatia = StateFactory(iso3="HRV", name="Croatia")
    ivo = PersonFactory(first_name="Ivo", last_name="Maretic", delegation=Delegation.objects.get(state=croatia))
    review = review_import(filename="2.txt", data=(LAYOUTS / "2-flattened-columns.txt").read_bytes())
    by_name = {p.parsed.full_name: p.person for p in review.present}
    assert by_name["Mr. Ivo Maretić"] == ivo


@pytest.mark.django_db
def test_a_new_state_is_added_to_the_register_as_a_state(isu_staff, tmp_path):
    path = tmp_path / "7.txt"
    path.write_bytes((LAYOUTS / "7-annotations.txt").read_bytes())
    call_command("import_minutes", str(path), "--user", isu_staff.username, stdout=__import__("io").StringIO())
    assert set(State.objects.values_list("iso3", flat=True)) >= {"CHL", "ZMB", "LAO"}
    assert Delegation.objects.filter(state__iso3="ZMB").exists()


def _import(stem: str, by, tmp_path) -> Meeting:
    path = tmp_path / f"{stem}.txt"
    path.write_bytes((LAYOUTS / f"{stem}.txt").read_bytes())
    call_command("import_minutes", str(path), "--user", by.username, stdout=__import__("io").StringIO())
    return Meeting.objects.get()


def rows(meeting: Meeting) -> list[tuple[str, str, str]]:
    return [
        (str(a.delegation), f"{a.person.first_name} {a.person.last_name}" if a.person else "", a.status)
        for a in meeting.attendances.select_related("delegation", "person")
    ]


@pytest.mark.django_db
def test_countries_listed_without_people_are_recorded_present(isu_staff, tmp_path):
    meeting = _import("4-country-bullets", isu_staff, tmp_path)
    assert [(d, p, s) for d, p, s in rows(meeting)] == [
        ("Australia", "", "present"),
        ("Bosnia and Herzegovina", "", "present"),
        ("Laos", "", "present"),
        ("Netherlands", "", "present"),
        ("Zambia", "", "present"),
        ("Freedonia", "", "present"),
        ("ICRC", "", "present"),
    ]


@pytest.mark.django_db
def test_remote_people_apologies_and_absences_are_recorded_as_such(isu_staff, tmp_path):
    meeting = _import("7-annotations", isu_staff, tmp_path)
    assert ("Chile", "Valentina Rojo", "remote") in rows(meeting)
    assert ("Zambia", "Chanda Phiri", "present") in rows(meeting)
    Meeting.objects.all().delete()
    meeting = _import("6-absence-headings", isu_staff, tmp_path)
    assert rows(meeting)[3:] == [
        ("CMC", "Wendy Achterberg", "apologies"),
        ("Ghana", "", "apologies"),
        ("Iraq", "", "absent"),
    ]
    assert "Lukas Brenner" not in str(rows(meeting))  # flagged for review, not assigned
