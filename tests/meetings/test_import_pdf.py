"""Minutes imported from PDF (issue 17): read with pdftotext -layout, two-column stretches column
by column; a PDF reads like the Word file of the same minutes, and like the text it was printed
from. Fixtures: tests/meetings/fixtures/layouts/ (make_pdfs.py writes the .pdf and .docx files,
the .json truth beside each is written by hand)."""

import datetime
import json
from pathlib import Path

import pytest

from directory.models import normalise_name as n
from meetings.importer import ImportErrorMessage, parse_minutes, read_document
from meetings.importer.pdf import reading_order

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
# A blank page: a PDF with no text, as a scan without OCR gives.
BLANK_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def read(name: str):
    return parse_minutes(read_document(name, (LAYOUTS / name).read_bytes()))


def what_was_read(parsed) -> dict:
    return {
        "date": str(parsed.date),
        "delegations": [n(d.name) for d in parsed.delegations],
        "people": [(n(d.name), n(f"{p.first_name} {p.last_name}")) for d in parsed.delegations for p in d.people],
        "apologies": sorted(
            [n(a) for a in parsed.apology_delegations]
            + [n(f"{p.delegation}: {p.first_name} {p.last_name}") for p in parsed.apologies]
        ),
        "agenda": [item.number for item in parsed.agenda],
        "remote": sorted(n(f"{p.first_name} {p.last_name}") for d in parsed.delegations for p in d.people if p.remote),
    }


def written_truth(stem: str) -> dict:
    truth = json.loads((LAYOUTS / f"{stem}.json").read_text(encoding="utf-8"))
    return {
        "date": truth["date"],
        "delegations": [n(d) for d in truth["delegations"]],
        "people": [(n(d), n(p)) for d, p in truth["people"]],
        "apologies": sorted(n(a) for a in truth["apologies"]),
        "agenda": truth["agenda"],
        "remote": sorted(n(p) for p in truth["remote"]),
    }


@pytest.mark.parametrize("stem", ["9-two-column-list", "9b-delegation-table"])
def test_a_pdf_imports_like_its_word_file(stem):
    pdf, docx = what_was_read(read(f"{stem}.pdf")), what_was_read(read(f"{stem}.docx"))
    assert pdf == docx == written_truth(stem)


def test_every_pdf_and_word_fixture_gives_what_it_holds():
    files = sorted(p.name for suffix in ("pdf", "docx") for p in LAYOUTS.glob(f"*.{suffix}"))
    assert len(files) == 14  # the ten text layouts printed as PDF, and two layouts as .pdf and .docx
    for name in files:
        parsed = read(name)
        expected = written_truth(name.rsplit(".", 1)[0])
        assert what_was_read(parsed) == expected, name


def test_two_columns_are_read_column_by_column_and_a_table_row_by_row():
    two_columns = [
        "PRESENT",
        "Austria – 8MSP President          Norway",
        "H.E. Lukas Brenner                Mr. Sverre Haldorsen",
        "Chile                             ICRC",
        "Ms. Valentina Rojo                Ms. Hélène Dufour",
        "Ms. Ana Soto",
        "",
        "1. Opening of the meeting",
    ]
    assert reading_order(two_columns) == [
        "PRESENT", "Austria – 8MSP President", "H.E. Lukas Brenner", "Chile", "Ms. Valentina Rojo", "Ms. Ana Soto",
        "Norway", "Mr. Sverre Haldorsen", "ICRC", "Ms. Hélène Dufour", "", "1. Opening of the meeting",
    ]  # fmt: skip
    table = [
        " Delegation              Participants",
        " Switzerland             H.E. Felix Aebersold",
        "                         Dr. Nora Imfeld",
        " Lao PDR                 Ms. Vilayvanh Phommachanh",
        "The President opened the meeting and   welcomed the participants.",
    ]
    assert reading_order(table) == [
        "Delegation Participants",
        "Switzerland H.E. Felix Aebersold",
        "Dr. Nora Imfeld",
        "Lao PDR Ms. Vilayvanh Phommachanh",
        "The President opened the meeting and   welcomed the participants.",
    ]


def test_the_original_line_is_kept_beside_each_guess():
    parsed = read("9b-delegation-table.pdf")
    assert parsed.date == datetime.date(2018, 12, 6)
    assert parsed.date_source == "Held on 6 December 2018 at the Permanent Mission of Switzerland, 10h00 to 12h00"
    switzerland = parsed.delegations[0]
    assert (switzerland.name, switzerland.capacity) == ("Switzerland", "9MSP President")
    assert switzerland.source == "Switzerland – 9MSP President H.E. Felix Aebersold"
    assert [p.source for p in switzerland.people] == [switzerland.source, "Dr. Nora Imfeld"]
    assert [(i.number, i.source) for i in parsed.agenda[:2]] == [
        ("1", "1. Opening of the meeting"),
        ("2", "2. Approval of the minutes of 8 November 2018"),
    ]


@pytest.mark.parametrize(
    "data, message",
    [
        (BLANK_PDF, "has no text to read"),
        (b"%PDF-1.7\nnot really a PDF", "damaged"),
        (b"<html>minutes</html>", "not a PDF"),
    ],
)
def test_unreadable_pdfs_get_a_clear_message(data, message):
    with pytest.raises(ImportErrorMessage, match=message):
        read_document("minutes.pdf", data)
