"""Reads written in SQL (directory/sql.py) give what the ORM gives for the same columns, on the
database the tests run on (SQLite in `make test`, PostgreSQL in CI)."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from coordinators.models import Output
from directory import sql
from meetings.models import Meeting

from ..factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_a_day_and_a_moment_read_as_the_orm_reads_them():
    meeting = MeetingFactory(date=datetime.date(2026, 2, 28))
    ((day, moment),) = sql.rows(
        f"SELECT date, created_at FROM {Meeting._meta.db_table} WHERE id = %s AND date >= %s",
        meeting.pk,
        sql.param_day(datetime.date(2026, 2, 1)),
    )
    orm = Meeting.objects.values_list("date", "created_at").get(pk=meeting.pk)
    assert (sql.read_day(day), sql.read_moment(moment)) == orm
    assert sql.read_moment(moment).tzinfo is not None
    assert sql.rows(f"SELECT id FROM {Meeting._meta.db_table} WHERE created_at <= %s", sql.param_moment(orm[1])) == [
        (meeting.pk,)
    ]
    assert sql.read_day(None) is None and sql.read_moment(None) is None


def test_decimals_and_their_sums_read_as_the_orm_reads_them():
    from ..factories import ActionPlanFactory

    plan = ActionPlanFactory()
    for n, (baseline, target) in enumerate(
        [("0.10", "12.35"), ("0.20", "7.05"), ("1234567.89", "1234568.01")], start=1
    ):
        Output.objects.create(plan=plan, number=n, text=f"Output {n}", baseline=Decimal(baseline),
                              target_value=Decimal(target), deadline=datetime.date(2027, 1, 1))  # fmt: skip
    table = Output._meta.db_table
    rows = sql.rows(f"SELECT baseline, target_value FROM {table} WHERE plan_id = %s ORDER BY number", plan.pk)
    read = [(sql.read_decimal(b, 2), sql.read_decimal(t, 2)) for b, t in rows]
    assert read == list(Output.objects.filter(plan=plan).order_by("number").values_list("baseline", "target_value"))
    ((total,),) = sql.rows(f"SELECT SUM(baseline) FROM {table} WHERE plan_id = %s", plan.pk)
    assert (
        sql.read_decimal(total).quantize(Decimal("0.01"))
        == Output.objects.filter(plan=plan).aggregate(s=Sum("baseline"))["s"]
        == Decimal("1234568.19")
    )
    assert sql.read_decimal(None) is None


def _prepared_statements() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_read_is_prepared_once_per_connection_and_reads_the_same():
    from django.db import connection

    meeting = MeetingFactory(title="Freedonia meeting")
    query = f"SELECT id, title FROM {Meeting._meta.db_table} WHERE id = %s AND title LIKE %s"
    assert sql.rows(query, meeting.pk, "Freedonia%") == [(meeting.pk, "Freedonia meeting")]
    assert sql.rows(query, meeting.pk, "Sylvania%") == []  # the same statement, other values
    assert sum("Freedonia" not in s and Meeting._meta.db_table in s for s in _prepared_statements()) == 1
    connection.close()  # a new connection has none: prepared again, not EXECUTEd blindly
    assert sql.rows(query, meeting.pk, "Freedonia%") == [(meeting.pk, "Freedonia meeting")]
    # One the server cannot prepare (a parameter of no known type) is run as it is.
    assert sql.rows("SELECT %s", "as it is") == [("as it is",)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_reads_are_not_prepared(settings):
    from django.db import transaction

    meeting = MeetingFactory()
    with transaction.atomic():
        before = _prepared_statements()
        assert sql.rows(f"SELECT id FROM {Meeting._meta.db_table} WHERE id = %s", meeting.pk) == [(meeting.pk,)]
        assert _prepared_statements() == before
    settings.DATABASE_PREPARED_STATEMENTS = False
    sql.rows(f"SELECT title FROM {Meeting._meta.db_table} WHERE id = %s", meeting.pk)
    assert not any("SELECT title" in s for s in _prepared_statements())
