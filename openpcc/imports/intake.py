"""Taking files in for import without letting them exhaust the machine: a folder, a zip or one
file becomes a list of ``Incoming`` files, each streamed to a temporary file while the bytes
actually read are counted and hashed. A zip entry that is too large when unpacked, unpacks far
beyond its packed size, has an unsafe name or cannot be read is refused by name, with the reason;
the rest of the batch goes on. Nothing is ever held whole in memory."""

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
MAX_ENTRIES = 5000  # files in one archive
# A paper compresses a little (PDF, Word) or a few times (text); a zip entry that unpacks to more
# than this many times its packed size, past the first megabyte, is a "zip bomb", not a paper.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1 * MB
CHUNK = 1 * MB
SKIPPED_NAMES = (".DS_Store", "Thumbs.db", "desktop.ini")
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
        self._count += 1
        target = self.folder / f"{self._count:05d}"
        digest, size = hashlib.sha256(), 0
        with target.open("wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    target.unlink()
                    self.refuse(
                        name,
                        f"too large when unpacked (more than {_size(limit)}; the limit is "
                        f"{_size(MAX_FILE_BYTES)} a paper).",
                    )
                    return size
                if packed and size > RATIO_FROM_BYTES and size > MAX_RATIO * max(packed, 1):
                    target.unlink()
                    self.refuse(
                        name,
                        f"too large when unpacked ({_size(packed)} packed unpacks to more than "
                        f"{MAX_RATIO} times that): it is not a paper.",
                    )
                    return size
                digest.update(chunk)
                out.write(chunk)
        self.files.append(Incoming(name=name, path=target, size=size, sha256=digest.hexdigest()))
        return size

    def add_zip(self, source: str | Path | IO[bytes], name: str = "archive.zip") -> None:
        """Every file in the zip, checked entry by entry."""
        try:
            archive = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ValidationError({"file": f"{name} is not a zip file that can be opened."}) from exc
        with archive:
            entries = [i for i in archive.infolist() if not i.is_dir() and not _skipped(i.filename)]
            if len(entries) > MAX_ENTRIES:
                raise ValidationError(
                    {
                        "file": f"{name} holds {len(entries)} files; the limit is {MAX_ENTRIES}: split it into "
                        "smaller archives."
                    }
                )
            unpacked = 0
            for info in sorted(entries, key=lambda i: i.filename):
                entry = safe_name(info.filename)
                shown = entry or _CONTROL.sub("?", info.filename)[:300]
                if entry is None:
                    self.refuse(shown, "unsafe name (it points outside the archive); not read.")
                    continue
                if unpacked >= MAX_UNPACKED_BYTES:
                    self.refuse(entry, f"not read: the archive unpacks to more than {_size(MAX_UNPACKED_BYTES)}.")
                    continue
                limit = min(MAX_FILE_BYTES, MAX_UNPACKED_BYTES - unpacked)
                try:
                    with archive.open(info) as stream:
                        unpacked += self.add_stream(entry, stream, limit=limit, packed=info.compress_size)
                except (zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, OSError, EOFError, ValueError) as exc:
                    reason = "it is encrypted" if info.flag_bits & 0x1 else f"it is damaged ({exc})"
                    self.refuse(entry, f"could not be unpacked: {reason}.")

    def add_path(self, path: str | Path) -> None:
        """A folder (recursively, in name order), a zip, or one file."""
        path = Path(path)
        if not path.exists():
            raise ValidationError({"path": f"{path} does not exist."})
        if path.is_dir():
            for item in sorted(p for p in path.rglob("*") if p.is_file() or p.is_symlink()):
                relative = str(item.relative_to(path))
                if _skipped(relative):
                    continue
                if item.is_symlink():
                    self.refuse(relative, "a link to another file; not followed.")
                    continue
                with item.open("rb") as stream:
                    self.add_stream(relative, stream)
            return
        if path.suffix.lower() == ".zip":
            self.add_zip(path, path.name)
            return
        with path.open("rb") as stream:
            self.add_stream(path.name, stream)


@contextmanager
def intake() -> Iterator[Intake]:
    taken = Intake()
    try:
        yield taken
    finally:
        taken.close()
