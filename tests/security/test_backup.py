"""`make backup` / `make restore`: a round trip keeps every row and every stored file.

Each test works on its own scratch database and media folder, through the real commands in
subprocesses: migrate, load the demo data, store files, back up, wipe, restore, then compare the
row count of every table and the sha256 of every file with what was there before the backup.
Outside CI (tests/strength.py) the SQLite round trip starts from a copy of the test database with
the demo world instead of migrating from zero; in CI both engines migrate from zero.
"""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from tests import strength

ROOT = Path(__file__).resolve().parents[2]
STORE_FILES = (
    "from django.core.files.base import ContentFile; from django.core.files.storage import default_storage as s; "
    "s.save('concept-notes/note.pdf', ContentFile(b'%PDF-1.7 concept note')); "
    "s.save('documents/2026/minutes.pdf', ContentFile(bytes(range(256)) * 400)); "
    "s.save('imports/pending/abc', ContentFile('Minutes, été 2026'.encode()))"
)
SNAPSHOT = (
    "import json; from ccm_portal.management.backup_lib import row_counts, file_hashes; "
    "print(json.dumps({'rows': row_counts(), 'files': file_hashes()}))"
)


def _env(tmp_path: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "CELERY_", "S3_"))}
    env.update(
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(tmp_path / "media"),
        BACKUP_DIR=str(tmp_path / "backups"),
        DJANGO_SETTINGS_MODULE="ccm_portal.settings",
    )
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def snapshot(env: dict) -> dict:
    return json.loads(manage(env, "shell", "-c", SNAPSHOT).strip().splitlines()[-1])


# The portal as it is before the backup, in one process: migrated, the demo data, stored files.
PREPARE = (
    "from django.core.management import call_command; "
    "call_command('migrate', interactive=False, verbosity=0); call_command('load_demo', verbosity=0); "
    f"{STORE_FILES}; {SNAPSHOT}"
)


def round_trip(env: dict, wipe, prepare: str = PREPARE) -> tuple[dict, dict, str]:
    before = json.loads(manage(env, "shell", "-c", prepare).strip().splitlines()[-1])
    folder = manage(env, "backup").strip().splitlines()[-1]
    assert Path(folder, "manifest.json").exists()
    wiped = wipe(env) or snapshot(env)
    assert wiped["rows"] != before["rows"] and wiped["files"] == {}, "the wipe must really lose data"
    output = manage(env, "restore", folder)
    assert "Restored and verified" in output
    return before, snapshot(env), output


def _wipe_sqlite(env) -> dict:
    """Every row and every file gone (in one process, which then reports what is left)."""
    wipe = (
        "import shutil; from django.conf import settings; from django.core.management import call_command; "
        f"call_command('flush', interactive=False, verbosity=0); shutil.rmtree(settings.MEDIA_ROOT); {SNAPSHOT}"
    )
    return json.loads(manage(env, "shell", "-c", wipe).strip().splitlines()[-1])


def _this_database_with_the_demo(path: Path) -> str:
    """Quick (tests/strength.py): this process's test database, with the demo world, copied to the
    scratch file, instead of a migrate from zero and load_demo in a subprocess (about 15 s).
    Returns what then prepares the portal: the stored files and the snapshot."""
    import sqlite3

    from django.db import connection

    from tests import demo_world

    demo_world.load()
    connection.ensure_connection()
    script = "\n".join(connection.connection.iterdump())
    target = sqlite3.connect(path)
    target.executescript(script)
    target.close()
    return f"{STORE_FILES}; {SNAPSHOT}"


def test_round_trip_on_sqlite(transactional_db, tmp_path):
    from django.db import connection

    path = tmp_path / "portal.sqlite3"
    env = _env(tmp_path, f"sqlite:///{path}")
    prepare = PREPARE
    if not strength.FULL and connection.vendor == "sqlite":
        prepare = _this_database_with_the_demo(path)
    before, after, output = round_trip(env, _wipe_sqlite, prepare)
    assert after == before
    rows = sum(before["rows"].values())
    assert rows > 500 and len(before["files"]) >= 3
    print(f"\nBackup round trip (SQLite): {rows} rows in {len(before['rows'])} tables, {len(before['files'])} files")


@pytest.mark.postgres
def test_round_trip_on_postgresql(tmp_path):
    import psycopg2

    server = urlsplit(os.environ["DATABASE_URL"])
    scratch = f"ccm_backup_{uuid.uuid4().hex[:10]}"
    admin_dsn = urlunsplit(server._replace(path="/postgres"))
    admin = psycopg2.connect(admin_dsn)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{scratch}"')
    admin.close()
    env = _env(tmp_path, urlunsplit(server._replace(path=f"/{scratch}")))

    def wipe(env):
        with psycopg2.connect(env["DATABASE_URL"]) as db:
            db.cursor().execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        manage(env, "migrate", "--noinput")  # an empty, freshly migrated database, as on a new server
        import shutil

        shutil.rmtree(env["MEDIA_ROOT"])

    try:
        before, after, output = round_trip(env, wipe)
        assert after == before
        rows = sum(before["rows"].values())
        assert rows > 500 and len(before["files"]) >= 3
        tables, files = len(before["rows"]), len(before["files"])
        print(f"\nBackup round trip (PostgreSQL): {rows} rows in {tables} tables, {files} files")
    finally:
        admin = psycopg2.connect(admin_dsn)
        admin.autocommit = True
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        admin.close()


def test_restore_refuses_a_backup_of_another_engine(tmp_path):
    env = _env(tmp_path, f"sqlite:///{tmp_path / 'portal.sqlite3'}")
    folder = tmp_path / "backups" / "x"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"engine": "postgresql", "rows": {}, "files": {}}))
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(folder)], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "This backup is of a postgresql database" in result.stderr


def test_settings_name_the_backup_folder():
    assert settings.BACKUP_DIR
