"""Issue 17, "Done when": on a fresh database (the tables and what the migrations write, no demo),
`manage.py import_minutes FILE` imports each layout fixture with at least 98 % of its
delegations and people, and its date right; the States in it are States, never organisations.

The truth is the .json written beside each fixture; which delegation is which State is written
here, as ISO codes."""

import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from directory.models import Organisation, normalise_name
from meetings.models import Attendance, Meeting

pytestmark = pytest.mark.django_db
LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
FILES = sorted(p.name for p in LAYOUTS.glob("*.txt") if p.with_suffix(".json").exists()) + [
    "9-two-column-list.pdf",
    "9b-delegation-table.pdf",
]
STATES = {
    "Australia": "AUS", "Austria": "AUT", "Bosnia and Herzegovina": "BIH", "Bosnia-Herzegovina": "BIH",
    "Bulgaria": "BGR", "Chile": "CHL", "Costa Rica": "CRI", "Croatia": "HRV", "Germany": "DEU", "Ghana": "GHA",
    "Holy See": "VAT", "Iraq": "IRQ", "Ireland": "IRL", "Italy": "ITA", "Lao PDR": "LAO", "Lebanon": "LBN",
    "Mexico": "MEX", "New Zealand": "NZL", "Norway": "NOR", "Peru": "PER", "Philippines": "PHL", "Senegal": "SEN",
    "Sierra Leone": "SLE", "Spain": "ESP", "Sweden": "SWE", "Switzerland": "CHE", "The Netherlands": "NLD",
    "United Kingdom of Great Britain and Northern Ireland": "GBR", "Zambia": "ZMB",
}  # fmt: skip
ORGANISATIONS = {"CMC", "ICRC", "Secretariat ISU-CCM", "Freedonia"}  # Freedonia: no State, so an organisation


def expected_key(name: str) -> str:
    assert name in STATES or name in ORGANISATIONS, f"say whether {name} is a State"
    return STATES.get(name) or normalise_name(name)


def key(attendance: Attendance) -> str:
    delegation = attendance.delegation
    return delegation.state.iso3 if delegation.state_id else normalise_name(delegation.organisation.name)


def share(found: set, wanted: set) -> float:
    return len(found & wanted) / len(wanted) if wanted else 1.0


@pytest.mark.parametrize("name", FILES)
def test_import_minutes_reads_each_layout_on_a_fresh_database(name, isu_staff, tmp_path):
    truth = json.loads((LAYOUTS / name).with_suffix(".json").read_text(encoding="utf-8"))
    path = tmp_path / name
    path.write_bytes((LAYOUTS / name).read_bytes())
    call_command("import_minutes", str(path), "--user", isu_staff.username, stdout=io.StringIO())

    meeting = Meeting.objects.get()
    assert meeting.date == datetime.date.fromisoformat(truth["date"])
    rows = list(meeting.attendances.select_related("delegation__state", "delegation__organisation", "person"))
    here = [r for r in rows if r.status in (Attendance.Status.PRESENT, Attendance.Status.REMOTE)]
    delegations = {key(r) for r in here}
    people = {(key(r), normalise_name(f"{r.person.first_name} {r.person.last_name}")) for r in here if r.person}
    want_delegations = {expected_key(d) for d in truth["delegations"]}
    want_people = {(expected_key(d), normalise_name(p)) for d, p in truth["people"]}
    assert share(delegations, want_delegations) >= 0.98 and share(want_delegations, delegations) >= 0.98
    assert share(people, want_people) >= 0.98 and share(want_people, people) >= 0.98
    excused = {
        (key(r), normalise_name(f"{r.person.first_name} {r.person.last_name}") if r.person else "")
        for r in rows
        if r.status == Attendance.Status.APOLOGIES
    }
    want_excused = set()
    for apology in truth["apologies"]:
        delegation, _, person = apology.partition(": ")
        want_excused.add((expected_key(delegation), normalise_name(person)))
    assert excused == want_excused
    # States are States: every State of the minutes sits as a State, none as an organisation
    states = {r.delegation.state.iso3 for r in rows if r.delegation.state_id}
    assert states == {
        STATES[d]
        for d in truth["delegations"] + [a.split(": ")[0] for a in truth["apologies"]] + truth.get("absent", [])
        if d in STATES
    }
    assert not Organisation.objects.filter(name__in=STATES).exists()
