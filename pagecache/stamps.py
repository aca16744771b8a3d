"""The change stamp: a value that every committed write to the portal's tables changes.

Database triggers bump it inside the writing transaction, so the new stamp becomes visible
together with the data it describes, in every process at once. A page is cached under the stamp
read BEFORE it was built (middleware.py): a reader that sees a newer stamp never gets a page built
before the change; a page built while a write was committing is kept under the older stamp and so
is never served once the write is visible.

PostgreSQL: a statement trigger counts the statement in the writing transaction's own row of
pagecache_change (its transaction id, an upsert). Writers only touch rows of their own: concurrent
writers never wait for each other on a stamp row. The stamp is the number of statements written (the
rows plus those compacted into pagecache_stamp) with the latest transaction id and the database's
random epoch; now and then (1 statement in 100, one transaction at a time: an advisory lock tried,
never waited for) a writer folds the committed rows into pagecache_stamp, which leaves the stamp as
it was. Rolled back, a write leaves no trace. A sequence (nextval) would not do: it is taken before
the commit, so a page built from the old data could be cached under the new number.

A reader inside a transaction that has written (tests; never a request, which is not atomic) sees
its own uncommitted writes: its transaction id (PostgreSQL) or its connection's count of changes
(SQLite) joins its stamp, so what it keeps is never served to anyone else.

SQLite: writers are serialised by the database anyway; a row trigger adds one to a counter.

Per table too (`tables()`): the same triggers count each table's writes apart (PostgreSQL: the
change rows are per transaction and table, compacted into pagecache_table; SQLite: a counter per
table), so a part of a page (templatetags/pagecache.py) is kept under the stamps of only the tables
it read, and a write elsewhere leaves it as it is.

Every table is covered except those no page shows (sessions, migrations, login throttling) and the
stamp's own. `install()` is idempotent; it runs from the migration and after every migrate
(apps.py), so a table a later migration creates (or SQLite rebuilds) gets its triggers.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from django.db import connections

STAMP_TABLE = "pagecache_stamp"
CHANGE_TABLE = "pagecache_change"
TABLE_TABLE = "pagecache_table"  # each table's compacted count
# Written on requests that change nothing a page shows; the stamp's own tables.
EXCLUDED_TABLES = {"django_session", "django_migrations", STAMP_TABLE, CHANGE_TABLE, TABLE_TABLE}
EXCLUDED_PREFIXES = ("axes_",)
ADVISORY_LOCK_KEY = 7_410_219_001  # any constant of our own: one compaction at a time

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION pagecache_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {CHANGE_TABLE} AS c (txid, tbl, n) VALUES (txid_current(), TG_TABLE_NAME, 1)
        ON CONFLICT (txid, tbl) DO UPDATE SET n = c.n + 1;
    IF random() < 0.01 AND pg_try_advisory_xact_lock({ADVISORY_LOCK_KEY}) THEN
        WITH gone AS (DELETE FROM {CHANGE_TABLE} WHERE txid <> txid_current() RETURNING txid, tbl, n),
        per_table AS (
            INSERT INTO {TABLE_TABLE} AS t (tbl, n) SELECT tbl, sum(n) FROM gone GROUP BY tbl
            ON CONFLICT (tbl) DO UPDATE SET n = t.n + excluded.n
        )
        UPDATE {STAMP_TABLE} SET n = n + (SELECT coalesce(sum(n), 0) FROM gone),
            txid = greatest(txid, (SELECT coalesce(max(txid), 0) FROM gone))
        WHERE id = 1;
    END IF;
    RETURN NULL;
END
$$
"""
PG_READ = (
    f"SELECT s.epoch, s.n + (SELECT coalesce(sum(n), 0) FROM {CHANGE_TABLE}), "
    f"greatest(s.txid, (SELECT coalesce(max(txid), 0) FROM {CHANGE_TABLE})), "
    f"coalesce(txid_current_if_assigned()::text, '') FROM {STAMP_TABLE} s WHERE s.id = 1"
)
PG_READ_TABLES = (  # one row: the counts as JSON, and the reader's own transaction if it has written
    "SELECT coalesce(json_object_agg(tbl, n), '{}'), coalesce(txid_current_if_assigned()::text, '') FROM "
    f"(SELECT tbl, sum(n) AS n FROM (SELECT tbl, n FROM {TABLE_TABLE} UNION ALL "
    f"SELECT tbl, n FROM {CHANGE_TABLE}) c GROUP BY tbl) t"
)
SQLITE_READ = f"SELECT epoch, n FROM {STAMP_TABLE} WHERE id = 1"
SQLITE_READ_TABLES = f"SELECT tbl, n FROM {TABLE_TABLE}"
SQLITE_BUMP = (
    f"INSERT INTO {STAMP_TABLE} (id, n, epoch) VALUES (1, 1, lower(hex(randomblob(8)))) "
    "ON CONFLICT (id) DO UPDATE SET n = n + 1"
)
SQLITE_BUMP_TABLE = f"INSERT INTO {TABLE_TABLE} (tbl, n) VALUES (%s, 1) ON CONFLICT (tbl) DO UPDATE SET n = n + 1"


