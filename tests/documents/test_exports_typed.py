"""Typed exports (issue 15): every spreadsheet the portal serves, fetched through its real URL.

In Excel an amount is a number shown in CHF, a date is a date cell with a date format, and
nothing numeric hides as text; in CSV an amount has a plain decimal point (1234.50, never
1'234.50 or 1,234.50) and a date is ISO (2017-01-05). The columns each export must type are
listed here, export by export; a new export URL must be added (the test fails otherwise)."""

import csv
import datetime
import io
import re
from decimal import Decimal, InvalidOperation

import pytest
from django.urls import get_resolver, reverse
from openpyxl import load_workbook

from coordinators.models import ActionPlan, Output, ProgressUpdate, TargetState
from directory.models import Mandate
from finance import services
from finance.models import FinancialYear, Invoice, ScalePeriod
from tests.documents.test_exports import _export_names
from tests.factories import StateFactory, TermFactory, ThematicAreaFactory

pytestmark = pytest.mark.django_db

CHF_FORMATS = {'#,##0.00 "CHF"', '"CHF" #,##0.00'}


# Every export of the portal (outreach serves none today) and what its columns hold.
# money: amounts (numeric, CHF format); dates: date cells; numbers: other figures (numeric).
EXPORTS = {
    "finance:export": {
        "money": ["amount_chf", "paid_chf", "outstanding_chf"],
        "dates": ["issue_date", "due_date"],
        "numbers": ["year"],
    },
    "coordinators:plan-export": {
        "money": [],
        "dates": ["deadline"],
        "numbers": ["output", "baseline", "target", "reached"],
    },
    "coordinators:targets-export": {"money": [], "dates": [], "numbers": []},
}
FORMATS = ("csv", "xlsx")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_every_export_of_the_portal_has_its_columns_listed_here():
    assert sorted(set(_export_names(get_resolver()))) == sorted(EXPORTS)


@pytest.fixture
def world(italy, australia, coordinator_va, isu_staff):
    """A plan output with progress, a target, two invoices (one partly paid) and a credit note."""
    term = TermFactory(start=datetime.date(2016, 9, 7), end=None)
    area = ThematicAreaFactory(name="Clearance", slug="clearance", order=1)
    Mandate.objects.create(area=area, term=term, state=italy)
    plan = ActionPlan.objects.create(area=area, term=term, title="Plan", starts=datetime.date(2016, 12, 1))
    output = Output.objects.create(
        plan=plan, number=1, text="Survey the suspected areas", indicator="areas surveyed",
        baseline=Decimal("2"), target_value=Decimal("12.5"), unit="areas", deadline=datetime.date(2017, 6, 30),
    )  # fmt: skip
    ProgressUpdate.objects.create(output=output, date=datetime.date(2017, 3, 1), value=Decimal("7.25"))
    TargetState.objects.create(area=area, term=term, state=australia, reason="other", note="Visit planned")
    payer = StateFactory(iso3="QTY", iso2="QT", name="Typeland")
    period = ScalePeriod.objects.create(name="2016-2018")
    year = FinancialYear.objects.create(year=2017, isu_budget=Decimal("100000.00"), scale_period=period)
    big = Invoice.objects.create(
        financial_year=year, number=1, kind=Invoice.Kind.ISU_CONTRIBUTION, state=payer,
        amount=Decimal("12345.60"), issue_date=datetime.date(2017, 1, 5), due_date=datetime.date(2017, 3, 31),
    )  # fmt: skip
    small = Invoice.objects.create(
        financial_year=year, number=2, kind=Invoice.Kind.UN_SERVICES, state=payer,
        amount=Decimal("1447.50"), issue_date=datetime.date(2017, 1, 5), due_date=datetime.date(2017, 3, 31),
    )  # fmt: skip
    Invoice.objects.create(
        financial_year=year, number=3, kind=Invoice.Kind.CREDIT_NOTE, state=payer, credit_note_for=small,
        amount=Decimal("-100.00"), issue_date=datetime.date(2017, 2, 1), due_date=datetime.date(2017, 2, 1),
    )  # fmt: skip
    Invoice.objects.filter(pk=small.pk).store_balances()  # as credit_note_issue does
    services.payment_record(state=payer, date=datetime.date(2017, 2, 10), amount=Decimal("2000.00"), invoice=big)
    return {  # who may export, and the URL's arguments before the format
        "finance:export": (isu_staff, []),
        "coordinators:plan-export": (coordinator_va, [plan.pk]),
        "coordinators:targets-export": (coordinator_va, []),
    }


