"""Taking archives in (issue 11): zip entries are streamed and counted, so no archive can fill the
memory or the disk; unsafe names, oversized and bomb-like entries are refused by name with the
reason, and the rest of the batch goes on."""

from __future__ import annotations

import io
import os
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openpcc.imports import intake
from openpcc.imports.models import ImportBatch, ImportFile

pytestmark = pytest.mark.django_db

PAPER = b"Minutes of the meeting of the Business Coordination Board held on 3 June 2019\n1. Apologies\n"


def _zip(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in entries.items():
            z.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return out.getvalue()


def _folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def _upload(client, login, world, name: str, data: bytes):
    login(world.editor)
    return client.post(
        reverse("imports_staff:index", args=[world.body.slug]),
        {"file": SimpleUploadedFile(name, data, content_type="application/zip")},
    )


def test_a_zip_bomb_is_refused_entry_by_entry_without_using_memory_or_disk(client, login, world, settings):
    zeros = bytes(48 * 1024 * 1024)
    bomb = _zip({**{f"paper-{n:02d}.txt": zeros for n in range(12)}, "real.txt": PAPER})
    del zeros
    assert len(bomb) < 1024 * 1024  # under a megabyte that unpacks to 576 MB
    tracemalloc.start()
    try:
        response = _upload(client, login, world, "bomb.zip", bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 302
    assert peak < 24 * 1024 * 1024, f"peak {peak / 1024 / 1024:.0f} MB"
    rows = {f.name: f for f in ImportBatch.objects.get(source_name="bomb.zip").files.all()}
    assert rows["real.txt"].status == ImportFile.Status.READ
    for n in range(12):
        row = rows[f"paper-{n:02d}.txt"]
        assert row.status == ImportFile.Status.FAILED and "too large when unpacked" in row.error, row.error
        assert not row.file
    assert _folder_size(Path(settings.MEDIA_ROOT) / "imports") < 64 * 1024


def test_an_entry_over_the_limit_is_called_too_large_not_empty(tmp_path):
    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_STORED) as z:  # stored: no compression ratio to give it away
        with z.open("long-report.pdf", "w", force_zip64=True) as entry:
            block = os.urandom(1024 * 1024)
            for _ in range(55):
                entry.write(block)
        z.writestr("agenda.txt", PAPER)
    with intake.intake() as taken:
        taken.add_path(big)
        (refused,) = [f for f in taken.files if f.error]
        assert refused.name == "long-report.pdf"
        assert "too large when unpacked (more than 50 MB" in refused.error
        assert [f.name for f in taken.files if not f.error] == ["agenda.txt"]
        folder = taken.folder
        assert _folder_size(folder) < 2 * 1024 * 1024  # the refused entry's part is gone at once
    assert not folder.exists()


def test_unsafe_names_are_refused_and_the_batch_goes_on(client, login, world, settings, tmp_path):
    archive = _zip(
        {
            "../../evil.txt": PAPER,
            "..\\..\\x.txt": PAPER,
            "/etc/cron.d/job.txt": PAPER,
            "C:/Windows/win.txt": PAPER,
            "minutes\x1b[31m.txt": PAPER,
            "papers/./2019/minutes.txt": PAPER,
        }
    )
    response = _upload(client, login, world, "names.zip", archive)
    assert response.status_code == 302
    rows = list(ImportBatch.objects.get(source_name="names.zip").files.order_by("order"))
    read = [r for r in rows if r.status == ImportFile.Status.READ]
    refused = [r for r in rows if r.status == ImportFile.Status.FAILED]
    assert [r.name for r in read] == ["papers/2019/minutes.txt"]
    assert len(refused) == 5 and all("unsafe name" in r.error for r in refused)
    stored = [p for p in (Path(settings.MEDIA_ROOT) / "imports").rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].name == "minutes.txt"
    assert not (tmp_path.parent / "evil.txt").exists() and not Path("/etc/cron.d/job.txt").exists()


def test_too_many_entries_is_refused_whole_with_the_count(monkeypatch):
    monkeypatch.setattr(intake, "MAX_ENTRIES", 3)
    with intake.intake() as taken, pytest.raises(ValidationError) as exc:
        taken.add_zip(io.BytesIO(_zip({f"{n}.txt": PAPER for n in range(4)})), "many.zip")
    assert "many.zip holds 4 files; the limit is 3" in str(exc.value)


def test_an_archive_that_unpacks_beyond_the_total_stops_there(monkeypatch):
    monkeypatch.setattr(intake, "MAX_UNPACKED_BYTES", 300)
    with intake.intake() as taken:
        taken.add_zip(io.BytesIO(_zip({f"{n}.txt": PAPER for n in range(6)})), "total.zip")
        outcome = [(f.name, bool(f.error)) for f in taken.files]
    assert outcome[:3] == [("0.txt", False), ("1.txt", False), ("2.txt", False)]
    assert all(error for _, error in outcome[4:])


def test_a_damaged_zip_is_refused_with_its_name(client, login, world):
    response = _upload(client, login, world, "broken.zip", b"PK\x03\x04 this is not really a zip")
    assert response.status_code == 200
    assert "broken.zip is not a zip file that can be opened" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_folder_import_does_not_follow_links(tmp_path):
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "minutes.txt").write_bytes(PAPER)
    (tmp_path / "secret.txt").write_text("not for import")
    (tmp_path / "papers" / "link.txt").symlink_to(tmp_path / "secret.txt")
    with intake.intake() as taken:
        taken.add_path(tmp_path / "papers")
        assert [(f.name, f.error.split(": ", 1)[-1]) for f in taken.files] == [
            ("link.txt", "a link to another file; not followed."),
            ("minutes.txt", ""),
        ]
