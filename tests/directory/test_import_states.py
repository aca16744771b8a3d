"""import_states: the CSV parser (pure) and the command (creates, idempotent, updates, refuses bad input)."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory import importers
from directory.models import Convention, Obligation, State, StateAlias, TreatyStatus
from tests.factories import StateFactory

FIXTURES = Path(__file__).parent / "fixtures"
STATES_CSV = FIXTURES / "states.csv"
HEADER = STATES_CSV.read_text().splitlines()[0]


def run(path, *args) -> str:
    out = io.StringIO()
    call_command("import_states", str(path), *args, stdout=out)
    return out.getvalue()


def csv_file(tmp_path, *lines, header=HEADER) -> Path:
    path = tmp_path / "states.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def parse(*lines, header=HEADER):
    return importers.parse_status_rows(io.StringIO("\n".join([header, *lines]) + "\n"))


# --- the parser, without a database --------------------------------------------------------------


def test_parser_reads_typed_rows_with_their_line_numbers():
    with STATES_CSV.open(newline="") as file:
        rows = importers.parse_status_rows(file)
    assert [(r.line, r.iso3, r.status) for r in rows] == [
        (2, "QNA", "party"),
        (3, "QSA", "signatory"),
        (4, "QEA", "party"),
        (5, "QWA", "party"),
    ]
    northland = rows[0]
    assert northland.ratification == datetime.date(2009, 6, 16)
    assert northland.deadlines == {3: datetime.date(2018, 8, 1), 4: datetime.date(2020, 8, 1)}
    assert northland.source == "Test depositary record, excerpt A-Z"
    assert rows[2].signature is None and rows[2].instrument == "accession"
    assert rows[3].deadlines == {4: datetime.date(2023, 1, 1)}


@pytest.mark.parametrize(
    "line, message",
    [
        ("Northland,QNA,member,2008-12-03,,,,,,,x", "line 2: Northland: unknown status 'member'"),
        ("Northland,QNA,party,2008-12-03,2009-13-01,ratification,,,,,x", "2009-13-01' is not a valid date"),
        ("Northland,QNA,party,03/12/2008,,,,,,,x", "'03/12/2008' is not a date in the form YYYY-MM-DD"),
        ("Northland,QN,party,,,,,,,,x", "iso3 'QN' is not a three-letter code"),
        (",QNA,party,,,,,,,,x", "line 2: the name is empty"),
        ("Northland,QNA,party,2008-12-03,2009-06-16,signature,,,,,x", "unknown instrument 'signature'"),
        ("Northland,QNA,signatory,2008-12-03,2009-06-16,,,,,,x", "a signatory has no ratification"),
        ("Northland,QNA,party,2009-12-03,2009-06-16,ratification,,,,,x", "ratified before it signed"),
        ("Northland,QNA,party,2008-12-03", "line 2: expected 11 fields"),
        ("Northland,QNA,party,,,,,,,,x,surplus", "line 2: expected 11 fields"),
    ],
)
def test_parser_names_the_bad_line(line, message):
    with pytest.raises(importers.RowError) as error:
        parse(line)
    assert message in str(error.value)
    assert error.value.line == 2


def test_parser_refuses_a_repeated_state():
    with pytest.raises(importers.RowError, match="line 3: Northland: the same iso3 as line 2"):
        parse("Northland,QNA,party,,,,,,,,x", "Northland,QNA,signatory,,,,,,,,x")
    with pytest.raises(importers.RowError, match="line 3: the Northland: the same name as line 2"):
        parse("Northland,QNA,party,,,,,,,,x", "the Northland,QNB,signatory,,,,,,,,x")


def test_parser_refuses_missing_columns_and_empty_files():
    with pytest.raises(importers.RowError, match="line 1: missing column.*date_entry_into_force.*source"):
        importers.parse_status_rows((FIXTURES / "states-missing-column.csv").open(newline=""))
    with pytest.raises(importers.RowError, match="the file is empty"):
        importers.parse_status_rows(io.StringIO(""))


# --- the command -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_states_statuses_and_the_conventions():
    output = run(STATES_CSV)
    assert "4 rows. States: 4 created" in output
    assert set(Convention.objects.values_list("code", flat=True)) == {"ccm", "apmbc", "ccw-p5"}
    assert Convention.objects.get(code="ccw-p5").short_name == "CCW Protocol V"
    northland = State.objects.get(iso3="QNA")
    assert northland.name == "Northland" and northland.delegation.name == "Northland"
    status = northland.status_under("ccm")
    assert status.status == TreatyStatus.Status.PARTY
    assert (status.signature, status.ratification, status.entry_into_force) == (
        datetime.date(2008, 12, 3),
        datetime.date(2009, 6, 16),
        datetime.date(2010, 8, 1),
    )
    assert status.instrument == "ratification" and status.source.startswith("Test depositary record")
    assert State.objects.get(iso3="QSA").status_under("ccm").status == TreatyStatus.Status.SIGNATORY


@pytest.mark.django_db
def test_deadlines_are_not_imported_unless_asked_for():
    output = run(STATES_CSV)
    assert not Obligation.objects.exists()
    assert "3 States have Article 3/4 deadlines in the file that were not imported" in output


@pytest.mark.django_db
def test_importing_twice_changes_nothing():
    run(STATES_CSV, "--with-deadlines", "QNA")
    before = (
        list(State.objects.values()),
        list(TreatyStatus.objects.values()),
        list(Obligation.objects.values()),
        list(StateAlias.objects.values()),
    )
    output = run(STATES_CSV, "--with-deadlines", "QNA")
    after = (
        list(State.objects.values()),
        list(TreatyStatus.objects.values()),
        list(Obligation.objects.values()),
        list(StateAlias.objects.values()),
    )
    assert after == before
    assert "States: 0 created, 0 renamed" in output
    assert "0 created, 0 updated, 4 unchanged" in output
    assert "Obligations: 0 created, 0 updated" in output


@pytest.mark.django_db
def test_a_second_import_updates_changed_values_and_keeps_the_old_name_as_an_alias(tmp_path):
    run(STATES_CSV)
    changed = STATES_CSV.read_text().replace(
        "Southland,QSA,signatory,2008-12-03,,,,,,,",
        "Southland,QSA,party,2008-12-03,2016-02-10,ratification,2016-08-01,,,,",
    )
    changed = changed.replace("Westland,QWA", "Republic of Westland,QWA")
    output = run(csv_file(tmp_path, *changed.splitlines()[1:]))
    assert "States: 0 created, 1 renamed" in output
    assert "CCM statuses: 0 created, 1 updated, 3 unchanged" in output
    southland = State.objects.get(iso3="QSA").status_under("ccm")
    assert southland.status == TreatyStatus.Status.PARTY
    assert southland.entry_into_force == datetime.date(2016, 8, 1)
    westland = State.objects.get(iso3="QWA")
    assert westland.name == "Republic of Westland"
    assert westland.delegation.name == "Republic of Westland"
    assert list(westland.aliases.values_list("alias", flat=True)) == ["Westland"]


@pytest.mark.django_db
def test_a_bad_line_is_named_and_nothing_is_saved():
    with pytest.raises(CommandError, match="states-bad-date.csv, line 3: Southland: date_of_signature '3 Dec 2008'"):
        run(FIXTURES / "states-bad-date.csv")
    assert not State.objects.exists()
    assert not Convention.objects.exists()


@pytest.mark.django_db
def test_a_line_refused_while_saving_rolls_back_the_lines_before_it(tmp_path):
    StateFactory(iso3="QZZ", name="Eastland")  # the register already has this name for another code
    with pytest.raises(CommandError, match="line 4: Eastland: the register already has this name for QZZ"):
        run(STATES_CSV)
    assert list(State.objects.values_list("iso3", flat=True)) == ["QZZ"]
    assert not TreatyStatus.objects.exists()


@pytest.mark.django_db
def test_missing_columns_are_named():
    with pytest.raises(CommandError, match="line 1: missing column"):
        run(FIXTURES / "states-missing-column.csv")


@pytest.mark.django_db
def test_with_deadlines_records_the_named_states_original_deadlines_only():
    run(STATES_CSV, "--with-deadlines", "qna,QWA")
    assert sorted(Obligation.objects.values_list("state__iso3", "article", "original_deadline")) == [
        ("QNA", 3, datetime.date(2018, 8, 1)),
        ("QNA", 4, datetime.date(2020, 8, 1)),
        ("QWA", 4, datetime.date(2023, 1, 1)),
    ]


@pytest.mark.django_db
def test_all_deadlines_and_an_extension_survives_a_new_original(tmp_path):
    run(STATES_CSV, "--all-deadlines")
    assert Obligation.objects.count() == 5  # Northland 2, Eastland 2, Westland 1; the signatory none
    clearance = Obligation.objects.get(state__iso3="QNA", article=4)
    clearance.extended_deadline = datetime.date(2025, 8, 1)
    clearance.extension_source = "test MSP decision"
    clearance.save()
    corrected = STATES_CSV.read_text().replace("2018-08-01,2020-08-01", "2018-08-01,2020-09-01")
    output = run(csv_file(tmp_path, *corrected.splitlines()[1:]), "--all-deadlines")
    assert "Obligations: 0 created, 1 updated" in output
    clearance.refresh_from_db()
    assert clearance.original_deadline == datetime.date(2020, 9, 1)
    assert clearance.extended_deadline == datetime.date(2025, 8, 1)
    assert clearance.deadline == datetime.date(2025, 8, 1)


@pytest.mark.django_db
def test_with_deadlines_refuses_a_state_not_in_the_file():
    with pytest.raises(CommandError, match="not in the file: QXX"):
        run(STATES_CSV, "--with-deadlines", "QNA,QXX")
    assert not State.objects.exists()


@pytest.mark.django_db
def test_another_convention_gets_its_own_statuses():
    run(STATES_CSV)
    output = run(STATES_CSV, "--convention", "apmbc")
    assert "APMBC statuses: 4 created" in output
    assert "ignored for APMBC" in output
    northland = State.objects.get(iso3="QNA")
    assert {s.convention.code for s in northland.treaty_statuses.all()} == {"ccm", "apmbc"}
    assert not Obligation.objects.exists()


@pytest.mark.django_db
def test_deadlines_and_unknown_conventions_are_refused():
    with pytest.raises(CommandError, match="CCM obligations"):
        run(STATES_CSV, "--convention", "apmbc", "--all-deadlines")
    with pytest.raises(CommandError, match="Unknown convention 'ottawa'"):
        run(STATES_CSV, "--convention", "ottawa")
    assert not State.objects.exists()
    assert not Convention.objects.exists()


@pytest.mark.django_db
def test_dry_run_saves_nothing():
    output = run(STATES_CSV, "--dry-run", "--all-deadlines")
    assert output.startswith("Dry run, nothing saved: 4 rows. States: 4 created")
    assert not State.objects.exists() and not Obligation.objects.exists()


def test_an_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.csv")
