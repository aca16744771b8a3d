"""Reads written in SQL, in the SQL that PostgreSQL and SQLite both understand.

A few staff pages read their rows this way: the ISU and finance dashboards and a State's
outreach history. On those pages Django took three to six times as long to build and compile a
dozen querysets as the database took to run them (bench/README.md).

This module does what the ORM would do around such a query:
- values are passed in as the database takes them (`param_day`, `param_moment`);
- columns are read back as the ORM reads them, since SQLite gives a date as text, a moment
  without its zone and a decimal as a float (`read_day`, `read_moment`, `read_decimal`).

    from directory import sql
    for pk, title, day in sql.rows("SELECT id, title, date FROM ... WHERE date >= %s", sql.param_day(today)):
        ...
"""

from __future__ import annotations

import datetime
from decimal import Context, Decimal

from django.db import connection

# Django's SQLite converter reads a decimal to 15 significant digits.
_SQLITE_DECIMALS = Context(prec=15)


def rows(query: str, *params) -> list[tuple]:
    """All the rows of a read query (placeholders %s, as with a cursor)."""
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def param_day(value: datetime.date):
    return connection.ops.adapt_datefield_value(value)


def param_moment(value: datetime.datetime):
    return connection.ops.adapt_datetimefield_value(value)


def read_day(value) -> datetime.date | None:
    """A date column: PostgreSQL gives a date, SQLite its ISO text."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def read_moment(value) -> datetime.datetime | None:
    """A moment column: PostgreSQL gives it with its zone, SQLite without, in UTC (as stored)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=datetime.UTC)


def read_decimal(value, places: int | None = None) -> Decimal | None:
    """A decimal column or sum: PostgreSQL gives a Decimal, SQLite a number, made a Decimal as
    Django's SQLite converter makes it (to 15 digits, and to the field's `places` if given)."""
    if value is None or isinstance(value, Decimal):
        return value
    number = _SQLITE_DECIMALS.create_decimal_from_float(float(value))
    return number.quantize(Decimal(1).scaleb(-places)) if places is not None else number
