"""The one writer of the portal's spreadsheet exports (CSV and Excel).

A text that starts with = + - @ or a tab or carriage return is a formula to Excel and
LibreOffice (=HYPERLINK(...), =cmd|...): every text cell (and column title) that does is
prefixed with a single quote, in CSV as OWASP advises, and written to .xlsx as a string cell,
never a formula. Figures stay typed: numbers and Decimal amounts are numeric (a negative
amount is not text), dates and datetimes are date cells; CSV writes them with a plain
decimal point and ISO dates. The bottom layer: it imports no app of the portal."""

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
MONEY_FORMAT = "#,##0.00"
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


def _csv_cell(value) -> str:
    if value is None:
        return ""
    typed = _typed(value)
    if typed is None:
        return neutralised(str(value))
    if isinstance(typed, Decimal):
        return format(typed, "f")
    if isinstance(typed, datetime.datetime):
        return typed.isoformat(sep=" ")
    if isinstance(typed, datetime.date):
        return typed.isoformat()
    return str(typed)


def to_csv(columns: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_csv_cell(c) for c in columns])
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
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
    if number_format and isinstance(typed, int | float | Decimal) and not isinstance(typed, bool):
        cell.number_format = number_format


def to_xlsx(title: str, columns: Sequence[str], rows: Iterable[Sequence], *, money: Iterable[str] = ()) -> bytes:
    """One sheet: the column titles, then the rows. The columns named in money get '#,##0.00'."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(title)
    money = set(money)
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
    columns named in money get the CHF number format in Excel."""
    from django.http import HttpResponse

    if fmt == "xlsx":
        body, content_type = to_xlsx(sheet, columns, rows, money=money), XLSX_CONTENT_TYPE
    else:
        body, content_type = to_csv(columns, rows), CSV_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
