"""Reads written in SQL, in the SQL that PostgreSQL and SQLite both understand.

A few staff pages read their rows this way: the ISU and finance dashboards and a State's
outreach history. On those pages Django took three to six times as long to build and compile a
dozen querysets as the database took to run them (bench/README.md).

This module does what the ORM would do around such a query:
- values are passed in as the database takes them (`param_day`, `param_moment`);
- columns are read back as the ORM reads them, since SQLite gives a date as text, a moment
  without its zone and a decimal as a float (`read_day`, `read_moment`, `read_decimal`).

On PostgreSQL each such query is prepared once per connection (PREPARE, then EXECUTE): the
server parses and plans it once, which is a third of what these reads cost it (about 2 ms of
CPU per dashboard). A prepared statement is not used inside a transaction (a failed PREPARE
would end it) nor with DATABASE_PREPARED_STATEMENTS=false (for a pooler such as PgBouncer in
transaction mode, which cannot keep them). Each EXECUTE carries its query as a comment, so what
watches the SQL a page sends (pagecache/parts.py) still sees the tables it reads.

    from directory import sql
    for pk, title, day in sql.rows("SELECT id, title, date FROM ... WHERE date >= %s", sql.param_day(today)):
        ...
"""

from __future__ import annotations

import datetime
import re
from decimal import Context, Decimal

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections

# Django's SQLite converter reads a decimal to 15 significant digits.
_SQLITE_DECIMALS = Context(prec=15)


def rows(query: str, *params) -> list[tuple]:
    """All the rows of a read query (placeholders %s, as with a cursor)."""
    with connection.cursor() as cursor:
        name = _prepared(cursor, query)
        if name is None:
            cursor.execute(query, params)
        else:
            marks = ", ".join(["%s"] * len(params))
            comment = query.replace("%", "%%")  # the driver fills in the %s of the whole text
            cursor.execute(f"EXECUTE {name}{f' ({marks})' if params else ''} /* {comment} */", params)
        return cursor.fetchall()


def _prepared(cursor, query: str) -> str | None:
    """The name of `query` prepared on this connection (prepared now if it was not), or None
    where prepared statements are not used or the server would not prepare it."""
    if (
        connection.vendor != "postgresql"
        or connection.in_atomic_block
        or not settings.DATABASE_PREPARED_STATEMENTS
        or "*/" in query
    ):
        return None
    # on the connection itself (not on django.db.connection, a proxy), which connection_created gets
    prepared = connections[DEFAULT_DB_ALIAS].__dict__.setdefault("_prepared_reads", {})
    if query not in prepared:
        name = f"ccm_read_{len(prepared) + 1}"
        numbered = iter(range(1, query.count("%s") + 1))
        server_query = re.sub(r"%(s|%)", lambda m: f"${next(numbered)}" if m.group(1) == "s" else "%", query)
        try:
            cursor.execute(f"PREPARE {name} AS {server_query}")
        except DatabaseError:  # a parameter whose type the server cannot tell: run it as it is
            name = None
        prepared[query] = name
    return prepared[query]


def forget_prepared(sender, connection, **kwargs) -> None:
    """connection_created: a new connection has none of the old one's prepared statements."""
    connection.__dict__.pop("_prepared_reads", None)


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
