"""Every format an archive holds (issue 15): legacy Word, RTF and saved web pages are read; a
Word document given on its own is read as a document, not unpacked; zips in folders and zips in
zips are opened and their files named by the path through them; a bad file is named, skipped and
leaves nothing behind while the rest of the batch is read."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from openpcc.imports import intake, reading
from openpcc.imports.models import ImportBatch, ImportFile, Proposal
from tests.legacy_papers import make_doc, make_html, make_rtf
from tests.papers import make_docx

pytestmark = pytest.mark.django_db

READ = {ImportFile.Status.READ, "nothing"}  # read; "nothing" where no proposal was recognised
HEADING = "Minutes of the meeting of the Community Safety Panel held on {day} May 2018"


def _doc(day: int) -> bytes:
    return make_doc([(HEADING.format(day=day) + "\r", True), ("1. Apologies\rNone were received.\r", False)])


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


def _run(path, body="test-pcc") -> tuple[ImportBatch, str]:
    out = io.StringIO()
    call_command("import_archive", str(path), body=body, stdout=out)
    return ImportBatch.objects.latest("pk"), out.getvalue()


def _files(batch: ImportBatch) -> dict[str, ImportFile]:
    return {f.name: f for f in batch.files.all()}


def test_a_folder_of_legacy_formats_is_read_and_bad_files_are_named_and_skipped(world, tmp_path):
    folder = tmp_path / "archive"
    (folder / "2018").mkdir(parents=True)
    (folder / "2018" / "panel.doc").write_bytes(_doc(2))
    (folder / "2018" / "panel.rtf").write_bytes(make_rtf([HEADING.format(day=9), "1. Apologies"]))
    (folder / "2018" / "panel.htm").write_bytes(make_html(f"<h1>{HEADING.format(day=16)}</h1><p>1. Apologies</p>"))
    (folder / "2018" / "word-as-rtf.doc").write_bytes(make_rtf([HEADING.format(day=23)]))
    good_docx = make_docx([HEADING.format(day=30), "1. Apologies"])
    (folder / "2018" / "panel.docx").write_bytes(good_docx)
    bad = {
        "broken.docx": (good_docx[: len(good_docx) // 2], "broken.docx is not a Word document"),
        "broken.doc": (_doc(3)[:2600], "broken.doc is a damaged Word document"),
        "broken.rtf": (b"\x00\x01 not rtf at all", "broken.rtf is called an RTF file but is not one"),
        "empty.doc": (b"", "empty.doc is empty"),
        "blank.rtf": (rb"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\par}", "blank.rtf has no text in it"),
        "figures.xls": (b"\xd0\xcf\x11\xe0", "figures.xls is a spreadsheet: save it as PDF"),
    }
    for name, (data, _) in bad.items():
        (folder / "bad" / name).parent.mkdir(exist_ok=True)
        (folder / "bad" / name).write_bytes(data)

    batch, out = _run(folder)

    files = _files(batch)
    assert batch.files_done == batch.files_total == 11
    for name, (_, message) in bad.items():
        row = files[f"bad/{name}"]
        assert row.status == ImportFile.Status.FAILED, (name, row.status, row.text[:80])
        assert message in row.error and f"bad/{name}: FAILED" in out
        assert not row.proposals.exists()
    for name, day in (
        ("panel.doc", 2),
        ("panel.rtf", 9),
        ("panel.htm", 16),
        ("word-as-rtf.doc", 23),
        ("panel.docx", 30),
    ):
        row = files[f"2018/{name}"]
        assert row.status in READ, (name, row.error)
        assert row.text.splitlines()[0] == HEADING.format(day=day), name
    meeting = files["2018/panel.doc"].proposals.get(kind="meeting")
    assert meeting.data["date"] == "2018-05-02"
    assert "Done:" in out and "6 failed" in out


def test_nothing_partial_is_written_when_a_file_fails_half_way(world, tmp_path, monkeypatch):
    (tmp_path / "a.doc").write_bytes(_doc(2))
    (tmp_path / "b.rtf").write_bytes(make_rtf([HEADING.format(day=9), "1. Apologies"]))
    stored = reading._store

    def store_then_fail(row, found):
        stored(row, found)  # the proposals are made…
        if row.name == "a.doc":
            raise OSError("disk full")  # …and then the file fails

    monkeypatch.setattr(reading, "_store", store_then_fail)
    batch, _ = _run(tmp_path)
    files = _files(batch)
    assert files["a.doc"].status == "failed" and "a.doc could not be read: OSError: disk full" in files["a.doc"].error
    assert not Proposal.objects.filter(file=files["a.doc"]).exists() and not files["a.doc"].text
    assert files["b.rtf"].status in READ and files["b.rtf"].proposals.exists()


def test_a_single_word_document_on_the_command_line_is_read_as_a_document(world, tmp_path):
    path = tmp_path / "minutes.docx"
    path.write_bytes(make_docx([HEADING.format(day=2), "1. Apologies"]))
    batch, _ = _run(path)
    (row,) = batch.files.all()
    assert row.name == "minutes.docx" and row.status in READ
    assert row.text.startswith(HEADING.format(day=2)) and "word/document.xml" not in row.text
    # and the same through the import page
    client_batch = _upload(world, "minutes-2.docx", make_docx([HEADING.format(day=9)]))
    assert [f.name for f in client_batch.files.all()] == ["minutes-2.docx"]


def _upload(world, name: str, data: bytes) -> ImportBatch:
    from django.test import Client

    client = Client()
    client.force_login(world.editor)
    response = client.post(
        reverse("imports_staff:index", args=[world.body.slug]), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return ImportBatch.objects.latest("pk")


def test_zips_in_folders_and_zips_in_zips_are_opened_and_named_by_their_path(world, tmp_path):
    inner = _zip({"minutes.rtf": make_rtf([HEADING.format(day=9)]), "__MACOSX/._minutes.rtf": b"junk"})
    outer = _zip(
        {
            "panel/minutes.doc": _doc(2),
            "more/inner.zip": inner,
            "notes.txt": HEADING.format(day=16).encode(),
            # a page saved from Word, with the folder of parts it keeps beside it
            "web/agenda.htm": make_html(f"<h1>{HEADING.format(day=30)}</h1>"),
            "web/agenda_files/header.htm": make_html("<p>Running header</p>"),
            "web/agenda_files/image001.png": b"\x89PNG",
        }
    )
    folder = tmp_path / "archive"
    (folder / "2018").mkdir(parents=True)
    (folder / "2018" / "papers.zip").write_bytes(outer)
    (folder / "2018" / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "loose.htm").write_bytes(make_html(f"<h1>{HEADING.format(day=23)}</h1>"))
    (folder / "loose_files").mkdir()
    (folder / "loose_files" / "filelist.xml").write_bytes(b"<xml/>")
    (folder / "board_files").mkdir()  # a folder that happens to be called so, with no page beside it
    (folder / "board_files" / "minutes.txt").write_bytes(HEADING.format(day=1).encode())

    batch, out = _run(folder)

    files = _files(batch)
    assert sorted(files) == [
        "2018/broken.zip",
        "2018/papers.zip/more/inner.zip/minutes.rtf",
        "2018/papers.zip/notes.txt",
        "2018/papers.zip/panel/minutes.doc",
        "2018/papers.zip/web/agenda.htm",
        "board_files/minutes.txt",
        "loose.htm",
    ]
    broken = files["2018/broken.zip"]
    assert broken.status == "failed" and "2018/broken.zip: not a zip file that can be opened" in broken.error
    for name in ("2018/papers.zip/more/inner.zip/minutes.rtf", "2018/papers.zip/panel/minutes.doc", "loose.htm"):
        assert files[name].status in READ, (name, files[name].error)
    assert files["2018/papers.zip/panel/minutes.doc"].text.startswith(HEADING.format(day=2))
    assert "[7/7]" in out


def test_an_uploaded_zip_with_a_zip_inside_is_opened_too(world):
    batch = _upload(world, "bundle.zip", _zip({"inner.zip": _zip({"a.rtf": make_rtf([HEADING.format(day=2)])})}))
    (row,) = batch.files.all()
    assert row.name == "inner.zip/a.rtf" and row.status in READ


def test_zips_inside_zips_stop_at_the_depth_and_share_the_archive_s_limits(world, monkeypatch):
    deepest = _zip({"deep.txt": b"words"})
    for level in range(4, 0, -1):
        deepest = _zip({f"level{level}.zip": deepest, f"paper{level}.txt": b"words"})
    with intake.intake() as taken:
        taken.add_zip(io.BytesIO(deepest), "top.zip")
        outcome = {f.name: f.error for f in taken.files}
    assert outcome["level1.zip/level2.zip/level3.zip/paper4.txt"] == ""
    assert "a zip nested more than 3 deep in zips; not opened" in outcome["level1.zip/level2.zip/level3.zip/level4.zip"]
    assert "level1.zip/level2.zip/level3.zip/level4.zip/deep.txt" not in outcome

    # the files of a zip inside count against the whole archive's limits
    inner = _zip({f"{n}.txt": b"x" * 1000 for n in range(10)})
    monkeypatch.setattr(intake, "MAX_UNPACKED_BYTES", 100 + len(inner) + 1500)
    with intake.intake() as taken:
        taken.add_zip(io.BytesIO(_zip({"a.txt": b"y" * 100, "b.zip": inner})), "top.zip")
        outcome = {f.name: f.error for f in taken.files}
    assert [name for name, error in outcome.items() if not error] == ["a.txt", "b.zip/0.txt", "b.zip/1.txt"]
    assert "not read: the archive unpacks to more than" in outcome["b.zip/9.txt"]
    monkeypatch.setattr(intake, "MAX_UNPACKED_BYTES", 1024 * 1024 * 1024)
    monkeypatch.setattr(intake, "MAX_ENTRIES", 4)
    with intake.intake() as taken:
        taken.add_zip(io.BytesIO(_zip({"a.txt": b"a", "b.zip": inner})), "top.zip")
        outcome = {f.name: f.error for f in taken.files}
    assert outcome["a.txt"] == "" and "b.zip: brings its archive to 12 files; the limit is 4" in outcome["b.zip"]
