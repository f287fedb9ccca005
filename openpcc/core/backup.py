"""Backup and restore of a whole installation: every record and every stored file in one archive,
with a manifest of checksums, the OpenPCC version and the database's migrations.

The archive is a gzipped tar:

- ``manifest.json`` first: format, version, when, the database it came from, the applied
  migrations, the number of rows per model and the SHA-256 of every other member;
- ``data.jsonl``: the records, one per line (Django's JSON Lines serialisation with natural
  foreign keys, so it loads into SQLite or PostgreSQL alike);
- ``media/<name>``: every file a record refers to, read through the storage API (so a local
  folder and an S3-compatible bucket are backed up the same way).

Left out, because they are made again or are not worth keeping: content types and permissions
(made by ``migrate``), sessions, sign-in attempts and the public page cache's counter. The search
index and the task queue are kept, so a restored site ranks its search results as before and still
reads the papers waiting to be read and releases what is under embargo. ``restore`` checks the
whole archive before it changes anything, loads only into an empty installation with the same
migrations, and loads the records in one transaction.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import tarfile
import tempfile
import tomllib
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "openpcc-backup"
FORMAT_VERSION = 1
EXCLUDED = (
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "admin.logentry",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "core.publicgeneration",
)
CHUNK = 1024 * 1024
Say = Callable[[str], None]


class Encoder(DjangoJSONEncoder):
    """Django's encoder keeps times to the millisecond; a backup keeps them to the microsecond, so
    a restored record is the record that was saved (and so is every page and export made from it)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why, for a person to act on."""


def version() -> str:
    with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def _models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models(include_auto_created=False)
        if m._meta.label_lower not in EXCLUDED and not m._meta.proxy and m._meta.managed
    ]


def _stored_files() -> list[str]:
    """The name of every file a record refers to."""
    names: set[str] = set()
    for model in _models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    n
                    for n in model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                    if n
                )
    return sorted(names)


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def backup_write(target: Path, *, say: Say = lambda line: None) -> dict:
    """Write the archive to ``target``; returns its manifest. A record's file that is missing
    from storage stops the backup, naming it (a backup that cannot be restored whole is no backup).
    The records are read in one transaction, so they are consistent with each other."""
    with tempfile.TemporaryDirectory(prefix="openpcc-backup-") as scratch:
        data = Path(scratch) / "data.jsonl"
        snapshot = connection.vendor == "postgresql" and not connection.in_atomic_block
        with transaction.atomic():
            if snapshot:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            counts = _dump(data)
            files = _stored_files()
            migrations = applied_migrations()
        say(f"records: {sum(counts.values())} rows of {len(counts)} kinds")
        with data.open("rb") as fh:
            checksums = {"data.jsonl": _sha256(fh)}
        missing = []
        for name in files:
            try:
                with default_storage.open(name, "rb") as fh:
                    checksums[f"media/{name}"] = _sha256(fh)
            except OSError:
                missing.append(name)
        if missing:
            raise BackupError(
                f"{len(missing)} stored file(s) that records refer to are missing, e.g. {missing[0]}: restore them "
                "(or remove the records) before making a backup."
            )
        say(f"files: {len(files)}")
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "openpcc_version": version(),
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": migrations,
            "counts": counts,
            "checksums": checksums,
        }
        partial = target.with_name(target.name + ".part")
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(data, arcname="data.jsonl")
            for name in files:
                with default_storage.open(name, "rb") as fh:
                    info = tarfile.TarInfo(f"media/{name}")
                    info.size = default_storage.size(name)
                    info.mtime = int(timezone.now().timestamp())
                    archive.addfile(info, fh)
        partial.replace(target)  # never a half-written archive under the real name
    return manifest


def _dump(target: Path) -> dict[str, int]:
    """Every record, streamed to ``target`` as JSON Lines, models in an order that lets each
    natural key (a user's name) be loaded before the records that refer to it."""
    by_app: dict = {}
    for model in _models():
        by_app.setdefault(model._meta.app_config, []).append(model)
    ordered = serializers.sort_dependencies(list(by_app.items()), allow_cycles=True)
    counts: dict[str, int] = {}
    with target.open("w", encoding="utf-8") as out:
        for model in ordered:
            rows = model._default_manager.order_by("pk")
            n = rows.count()
            if n:
                counts[model._meta.label_lower] = n
                serializers.serialize(
                    "jsonl", rows.iterator(chunk_size=2000), stream=out, use_natural_foreign_keys=True, cls=Encoder
                )
    return dict(sorted(counts.items()))


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


@dataclass
class Checked:
    manifest: dict
    folder: Path  # where the archive was unpacked


def backup_check(source: Path, folder: Path) -> Checked:
    """Unpack ``source`` into ``folder`` and check it whole: the manifest, every member's checksum,
    nothing missing and nothing extra, no name outside the archive. Changes nothing else."""
    if not source.is_file():
        raise BackupError(f"{source} is not a file.")
    try:
        with tarfile.open(source, "r:gz") as archive:
            members = archive.getmembers()
            names = [m.name for m in members]
            if not names or names[0] != "manifest.json":
                raise BackupError(f"{source} is not an OpenPCC backup (it does not start with manifest.json).")
            for member in members:
                if not member.isfile() or member.name.startswith("/") or ".." in Path(member.name).parts:
                    raise BackupError(f"{source} is damaged or unsafe: it holds {member.name!r}.")
            manifest = json.loads(archive.extractfile(members[0]).read())
            if manifest.get("format") != FORMAT:
                raise BackupError(f"{source} is not an OpenPCC backup (its manifest names no OpenPCC format).")
            if manifest.get("format_version") != FORMAT_VERSION:
                raise BackupError(
                    f"{source} is a backup in format {manifest.get('format_version')}; this version of OpenPCC "
                    f"reads format {FORMAT_VERSION}."
                )
            expected = dict(manifest.get("checksums") or {})
            for member in members[1:]:
                if member.name not in expected:
                    raise BackupError(f"{source} is damaged: {member.name} is not in its manifest.")
                target = folder / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with archive.extractfile(member) as stream, target.open("wb") as out:
                    while chunk := stream.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                if digest.hexdigest() != expected.pop(member.name):
                    raise BackupError(f"{source} is damaged: {member.name} does not match its checksum.")
            if expected:
                raise BackupError(f"{source} is incomplete: {sorted(expected)[0]} is missing from it.")
    except (tarfile.TarError, EOFError, OSError, zlib.error, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BackupError(f"{source} is damaged and cannot be read ({exc}).") from exc
    return Checked(manifest=manifest, folder=folder)


def restore(source: Path, *, say: Say = lambda line: None) -> dict:
    """Restore ``source`` into this installation, which must be migrated and empty."""
    with tempfile.TemporaryDirectory(prefix="openpcc-restore-") as scratch:
        checked = backup_check(source, Path(scratch))
        manifest = checked.manifest
        say(f"checked: OpenPCC {manifest['openpcc_version']} backup of {manifest['created_at']}")
        ours, theirs = set(applied_migrations()), set(manifest.get("migrations") or [])
        if ours != theirs:
            missing, extra = sorted(theirs - ours), sorted(ours - theirs)
            detail = (
                f"it has {missing[0]}, which this installation has not"
                if missing
                else (f"this installation has {extra[0]}, which it has not")
            )
            raise BackupError(
                f"The backup was made by OpenPCC {manifest['openpcc_version']} with other database migrations "
                f"({detail}). Restore it into the version that made it (this is {version()}), then upgrade "
                "(docs/deploy.md)."
            )
        held = {m._meta.label_lower: m._default_manager.count() for m in _models()}
        if any(held.values()):
            kinds = [f"{n} {label}" for label, n in held.items() if n]
            shown = ", ".join(kinds[:4]) + (f" and {len(kinds) - 4} other kinds" if len(kinds) > 4 else "")
            raise BackupError(
                f"This installation is not empty (it holds {shown}). Restore only into a new, migrated, empty "
                "database (docs/deploy.md)."
            )
        media = checked.folder / "media"
        written: list[str] = []
        try:
            for path in sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []:
                name = path.relative_to(media).as_posix()
                if default_storage.exists(name):
                    default_storage.delete(name)  # an empty installation's leftover: the backup's copy wins
                with path.open("rb") as fh:
                    saved = default_storage.save(name, File(fh))
                written.append(saved)
                if saved != name:
                    raise BackupError(f"The file storage would not keep {name} under its own name.")
            say(f"files: {len(written)}")
            with transaction.atomic():
                call_command("loaddata", str(checked.folder / "data.jsonl"), verbosity=0)
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
        counts = {m._meta.label_lower: m._default_manager.count() for m in _models()}
        counts = {k: v for k, v in counts.items() if v}
        expected = manifest.get("counts") or {}
        if counts != expected:
            differ = sorted(k for k in set(counts) | set(expected) if counts.get(k) != expected.get(k))
            shown = ", ".join(f"{k}: {counts.get(k, 0)} of {expected.get(k, 0)}" for k in differ[:5])
            raise BackupError(f"The restored records do not match the backup's counts ({shown}); check the database.")
        say(f"records: {sum(counts.values())} rows of {len(counts)} kinds")
    return manifest
