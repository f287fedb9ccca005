"""Taking files in for import without letting them exhaust the machine: a folder, a zip or one
file becomes a list of ``Incoming`` files, each streamed to a temporary file while the bytes
actually read are counted and hashed. A zip entry that is too large when unpacked, unpacks far
beyond its packed size, has an unsafe name or cannot be read is refused by name, with the reason;
the rest of the batch goes on. Zips in a folder and zips inside zips are opened too, a few levels
deep, their files named by the path through them ("2019.zip/panel/minutes.doc"), and counted
against the limits of the archive they came in. Nothing is ever held whole in memory."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from django.core.exceptions import ValidationError

MB = 1024 * 1024
MAX_FILE_BYTES = 50 * MB  # one paper
MAX_UNPACKED_BYTES = 1024 * MB  # everything in one archive, once unpacked
MAX_ENTRIES = 5000  # files in one archive, the zips inside it included
MAX_DEPTH = 3  # zips inside zips inside zips
# A paper compresses a little (PDF, Word) or a few times (text); a zip entry that unpacks to more
# than this many times its packed size, past the first megabyte, is a "zip bomb", not a paper.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1 * MB
CHUNK = 1 * MB
SKIPPED_NAMES = (".DS_Store", "Thumbs.db", "desktop.ini")
COMPANION_SUFFIXES = ("_files", ".fld")  # a saved web page's folder of parts, beside the page
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _size(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{max(1, n // 1024)} KB"


@dataclass
class Incoming:
    """One file to import: its name in the batch, and either its content in a temporary file
    (with its size and SHA-256) or the reason it is refused."""

    name: str
    path: Path | None = None
    data: bytes | None = None  # small content already in hand (tests, one pasted file)
    size: int = 0
    sha256: str = ""
    error: str = ""

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> Incoming:
        if len(data) > MAX_FILE_BYTES:
            return cls(name=name, size=len(data), error=f"{name}: larger than {_size(MAX_FILE_BYTES)}.")
        return cls(name=name, data=data, size=len(data), sha256=hashlib.sha256(data).hexdigest())

    def open(self) -> IO[bytes]:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None, "a refused file has no content"
        return self.path.open("rb")


def safe_name(name: str) -> str | None:
    """The entry's path with forward slashes, or None when it could point outside the archive
    (``..``, an absolute path, a drive letter) or holds control characters."""
    if _CONTROL.search(name):
        return None
    posix = name.replace("\\", "/")
    path = PurePosixPath(posix)
    if path.is_absolute() or re.match(r"^[A-Za-z]:", posix) or ".." in path.parts:
        return None
    cleaned = "/".join(part for part in path.parts if part not in ("", "."))
    return cleaned or None


def _skipped(name: str) -> bool:
    base = PurePosixPath(name).name
    return name.startswith("__MACOSX/") or base in SKIPPED_NAMES or base.startswith("~$")


def _page_part(name: str, names: set[str]) -> bool:
    """A file in the folder where a saved web page keeps its pictures and parts
    ("minutes_files/image001.png" beside "minutes.htm"): part of that page, not a paper."""
    parts = name.replace("\\", "/").split("/")
    for index, part in enumerate(parts[:-1]):
        lower = part.lower()
        for suffix in COMPANION_SUFFIXES:
            if lower.endswith(suffix) and len(lower) > len(suffix):
                stem = "/".join([*parts[:index], part[: -len(suffix)]]).lower()
                if f"{stem}.htm" in names or f"{stem}.html" in names:
                    return True
    return False


class Intake:
    """The files of one batch, in a temporary folder removed when the intake closes."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="openpcc-import-"))
        self.files: list[Incoming] = []
        self._count = 0

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def refuse(self, name: str, reason: str) -> None:
        self.files.append(Incoming(name=name, error=f"{name}: {reason}"))

    def add_stream(self, name: str, stream: IO[bytes], *, limit: int = MAX_FILE_BYTES, packed: int = 0) -> int:
        """Copy ``stream`` to a temporary file, counting and hashing as it goes. Stops, and refuses
        the file, past ``limit`` bytes or (with ``packed``, a zip entry's packed size) past the
        ratio a paper can have. Returns the bytes read."""
        target, size, digest = self._spool(name, stream, limit=limit, packed=packed)
        if target is not None:
            self.files.append(Incoming(name=name, path=target, size=size, sha256=digest))
        return size

    def _spool(
        self, name: str, stream: IO[bytes], *, limit: int, packed: int, paper: bool = True
    ) -> tuple[Path | None, int, str]:
        """``stream`` in a temporary file: (its path, its size, its SHA-256), or (None, the bytes
        read, "") when it was refused for its size."""
        self._count += 1
        target = self.folder / f"{self._count:05d}"
        digest, size = hashlib.sha256(), 0
        with target.open("wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    target.unlink()
                    rule = f"{_size(MAX_FILE_BYTES)} a paper" if paper else f"{_size(MAX_UNPACKED_BYTES)} an archive"
                    self.refuse(name, f"too large when unpacked (more than {_size(limit)}; the limit is {rule}).")
                    return None, size, ""
                if packed and size > RATIO_FROM_BYTES and size > MAX_RATIO * max(packed, 1):
                    target.unlink()
                    self.refuse(
                        name,
                        f"too large when unpacked ({_size(packed)} packed unpacks to more than "
                        f"{MAX_RATIO} times that): it is not a paper.",
                    )
                    return None, size, ""
                digest.update(chunk)
                out.write(chunk)
        return target, size, digest.hexdigest()

    def add_zip(self, source: str | Path | IO[bytes], name: str = "archive.zip") -> None:
        """Every file in the zip, checked entry by entry; the zips inside it are opened in turn
        (their files named "inner.zip/file.pdf"), within the same limits as the whole archive."""
        try:
            archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ValidationError({"file": f"{name} is not a zip file that can be opened."}) from exc
        with archive:
            message = self._zip_read(archive, name, prefix="", budget=_Budget(), depth=0)
        if message:
            raise ValidationError({"file": message})

    def _zip_nested(self, source: str | Path, shown: str, budget: _Budget, depth: int) -> None:
        """A zip found in a folder or inside another zip: a damaged one, or one too many levels
        deep, is refused by name and the rest of the batch goes on."""
        if depth > MAX_DEPTH:
            self.refuse(shown, f"a zip nested more than {MAX_DEPTH} deep in zips; not opened: unpack it and import it.")
            return
        try:
            archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            self.refuse(shown, "not a zip file that can be opened; not read.")
            return
        with archive:
            message = self._zip_read(archive, shown, prefix=f"{shown}/", budget=budget, depth=depth)
        if message:
            self.refuse(shown, message.removeprefix(f"{shown} "))

    def _zip_read(self, archive: zipfile.ZipFile, name: str, *, prefix: str, budget: _Budget, depth: int) -> str:
        """Take in the archive's entries; returns why the whole archive is refused, or ""."""
        entries = [i for i in archive.infolist() if not i.is_dir() and not _skipped(i.filename)]
        names = {i.filename.replace("\\", "/").lower() for i in entries}
        entries = [i for i in entries if not _page_part(i.filename, names)]
        budget.entries += len(entries)
        if budget.entries > MAX_ENTRIES:
            counted = f"holds {budget.entries} files" if depth == 0 else f"brings its archive to {budget.entries} files"
            return f"{name} {counted}; the limit is {MAX_ENTRIES}: split it into smaller archives."
        for info in sorted(entries, key=lambda i: i.filename):
            entry = safe_name(info.filename)
            shown = prefix + (entry or _CONTROL.sub("?", info.filename)[:300])
            if entry is None:
                self.refuse(shown, "unsafe name (it points outside the archive); not read.")
                continue
            if budget.unpacked >= MAX_UNPACKED_BYTES:
                self.refuse(shown, f"not read: the archive unpacks to more than {_size(MAX_UNPACKED_BYTES)}.")
                continue
            inner = entry.lower().endswith(".zip")
            # a zip inside is copied out whole (it may hold many papers); what it unpacks to is counted
            limit = (
                MAX_UNPACKED_BYTES - budget.unpacked
                if inner
                else min(MAX_FILE_BYTES, MAX_UNPACKED_BYTES - budget.unpacked)
            )
            try:
                with archive.open(info) as stream:
                    if not inner:
                        budget.unpacked += self.add_stream(shown, stream, limit=limit, packed=info.compress_size)
                        continue
                    path, _, _ = self._spool(shown, stream, limit=limit, packed=info.compress_size, paper=False)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, OSError, EOFError, ValueError) as exc:
                reason = "it is encrypted" if info.flag_bits & 0x1 else f"it is damaged ({exc})"
                self.refuse(shown, f"could not be unpacked: {reason}.")
                continue
            if path is not None:
                try:
                    self._zip_nested(path, shown, budget, depth + 1)
                finally:
                    path.unlink(missing_ok=True)
        return ""

    def add_path(self, path: str | Path) -> None:
        """A folder (recursively, in name order, opening the zips in it), a zip, or one file.
        A Word document (.docx) or any other file is taken as it is, whatever it holds."""
        path = Path(path)
        if not path.exists():
            raise ValidationError({"path": f"{path} does not exist."})
        if path.is_dir():
            items = sorted(p for p in path.rglob("*") if p.is_file() or p.is_symlink())
            names = {item.relative_to(path).as_posix().lower() for item in items}
            for item in items:
                relative = str(item.relative_to(path))
                if _skipped(relative) or _page_part(relative, names):
                    continue
                if item.is_symlink():
                    self.refuse(relative, "a link to another file; not followed.")
                    continue
                if item.suffix.lower() == ".zip":
                    self._zip_nested(item, relative, _Budget(), depth=0)
                    continue
                with item.open("rb") as stream:
                    self.add_stream(relative, stream)
            return
        if path.suffix.lower() == ".zip":
            self.add_zip(path, path.name)
            return
        with path.open("rb") as stream:
            self.add_stream(path.name, stream)


@dataclass
class _Budget:
    """What one archive, with the zips inside it, has unpacked so far."""

    unpacked: int = 0
    entries: int = 0


@contextmanager
def intake() -> Iterator[Intake]:
    taken = Intake()
    try:
        yield taken
    finally:
        taken.close()
