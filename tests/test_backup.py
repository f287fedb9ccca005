"""Backup and restore (issue 11): one archive holds every record and stored file with checksums;
restoring it into an empty installation, on the same database or the other one (SQLite and
PostgreSQL), gives back every public page, export and download byte for byte; a damaged,
mismatched or misdirected restore changes nothing."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from openpcc.core.backup import BackupError, backup_write, restore
from openpcc.core.models import Body, User
from openpcc.documents.models import Document
from openpcc.search.models import SearchEntry
from tests.page_digest import digests
from tests.test_permissions_walk import ANON, cases

ROOT = Path(django_settings.BASE_DIR)


def public_urls(world) -> list[str]:
    """Every public page, export and download the permissions walk knows, plus searches."""
    urls = [
        reverse(name, args=args) for name, args, expected in cases(world) if expected[ANON] == 200 and name != "login"
    ]
    urls += ["/search/?q=victims", "/search/?q=commissioning&kind=document"]
    return sorted(set(urls))


def _archive(tmp_path: Path) -> Path:
    target = tmp_path / "backup.tar.gz"
    backup_write(target)
    return target


@pytest.mark.django_db(transaction=True)
def test_a_restore_gives_back_every_public_page_export_and_download(client, world, tmp_path, settings):
    urls = public_urls(world)
    assert any(u.endswith(".pdf") for u in urls) and any(u.endswith(".csv") for u in urls)
    moment = timezone.now()
    with time_machine.travel(moment, tick=False):
        before = digests(urls)
    assert all(status == 200 for status, _ in before.values()), before
    archive = _archive(tmp_path)
    entries = SearchEntry.objects.count()

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not Body.objects.exists()

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "Restored the backup" in out.getvalue()
    assert SearchEntry.objects.count() == entries
    with time_machine.travel(moment, tick=False):
        after = digests(urls)
    assert after == before


@pytest.mark.whole_world
@pytest.mark.django_db
def test_the_archive_holds_a_manifest_with_checksums_and_the_version(world, tmp_path):
    archive = _archive(tmp_path)
    with tarfile.open(archive, "r:gz") as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert names[0] == "manifest.json" and "data.jsonl" in names
    files = [f"media/{d.file.name}" for d in Document.objects.all()]
    assert files and set(files) <= set(names)
    assert set(manifest["checksums"]) == set(names) - {"manifest.json"}
    assert manifest["openpcc_version"] == "0.1.0" and manifest["database"] == connection.vendor
    assert "core.0001_initial" in manifest["migrations"] and manifest["counts"]["core.body"] == Body.objects.count()
    assert manifest["counts"]["search.searchentry"] == SearchEntry.objects.count()


def _rewrite(archive: Path, change) -> Path:
    """A copy of the archive with its members passed through ``change(name, data)``."""
    with tarfile.open(archive, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    target = archive.with_name("changed.tar.gz")
    with tarfile.open(target, "w:gz") as tar:
        for member, data in members:
            data = change(member.name, data)
            member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    return target


@pytest.mark.django_db(transaction=True)
def test_a_damaged_or_mismatched_archive_changes_nothing(world, tmp_path):
    archive = _archive(tmp_path)
    call_command("flush", interactive=False, verbosity=0)

    raw = bytearray(archive.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    flipped = tmp_path / "flipped.tar.gz"
    flipped.write_bytes(bytes(raw))
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: len(raw) // 3])
    tampered = _rewrite(
        archive, lambda n, d: d.replace(b"Victim services", b"Vandal services") if n == "data.jsonl" else d
    )

    def manifest(change):
        return _rewrite(archive, lambda n, d: json.dumps(change(json.loads(d))).encode() if n == "manifest.json" else d)

    newer = manifest(lambda m: {**m, "migrations": [*m["migrations"], "core.9999_from_the_future"]})
    older = manifest(lambda m: {**m, "migrations": m["migrations"][1:]})
    not_ours = manifest(lambda m: {**m, "format": "something-else"})
    cases_ = {
        flipped: "damaged",
        truncated: "damaged",
        tampered: "data.jsonl does not match its checksum",
        newer: "core.9999_from_the_future, which this installation has not",
        older: "which it has not",
        not_ours: "is not an OpenPCC backup",
        tmp_path / "nothing.tar.gz": "is not a file",
    }
    for path, reason in cases_.items():
        with pytest.raises(CommandError) as exc:
            call_command("restore", str(path))
        assert "Nothing was restored" in str(exc.value) and reason in str(exc.value), (path.name, str(exc.value))
        assert not Body.objects.exists() and not User.objects.exists()


@pytest.mark.django_db
def test_a_restore_refuses_an_installation_that_holds_records(world, tmp_path):
    archive = _archive(tmp_path)
    with pytest.raises(BackupError) as exc:
        restore(archive)
    assert "not empty" in str(exc.value)


@pytest.mark.django_db
def test_a_backup_refuses_when_a_stored_file_is_missing(world, tmp_path):
    Path(world.meetings.public_file.file.path).unlink()
    with pytest.raises(CommandError) as exc:
        call_command("backup", str(tmp_path))
    assert world.meetings.public_file.file.name in str(exc.value)
    assert not list(tmp_path.glob("*.tar.gz")) and not list(tmp_path.glob("*.part"))


def _other_database(tmp_path: Path):
    """The URL of an empty database of the other kind than the suite's, and a way to drop it."""
    if connection.vendor == "postgresql":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None
    import psycopg

    server = os.environ.get("OPENPCC_CI_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
    name = f"openpcc_restore_{os.getpid()}"
    try:
        admin = psycopg.connect(server, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable at {server} ({exc}): the SQLite to PostgreSQL restore is not tried")
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    return server.rsplit("/", 1)[0] + f"/{name}", drop


@pytest.mark.django_db
def test_a_backup_restores_into_the_other_database(world, tmp_path):
    """SQLite to PostgreSQL (and, when the suite runs on PostgreSQL, PostgreSQL to SQLite)."""
    urls = [u for u in public_urls(world) if not u.startswith("/search/")]
    moment = timezone.now()
    with time_machine.travel(moment, tick=False):
        before = digests(urls)
    archive = _archive(tmp_path)
    (tmp_path / "urls.json").write_text(json.dumps(urls))
    url, drop = _other_database(tmp_path)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "OPENPCC_"))},
        "DATABASE_URL": url,
        "OPENPCC_MEDIA_ROOT": str(tmp_path / "restored-media"),
        "OPENPCC_ALLOW_INSECURE_KEY": "1",
        "OPENPCC_PLAIN_STATIC": "1",
        "OPENPCC_PUBLIC_CACHE_SECONDS": "0",
        "OPENPCC_TASKS_BACKEND": "immediate",
    }

    def run(*command: str) -> str:
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    try:
        run(sys.executable, "manage.py", "migrate", "--noinput", "-v0")
        assert "Restored the backup" in run(sys.executable, "manage.py", "restore", str(archive))
        after = json.loads(
            run(sys.executable, "-m", "tests.page_digest", str(tmp_path / "urls.json"), "--at", moment.isoformat())
        )
    finally:
        drop()
    # Search ranks by each database's own measure (bm25 on SQLite, ts_rank_cd on PostgreSQL), so
    # the order of hits may differ between them; every other page is the same byte for byte.
    assert after == {u: list(v) for u, v in before.items()}