def _fetch(client, world, name, fmt):
    user, args = world[name]
    client.force_login(user)
    response = client.get(reverse(name, args=[*args, fmt]))
    assert response.status_code == 200
    return response.content


def _is_decimal(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


@pytest.mark.parametrize("name", list(EXPORTS))
def test_excel_cells_are_typed(client, world, name):
    sheet = load_workbook(io.BytesIO(_fetch(client, world, name, "xlsx"))).active
    rows = list(sheet.iter_rows())
    header = [cell.value for cell in rows[0]]
    assert len(rows) > 1, "the export has rows to check"
    expected = EXPORTS[name]
    for row in rows[1:]:
        cells = dict(zip(header, row, strict=False))
        for column in expected["money"]:
            cell = cells[column]
            assert cell.data_type == "n" and isinstance(cell.value, int | float), (column, cell.value)
            assert cell.number_format in CHF_FORMATS, (column, cell.number_format)
        for column in expected["dates"]:
            cell = cells[column]
            assert cell.is_date and isinstance(cell.value, datetime.datetime), (column, cell.value)
            assert "yy" in cell.number_format and "d" in cell.number_format, (column, cell.number_format)
        for column in expected["numbers"]:
            cell = cells[column]
            assert cell.data_type == "n" and not cell.is_date, (column, cell.value)
        for column, cell in cells.items():  # nothing numeric, nothing date-like, is stored as text
            if cell.data_type == "s" and cell.value:
                assert not _is_decimal(cell.value) and not ISO_DATE.match(cell.value), (column, cell.value)


def test_the_invoice_export_carries_the_amounts_to_the_centime(client, world):
    sheet = load_workbook(io.BytesIO(_fetch(client, world, "finance:export", "xlsx"))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = rows[0]
    by_number = {row[header.index("number")]: row for row in rows[1:]}
    big = by_number["2017-0001"]
    assert [big[header.index(c)] for c in ("amount_chf", "paid_chf", "outstanding_chf")] == [12345.6, 2000, 10345.6]
    assert big[header.index("issue_date")] == datetime.datetime(2017, 1, 5)
    assert by_number["2017-0003"][header.index("amount_chf")] == -100


@pytest.mark.parametrize("name", list(EXPORTS))
def test_csv_amounts_have_a_plain_point_and_dates_are_iso(client, world, name):
    body = _fetch(client, world, name, "csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body, newline="")))
    header, expected = rows[0], EXPORTS[name]
    assert len(rows) > 1
    for row in rows[1:]:
        cells = dict(zip(header, row, strict=True))
        for column in expected["money"]:
            assert re.fullmatch(r"-?\d+\.\d\d", cells[column]), (column, cells[column])
            Decimal(cells[column])
        for column in expected["dates"]:
            assert datetime.date.fromisoformat(cells[column]) and ISO_DATE.match(cells[column])
        for column in expected["numbers"]:
            assert re.fullmatch(r"-?\d+(\.\d+)?", cells[column]), (column, cells[column])


def test_the_invoice_csv_reads_back_as_decimals(client, world):
    body = _fetch(client, world, "finance:export", "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    big = next(row for row in rows if row["number"] == "2017-0001")
    assert (Decimal(big["amount_chf"]), Decimal(big["paid_chf"]), Decimal(big["outstanding_chf"])) == (
        Decimal("12345.60"), Decimal("2000.00"), Decimal("10345.60"),
    )  # fmt: skip
    assert (big["amount_chf"], big["issue_date"]) == ("12345.60", "2017-01-05")


def test_a_column_titled_chf_is_an_amount_even_when_the_caller_forgets_to_say_so():
    from documents.exports import to_csv, to_xlsx

    columns, rows = ["state", "paid_chf", "on"], [["Typeland", 1447.5, datetime.datetime(2017, 6, 9, 8, 30)]]
    cells = list(load_workbook(io.BytesIO(to_xlsx("Sheet", columns, rows))).active.iter_rows())[1]
    assert (cells[1].data_type, cells[1].number_format in CHF_FORMATS) == ("n", True)
    assert cells[2].is_date and cells[2].number_format == "yyyy-mm-dd hh:mm"
    written = list(csv.reader(io.StringIO(to_csv(columns, rows).decode("utf-8-sig"), newline="")))[1]
    assert written == ["Typeland", "1447.50", "2017-06-09 08:30:00"]
