"""Backup and restore of the portal's data: the database and every stored file.

A backup is a folder backups/<UTC timestamp>/ holding
- db.dump     PostgreSQL: `pg_dump --format=custom` of the database (restored with pg_restore --clean)
  db.sqlite3  SQLite (the embedded default): a consistent copy made with SQLite's backup API
- files.tar   every stored file (uploads, generated PDFs), read through Django's storage, so the
              local media folder and an S3 bucket are backed up the same way
- manifest.json  when, which database engine, the row count of every table and the sha256 of every
              file, so a restore can prove it brought everything back.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, connections


class BackupError(Exception):
    pass


def _engine() -> str:
    engine = connection.settings_dict["ENGINE"]
    if engine.endswith("postgresql"):
        return "postgresql"
    if engine.endswith("sqlite3"):
        return "sqlite"
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {engine}.")


def _pg_env() -> dict:
    db = connection.settings_dict
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def row_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def stored_files(storage=default_storage, folder: str = "") -> list[str]:
    try:
        dirs, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}".lstrip("/") for name in files]
    for sub in dirs:
        names += stored_files(storage, f"{folder}/{sub}".lstrip("/"))
    return sorted(names)


def file_hashes(storage=default_storage) -> dict[str, str]:
    hashes = {}
    for name in stored_files(storage):
        digest = hashlib.sha256()
        with storage.open(name, "rb") as stored:
            for chunk in iter(lambda: stored.read(1 << 20), b""):
                digest.update(chunk)
        hashes[name] = digest.hexdigest()
    return hashes


def backup(root: Path | None = None) -> Path:
    root = Path(root or settings.BACKUP_DIR)
    folder = root / datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder.mkdir(parents=True)
    engine = _engine()
    if engine == "postgresql":
        name = connection.settings_dict["NAME"]
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(folder / "db.dump"), name],
            env=_pg_env(),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    else:
        connection.ensure_connection()
        target = sqlite3.connect(folder / "db.sqlite3")
        with target:
            connection.connection.backup(target)
        target.close()
    hashes = {}
    with tarfile.open(folder / "files.tar", "w") as archive:
        for name in stored_files():
            with default_storage.open(name, "rb") as stored:
                data = stored.read()
            hashes[name] = hashlib.sha256(data).hexdigest()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    manifest = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(),
        "engine": engine,
        "rows": row_counts(),
        "files": hashes,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return folder


def restore(folder: Path) -> dict:
    """Bring the database and the stored files back to the backup; returns what was checked."""
    folder = Path(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    engine = _engine()
    if engine != manifest["engine"]:
        raise BackupError(f"This backup is of a {manifest['engine']} database; the portal runs on {engine}.")
    connections.close_all()
    if engine == "postgresql":
        result = subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--dbname",
                connection.settings_dict["NAME"],
                str(folder / "db.dump"),
            ],
            env=_pg_env(),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    else:
        source = sqlite3.connect(folder / "db.sqlite3")
        target = sqlite3.connect(connection.settings_dict["NAME"])
        with target:
            source.backup(target)
        source.close()
        target.close()
    with tarfile.open(folder / "files.tar") as archive:
        for member in archive.getmembers():
            if not member.isfile() or member.name.startswith("/") or ".." in Path(member.name).parts:
                continue
            data = archive.extractfile(member).read()
            if default_storage.exists(member.name):
                default_storage.delete(member.name)
            saved = default_storage.save(member.name, ContentFile(data))
            if saved != member.name:
                raise BackupError(f"The file {member.name} could not be put back under its name.")
    connections.close_all()
    return verify(manifest)


def verify(manifest: dict) -> dict:
    rows, files = row_counts(), file_hashes()
    missing_rows = {t: (n, rows.get(t)) for t, n in manifest["rows"].items() if rows.get(t) != n}
    missing_files = [name for name, digest in manifest["files"].items() if files.get(name) != digest]
    if missing_rows or missing_files:
        raise BackupError(f"Restore incomplete: tables {missing_rows}, files {missing_files}")
    return {"tables": len(manifest["rows"]), "rows": sum(manifest["rows"].values()), "files": len(manifest["files"])}


def remove(folder: Path) -> None:
    shutil.rmtree(folder)
