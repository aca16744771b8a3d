"""Formula injection in the CSV and Excel exports (issue 13).

A cell that starts with = + - @ or a tab or carriage return is a formula to Excel and
LibreOffice: the text of a State's note or an output must reach the spreadsheet as text, and
the figures, dates and amounts must stay typed. The writers are tested alone, then every
export URL of the portal is fetched with a hostile text in it and its served bytes read back."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from coordinators.models import ActionPlan, Output, TargetState
from directory.models import Mandate
from documents.exports import MONEY_FORMAT, to_csv, to_xlsx
from finance.models import FinancialYear, Invoice, ScalePeriod
from tests.factories import StateFactory, TermFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://x","y")'
HOSTILE = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1", HYPERLINK]
NEUTRALISED = ["'=1+1", "'+cmd", "'-2+3", "'@SUM(A1)", "'\t=1", "'\r=1", "'" + HYPERLINK]
HARMLESS_TEXT = ["Italy", "2017-0001", "a = b", "", "Côte d'Ivoire"]

# Every export of the portal, with the formats it serves. A new export must be added here
# (test_every_export_url_is_listed_here fails otherwise).
EXPORT_URLS = {
    "coordinators:plan-export": ("csv", "xlsx"),
    "coordinators:targets-export": ("csv", "xlsx"),
    "finance:export": ("csv", "xlsx"),
}
EXPORTISH = re.compile(r"export|csv|xls", re.I)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def read_xlsx(body: bytes):
    return [list(row) for row in load_workbook(io.BytesIO(body)).active.iter_rows()]


# --- The writers alone ----------------------------------------------------------------------


def test_csv_prefixes_every_hostile_text_with_a_quote():
    rows = read_csv(to_csv(["text"], [[value] for value in HOSTILE + HARMLESS_TEXT]))
    assert [row[0] for row in rows] == ["text"] + NEUTRALISED + HARMLESS_TEXT


def test_xlsx_writes_every_hostile_text_as_a_string_cell():
    rows = read_xlsx(to_xlsx("Sheet", ["text"], [[value] for value in HOSTILE]))
    cells = [row[0] for row in rows[1:]]
    assert [cell.data_type for cell in cells] == ["s"] * len(HOSTILE)
    assert [cell.value for cell in cells] == NEUTRALISED
    assert not any(str(cell.value).startswith("=") for cell in cells)


def test_a_hostile_column_title_is_neutralised_too():
    assert read_csv(to_csv(["=1+1", "note"], []))[0] == ["'=1+1", "note"]
    header = read_xlsx(to_xlsx("Sheet", ["=1+1", "note"], []))[0]
    assert [(c.data_type, c.value) for c in header] == [("s", "'=1+1"), ("s", "note")]


def test_numbers_dates_and_amounts_stay_typed_in_xlsx():
    row = [-5, Decimal("-1234.50"), datetime.date(2017, 6, 9), 2.5, None, "-5"]
    cells = read_xlsx(to_xlsx("Sheet", list("abcdef"), [row]))[1]
    assert [cell.data_type for cell in cells] == ["n", "n", "d", "n", "n", "s"]
    assert [cell.value for cell in cells] == [-5, -1234.5, datetime.datetime(2017, 6, 9), 2.5, None, "'-5"]
    assert cells[2].is_date and "yy" in cells[2].number_format


def test_numbers_dates_and_amounts_stay_plain_in_csv():
    row = [-5, Decimal("-1234.50"), datetime.date(2017, 6, 9), 2.5, None, "-5", Decimal("1E+3")]
    assert read_csv(to_csv(list("abcdefg"), [row]))[1] == ["-5", "-1234.50", "2017-06-09", "2.5", "", "'-5", "1000"]


def test_a_money_column_gets_the_money_format_when_the_caller_asks():
    cells = read_xlsx(to_xlsx("Sheet", ["state", "amount"], [["Italy", Decimal("1447.50")]], money=["amount"]))[1]
    assert (cells[1].data_type, cells[1].value, cells[1].number_format) == ("n", 1447.5, MONEY_FORMAT)


def test_an_aware_datetime_is_written_in_local_time_without_crashing(settings):
    settings.TIME_ZONE = "Europe/Zurich"
    moment = datetime.datetime(2017, 6, 9, 8, 30, tzinfo=datetime.UTC)
    assert read_csv(to_csv(["at"], [[moment]]))[1] == ["2017-06-09 10:30:00"]
    cell = read_xlsx(to_xlsx("Sheet", ["at"], [[moment]]))[1][0]
    assert (cell.data_type, cell.value) == ("d", datetime.datetime(2017, 6, 9, 10, 30))


def test_a_sheet_title_or_a_text_excel_refuses_does_not_break_the_export():
    body = to_xlsx("Clearance / Risk: [Education]?*", ["note"], [["bell\x07 and null\x00 byte"]])
    workbook = load_workbook(io.BytesIO(body))
    assert workbook.active.title == "Clearance - Risk- -Education---"[:31]
    assert workbook.active["A2"].value == "bell and null byte"


# --- Every export URL, with a hostile text in it --------------------------------------------


def _export_names(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _export_names(pattern, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name and EXPORTISH.search(str(pattern.pattern)):
            yield prefix + pattern.name


def test_every_export_url_is_listed_here():
    assert sorted(set(_export_names(get_resolver()))) == sorted(EXPORT_URLS)


@pytest.fixture
def hostile_world(italy, australia, coordinator_va, isu_staff):
    """A plan, a target and an invoice, each with =HYPERLINK(...) in its texts."""
    term = TermFactory(start=datetime.date(2016, 9, 7), end=None)
    area = ThematicAreaFactory(name="Clearance / Risk Education", slug="clearance", order=1)
    Mandate.objects.create(area=area, term=term, state=italy)
    plan = ActionPlan.objects.create(area=area, term=term, title="Plan", starts=datetime.date(2016, 12, 1))
    Output.objects.create(
        plan=plan, number=1, text=HYPERLINK, indicator="+cmd", target_value=Decimal(5), unit="@SUM(A1)",
        deadline=datetime.date(2017, 6, 30), serves_action="-2+3",
    )  # fmt: skip
    TargetState.objects.create(area=area, term=term, state=australia, reason="other", note=HYPERLINK)
    hostile_state = StateFactory(iso3="XXH", iso2="XH", name=HYPERLINK)
    period = ScalePeriod.objects.create(name="2016-2018")
    year = FinancialYear.objects.create(year=2017, isu_budget=Decimal("1000.00"), scale_period=period)
    invoice = Invoice.objects.create(
        financial_year=year, number=1, kind=Invoice.Kind.ISU_CONTRIBUTION, state=hostile_state,
        amount=Decimal("1447.50"), issue_date=datetime.date(2017, 1, 5), due_date=datetime.date(2017, 3, 31),
    )  # fmt: skip
    Invoice.objects.create(
        financial_year=year, number=2, kind=Invoice.Kind.CREDIT_NOTE, state=hostile_state, credit_note_for=invoice,
        amount=Decimal("-100.00"), issue_date=datetime.date(2017, 2, 1), due_date=datetime.date(2017, 2, 1),
    )  # fmt: skip
    Invoice.objects.filter(pk=invoice.pk).store_balances()  # as credit_note_issue does
    return {  # who may export, and the URL's arguments before the format
        "coordinators:plan-export": (coordinator_va, [plan.pk]),
        "coordinators:targets-export": (coordinator_va, []),
        "finance:export": (isu_staff, []),
    }


CASES = [(name, fmt) for name, formats in EXPORT_URLS.items() for fmt in formats]


@pytest.mark.parametrize("name, fmt", CASES)
def test_no_export_serves_a_formula(client, hostile_world, name, fmt):
    user, args = hostile_world[name]
    client.force_login(user)
    response = client.get(reverse(name, args=[*args, fmt]))
    assert response.status_code == 200
    if fmt == "csv":
        assert response["Content-Type"].startswith("text/csv")
        cells = [cell for row in read_csv(response.content) for cell in row]
        assert "'" + HYPERLINK in cells
        assert not [cell for cell in cells if cell[:1] in ("=", "+", "@", "\t", "\r")]
        assert not [cell for cell in cells if cell.startswith("-") and not _is_number(cell)]
    else:
        assert response["Content-Type"] == XLSX
        cells = [cell for row in read_xlsx(response.content) for cell in row]
        assert [cell for cell in cells if cell.data_type == "f"] == []
        assert ("s", "'" + HYPERLINK) in [(cell.data_type, cell.value) for cell in cells]
        assert not [cell for cell in cells if isinstance(cell.value, str) and cell.value.startswith("=")]


def test_the_invoice_export_keeps_amounts_numeric_and_a_credit_note_negative(client, hostile_world, isu_staff):
    client.force_login(isu_staff)
    rows = read_xlsx(client.get(reverse("finance:export", args=["xlsx"])).content)
    header = [cell.value for cell in rows[0]]
    amounts = [(row[header.index("amount_chf")].data_type, row[header.index("amount_chf")].value) for row in rows[1:]]
    assert sorted(amounts) == [("n", -100), ("n", 1447.5)]
    for column in ("amount_chf", "paid_chf", "outstanding_chf"):  # shown as CHF amounts in Excel
        assert {row[header.index(column)].number_format for row in rows[1:]} == {MONEY_FORMAT}
    csv_rows = read_csv(client.get(reverse("finance:export", args=["csv"])).content)
    assert sorted(row[csv_rows[0].index("amount_chf")] for row in csv_rows[1:]) == ["-100.00", "1447.50"]


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True