def sqlite_trigger(table: str, event: str) -> str:
    """The SQL that makes a SQLite table's trigger for one event (INSERT, UPDATE, DELETE)."""
    name = _sqlite_trigger_name(table, event).replace('"', '""')
    quoted = table.replace('"', '""')
    bump_table = SQLITE_BUMP_TABLE.replace("%s", "'" + table.replace("'", "''") + "'")
    return f'CREATE TRIGGER IF NOT EXISTS "{name}" AFTER {event} ON "{quoted}" BEGIN {SQLITE_BUMP}; {bump_table}; END'


def covered(table: str) -> bool:
    return table not in EXCLUDED_TABLES and not table.startswith(EXCLUDED_PREFIXES)


def _sqlite_trigger_name(table: str, event: str) -> str:
    return f"pagecache_{table}_{event[0].lower()}"


def install(using: str = "default") -> list[str]:
    """Create the stamp's tables and the triggers every covered table lacks; return the tables
    that got triggers now. Safe to run any number of times."""
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return []
    quote = connection.ops.quote_name
    added = []
    with connection.cursor() as cursor:
        tables = [t for t in connection.introspection.table_names(cursor, include_views=False) if covered(t)]
        if vendor == "postgresql":
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {STAMP_TABLE} (id smallint PRIMARY KEY, n bigint NOT NULL, "
                "epoch text NOT NULL, txid bigint NOT NULL)"
            )
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {CHANGE_TABLE} (txid bigint NOT NULL, tbl text NOT NULL, "
                "n bigint NOT NULL, PRIMARY KEY (txid, tbl))"
            )
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE_TABLE} (tbl text PRIMARY KEY, n bigint NOT NULL)")
            cursor.execute(
                f"INSERT INTO {STAMP_TABLE} (id, n, epoch, txid) VALUES (1, 0, %s, 0) ON CONFLICT DO NOTHING",
                [secrets.token_hex(8)],
            )
            cursor.execute(PG_FUNCTION)
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = 'pagecache_bump' AND c.relnamespace = 'public'::regnamespace"
            )
            present = {row[0] for row in cursor.fetchall()}
            for table in tables:
                if table in present:
                    continue
                cursor.execute(
                    f"CREATE TRIGGER pagecache_bump AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {quote(table)} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION pagecache_bump()"
                )
                added.append(table)
        else:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {STAMP_TABLE} (id integer PRIMARY KEY, n integer NOT NULL, "
                "epoch text NOT NULL)"
            )
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE_TABLE} (tbl text PRIMARY KEY, n integer NOT NULL)")
            cursor.execute(
                f"INSERT OR IGNORE INTO {STAMP_TABLE} (id, n, epoch) VALUES (1, 0, %s)", [secrets.token_hex(8)]
            )
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
            present = {(row[0], row[1]) for row in cursor.fetchall()}
            for table in tables:
                fresh = False
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = _sqlite_trigger_name(table, event)
                    if (table, name) in present:
                        continue
                    cursor.execute(sqlite_trigger(table, event))
                    fresh = True
                if fresh:
                    added.append(table)
    return added


def uninstall(using: str = "default") -> None:
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TABLE IF EXISTS {STAMP_TABLE}, {CHANGE_TABLE}, {TABLE_TABLE}")
            cursor.execute("DROP FUNCTION IF EXISTS pagecache_bump() CASCADE")  # its triggers go with it
        elif connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'pagecache\\_%' ESCAPE '\\'"
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")
            cursor.execute(f"DROP TABLE IF EXISTS {STAMP_TABLE}")
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE_TABLE}")


def install_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: sent once per app; the triggers are checked once, for this app, unless its
    migration is unapplied (`migrate pagecache zero` took them away). A database made without
    migrations (the tests') gets them too."""
    if sender.name != "pagecache":
        return
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    if "pagecache" in loader.migrated_apps and not any(app == "pagecache" for app, _ in loader.applied_migrations):
        return
    install(using)


def read(using: str = "default") -> str:
    """The current stamp, in one query on two tiny tables."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        sql = PG_READ
    elif connection.vendor == "sqlite":
        sql = SQLITE_READ
    else:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    stamp = ":".join(str(value) for value in row) if row else "none"
    if connection.vendor == "sqlite" and connection.in_atomic_block:
        stamp += f":{connection.connection.total_changes}"
    return stamp


@dataclass(frozen=True)
class TableStamps:
    """What tables() read: each written table's count, and the reader's own mark."""

    counts: dict[str, int]
    own: str = ""  # set inside a transaction that has written: its writes are not anyone else's

    def of(self, table: str) -> str:
        """A table's stamp (a table never written since the triggers were installed: 0)."""
        n = self.counts.get(table, 0)
        return f"{n}:{self.own}" if self.own else str(n)


def tables(using: str = "default") -> TableStamps:
    """Each table's own stamp, in one query (an empty set where there are no triggers). As with
    read(), a reader inside a transaction that has written gets its own mark on every stamp."""
    connection = connections[using]
    if connection.vendor not in ("postgresql", "sqlite"):
        return TableStamps({})
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_READ_TABLES)
            counts, own = cursor.fetchone()
            if isinstance(counts, str):  # a driver that leaves JSON undecoded
                counts = json.loads(counts)
            return TableStamps({table: int(n) for table, n in counts.items()}, own)
        cursor.execute(SQLITE_READ_TABLES)
        counts = dict(cursor.fetchall())
    own = str(connection.connection.total_changes) if connection.in_atomic_block else ""
    return TableStamps(counts, own)
