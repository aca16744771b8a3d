"""The one writer of the portal's spreadsheet exports (CSV and Excel).

A text that starts with = + - @ or a tab or carriage return is a formula to Excel and
LibreOffice (=HYPERLINK(...), =cmd|...): every text cell (and column title) that does is
prefixed with a single quote, in CSV as OWASP advises, and written to .xlsx as a string cell,
never a formula. Figures stay typed: numbers and Decimal amounts are numeric (a negative
amount is not text), dates and datetimes are date cells with a date format, and the amount
columns (those the caller names in `money`, and every column whose title ends in "_chf") are
shown in CHF ('#,##0.00 "CHF"'); CSV writes them with a plain decimal point (1234.56, no
thousands separator, two decimals for an amount) and ISO dates. The bottom layer: it imports
no app of the portal."""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils import timezone

# What a spreadsheet reads as the start of a formula; the full-width forms too, which some
# Excel locales convert.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
MONEY_FORMAT = '#,##0.00 "CHF"'
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
CENTIME = Decimal("0.01")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

_SHEET_TITLE_REFUSED = re.compile(r"[\\/?*\[\]:]")
# Control characters the .xlsx format cannot hold (openpyxl refuses them).
_XLSX_REFUSED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralised(text: str) -> str:
    """The text as a spreadsheet shows it and never evaluates: quoted when it starts a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _typed(value):
    """A number, a date or a datetime as itself (a datetime in local time, naive), else None."""
    if isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value
    return None


def money_columns(columns: Sequence[str], money: Iterable[str] = ()) -> set[str]:
    """The amount columns: those named in money, and every column whose title ends in "_chf"."""
    return set(money) | {str(c) for c in columns if str(c).lower().endswith("_chf")}


def _to_the_centime(amount):
    """An amount with two decimals (1234.5 is 1234.50); one beyond Decimal's precision as it is."""
    try:
        return Decimal(str(amount)).quantize(CENTIME)
    except ArithmeticError:
        return amount


def _csv_cell(value, is_money: bool = False) -> str:
    if value is None:
        return ""
    typed = _typed(value)
    if typed is None:
        return neutralised(str(value))
    if is_money and isinstance(typed, int | float | Decimal) and not isinstance(typed, bool):
        typed = _to_the_centime(typed)
    if isinstance(typed, Decimal):
        return format(typed, "f")
    if isinstance(typed, datetime.datetime):
        return typed.isoformat(sep=" ")
    if isinstance(typed, datetime.date):
        return typed.isoformat()
    return str(typed)


def to_csv(columns: Sequence[str], rows: Iterable[Sequence], *, money: Iterable[str] = ()) -> bytes:
    """The column titles, then the rows; the amount columns to the centime (1234.50)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_cell(c) for c in columns])
    amounts = money_columns(columns, money)
    is_money = [column in amounts for column in columns]
    for row in rows:
        writer.writerow([_csv_cell(v, col < len(is_money) and is_money[col]) for col, v in enumerate(row)])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets Excel read the accents


def _sheet_title(title: str) -> str:
    return _SHEET_TITLE_REFUSED.sub("-", str(title))[:31].strip(" '") or "Sheet"


def _put(cell, value, number_format: str | None = None) -> None:
    if value is None:
        return
    typed = _typed(value)
    if typed is None:
        # Assigned, then typed "s" again: openpyxl would make a formula of any text starting with "=".
        cell.value = neutralised(_XLSX_REFUSED.sub("", str(value)))
        cell.data_type = "s"
        return
    cell.value = typed
    if isinstance(typed, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(typed, datetime.date):
        cell.number_format = DATE_FORMAT
    elif number_format and isinstance(typed, int | float | Decimal) and not isinstance(typed, bool):
        cell.number_format = number_format


def to_xlsx(title: str, columns: Sequence[str], rows: Iterable[Sequence], *, money: Iterable[str] = ()) -> bytes:
    """One sheet: the column titles, then the rows. The amount columns (named in money, or titled
    "..._chf") get the CHF number format, dates a date format."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(title)
    money = money_columns(columns, money)
    formats = [MONEY_FORMAT if column in money else None for column in columns]
    for col, column in enumerate(columns, start=1):
        _put(sheet.cell(row=1, column=col), column)
    for row_number, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            _put(sheet.cell(row=row_number, column=col), value, formats[col - 1] if col <= len(formats) else None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(fmt: str, *, sheet: str, columns: Sequence[str], rows, filename: str, money: Iterable[str] = ()):
    """The rows as a CSV or Excel attachment (fmt: "csv" or "xlsx"), named filename.<fmt>; the
    amount columns (named in money, or titled "..._chf") get the CHF number format in Excel and
    two decimals in CSV."""
    from django.http import HttpResponse

    if fmt == "xlsx":
        body, content_type = to_xlsx(sheet, columns, rows, money=money), XLSX_CONTENT_TYPE
    else:
        body, content_type = to_csv(columns, rows, money=money), CSV_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
