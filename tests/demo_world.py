"""The demo world, built once per test process and put back in each test that asks for it.

`manage.py load_demo` takes seconds (it goes through the services: histories, numbering, letters
merged). The first test of a process that asks for the demo runs it for real, inside its own
transaction, and records what it added: every row of every table that was not there before (and,
for the variant with its PDFs rendered, the files written to MEDIA_ROOT). Every later test of that
process gets the same rows back with a few INSERTs inside ITS transaction, so the usual rollback
at the end of each test still leaves an empty database for the next one.

The rows are put back with a few INSERTs only on the database they were recorded from: the state
before the demo (content types, permissions, the rows the migrations write) must be exactly the
recorded one (a process keeps one recording per starting state, e.g. with and without a persona
made before the demo). If the database is as fresh as the recorded one but not identical (a
transactional test flushed it, and post_migrate wrote the content types again with other ids),
every table is emptied and the whole recorded state written back: milliseconds, not the seconds
of a new load. Anything else is built again the slow way and recorded too.
"""

from __future__ import annotations

import datetime
import io
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

Rows = dict[str, frozenset]


def _value(value):
    """A value as the database driver takes it back (psycopg2 reads bytea as a memoryview; Python's
    sqlite3 has no adapter for the times Django's converters read)."""
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, datetime.time) and connection.vendor == "sqlite":
        return value.isoformat()
    return value


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


def _read(tables: list[str]) -> tuple[Rows, dict[str, list[str]]]:
    rows, columns = {}, {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - table names from the introspection
            columns[table] = [d[0] for d in cursor.description]
            rows[table] = frozenset(tuple(_value(v) for v in row) for row in cursor.fetchall())
    return rows, columns


def _in_key_order(table: str, columns: list[str], rows: frozenset) -> list[tuple]:
    """Rows in the order they were created (by primary key), as the tables hold them after a real load."""
    with connection.cursor() as cursor:
        at = columns.index(connection.introspection.get_primary_key_column(cursor, table))
    return sorted(rows, key=lambda row: row[at])


@dataclass
class Snapshot:
    before: Rows
    columns: dict[str, list[str]]
    added: dict[str, list[tuple]] = field(default_factory=dict)
    removed: dict[str, list[tuple]] = field(default_factory=dict)
    media: Path | None = None

    def restore(self) -> None:
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for table, rows in self.removed.items():
                pk = connection.introspection.get_primary_key_column(cursor, table)
                at = self.columns[table].index(pk)
                cursor.executemany(f"DELETE FROM {quote(table)} WHERE {quote(pk)} = %s", [(r[at],) for r in rows])  # noqa: S608
            for table, rows in self.added.items():
                names = ", ".join(quote(c) for c in self.columns[table])
                marks = ", ".join(["%s"] * len(self.columns[table]))
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608
            models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in self.added]
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        self._restore_media()

    def restore_all(self) -> None:
        """Every recorded table back as it was after the demo was loaded, whatever it holds now.

        After a transactional test flushed the database, the rows the post_migrate signal writes
        (content types, permissions) come back with other ids: the tables are emptied and the
        whole recorded state (what was there before the demo, and the demo) written again."""
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.columns:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 - names from the introspection
            for table, columns in self.columns.items():
                gone = set(self.removed.get(table, ()))
                rows = [r for r in _in_key_order(table, columns, self.before[table]) if r not in gone]
                rows += self.added.get(table, [])
                if rows:
                    names = ", ".join(quote(c) for c in columns)
                    marks = ", ".join(["%s"] * len(columns))
                    cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608
            models = [m for m in apps.get_models(include_auto_created=True) if m._meta.db_table in self.columns]
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        ContentType.objects.clear_cache()
        self._restore_media()

    def _restore_media(self) -> None:
        if self.media is not None:
            shutil.copytree(self.media, settings.MEDIA_ROOT, dirs_exist_ok=True)


_SNAPSHOTS: dict[tuple[str, bool], list[Snapshot]] = {}
# The tables a new or flushed test database already holds rows in: what post_migrate writes
# (content types, permissions) and the rows of the data migrations (tests/conftest.py).
SETUP_TABLES = frozenset({"django_content_type", "auth_permission", "meetings_participantcategory"})


def _fresh(rows: Rows) -> bool:
    """A database as the set-up left it: no test has written anything yet."""
    return all(not values for table, values in rows.items() if table not in SETUP_TABLES)


def load(*, rendered: bool = False, capture_on_commit=None) -> None:
    """The demo world in the test database: recorded the first time, put back afterwards.

    rendered=True also runs what load_demo leaves for after its commit (the PDFs it queues), with
    the pytest-django fixture `django_capture_on_commit_callbacks` passed as capture_on_commit."""
    key = (connection.vendor + connection.settings_dict["NAME"], rendered)
    tables = _tables()
    now, columns = _read(tables)
    recorded = _SNAPSHOTS.setdefault(key, [])
    for snapshot in recorded:
        if snapshot.before == now:
            snapshot.restore()
            return
    for snapshot in recorded:
        if _fresh(now) and _fresh(snapshot.before) and snapshot.columns == columns:
            snapshot.restore_all()
            return
    media = Path(settings.MEDIA_ROOT)
    existing = {p for p in media.rglob("*")} if media.exists() else set()
    if rendered:
        with capture_on_commit(execute=True):
            call_command("load_demo", stdout=io.StringIO())
    else:
        call_command("load_demo", stdout=io.StringIO())
    after, columns = _read(tables)
    snapshot = Snapshot(before=now, columns=columns)
    for table in tables:
        if after[table] != now[table]:
            snapshot.added[table] = _in_key_order(table, columns[table], after[table] - now[table])
            if now[table] - after[table]:
                snapshot.removed[table] = _in_key_order(table, columns[table], now[table] - after[table])
    written = [p for p in media.rglob("*") if p.is_file() and p not in existing] if media.exists() else []
    if written:
        snapshot.media = Path(tempfile.mkdtemp(prefix="demo-media-"))
        for path in written:
            target = snapshot.media / path.relative_to(media)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    recorded.append(snapshot)
