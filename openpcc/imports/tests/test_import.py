"""Importing an archive: the command and the upload page, damaged files, re-imports, and the
review queue turning accepted proposals into (unpublished) records."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from openpcc.core.writing import ConflictError
from openpcc.decisions.models import Decision
from openpcc.imports import reading, services
from openpcc.imports.forms import initial_for
from openpcc.imports.models import ImportBatch, ImportFile, Proposal
from openpcc.meetings.models import Action, AgendaItem, Attendance, Meeting
from openpcc.plans.models import Priority, Update
from tests.factories import actor
from tests.papers import (
    make_blank_pdf,
    make_encrypted_pdf,
    make_fake_docx,
    make_zero_page_pdf,
    seed_docx,
    seed_pdf,
    seed_text,
)

pytestmark = pytest.mark.django_db

DAMAGED = {
    "empty.pdf": lambda: b"",
    "fake.pdf": lambda: b"<html>not a pdf</html>",
    "locked.pdf": make_encrypted_pdf,
    "nothing.pdf": make_zero_page_pdf,
    "album.docx": make_fake_docx,
    "scan.pdf": make_blank_pdf,
}
REASONS = {
    "empty.pdf": "is empty",
    "fake.pdf": "is called a PDF but is not one",
    "locked.pdf": "protected by a password",
    "nothing.pdf": "a PDF with no pages",
    "album.docx": "is a zip file but not a Word document",
    "scan.pdf": "needs OCR",
}


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "archive"
    (folder / "2017").mkdir(parents=True)
    (folder / "2017" / "panel-pack.pdf").write_bytes(seed_pdf("004"))
    (folder / "covid-response.docx").write_bytes(seed_docx("000"))
    (folder / "victims.txt").write_text(seed_text("003"), encoding="utf-8")
    (folder / "long-line.txt").write_text("word " * 400_000, encoding="utf-8")
    for name, make in DAMAGED.items():
        (folder / name).write_bytes(make())
    return folder


def _run(path, body="test-pcc") -> tuple[ImportBatch, str]:
    out = io.StringIO()
    call_command("import_archive", str(path), body=body, stdout=out)
    return ImportBatch.objects.latest("pk"), out.getvalue()


def test_the_command_reads_a_folder_reports_damaged_files_and_carries_on(world, archive):
    meetings_before, decisions_before = Meeting.objects.count(), Decision.objects.count()
    batch, out = _run(archive)
    files = {f.name: f for f in batch.files.all()}
    assert batch.status == "done" and batch.files_done == batch.files_total == 10
    assert (
        "[10/10]" in out
        and "pages/s" in out
        and "Done: 3 read, 1 read with nothing recognised, 0 already imported, 6 failed" in out
    )
    for name, reason in REASONS.items():
        assert files[name].status == ImportFile.Status.FAILED, name
        assert reason in files[name].error and name in files[name].error
        assert f"{name}: FAILED" in out
        assert not files[name].proposals.exists()
    pack = files["2017/panel-pack.pdf"]
    assert pack.status == "read" and pack.pages == 87 and batch.pages_done >= 89
    kinds = dict.fromkeys(Proposal.Kind.values, 0)
    for proposal in pack.proposals.all():
        kinds[proposal.kind] += 1
    assert kinds["meeting"] == 1 and kinds["attendance"] == 1 and kinds["agenda_item"] == 12
    assert kinds["action"] == 4 and kinds["plan_row"] == 40 and kinds["decision"] >= 7 and kinds["report"] >= 6
    meeting = pack.proposals.get(kind="meeting")
    assert meeting.page == 1 and "6 SEPTEMBER 2017" in meeting.passage
    assert "MINUTES OF A MEETING" in pack.page_text(1)
    row = pack.proposals.get(kind="plan_row", data__code="T10")
    assert row.page > 20 and row.passage  # points back to its page of the delivery table
    assert files["covid-response.docx"].proposals.get().data["title"] == "OPCC Business Response to COVID-19"
    assert files["long-line.txt"].status == "nothing" and not files["long-line.txt"].proposals.exists()
    assert "long-line.txt: 1 page(s), read, nothing recognised" in out
    # proposals only: nothing became a record, nothing was published
    assert (Meeting.objects.count(), Decision.objects.count()) == (meetings_before, decisions_before)


def test_importing_the_same_files_again_adds_nothing(world, archive):
    first, _ = _run(archive)
    proposals = Proposal.objects.count()
    second, out = _run(archive)
    assert "Done: 0 read, 0 read with nothing recognised, 4 already imported, 6 failed" in out
    stored = {f.file.name for f in ImportFile.objects.exclude(file="")}
    assert len(stored) == ImportFile.objects.exclude(file="").values("sha256").distinct().count()  # one copy each
    assert not second.files.filter(status="duplicate").exclude(file="").exists()
    assert Proposal.objects.count() == proposals
    again = second.files.get(name="victims.txt")
    assert again.status == "duplicate" and again.duplicate_of == first.files.get(name="victims.txt")
    # the same papers in a zip are recognised by their checksum, whatever their names
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("renamed/pack.pdf", (archive / "2017" / "panel-pack.pdf").read_bytes())
        z.writestr("__MACOSX/._pack.pdf", b"junk")
    (archive.parent / "again.zip").write_bytes(buffer.getvalue())
    batches = ImportBatch.objects.count()
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"Nothing new in .*again\.zip: renamed/pack\.pdf was imported before"):
        _run(archive.parent / "again.zip")
    assert ImportBatch.objects.count() == batches  # no empty batch
    assert Proposal.objects.count() == proposals
    # another body importing the same paper gets its own proposals
    _run(archive / "victims.txt", body="other-pcc")
    assert Proposal.objects.filter(body=world.other).count() == 1


def test_the_command_refuses_what_it_cannot_start(world, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no body with the address"):
        _run(tmp_path, body="nowhere")
    with pytest.raises(CommandError, match="does not exist"):
        _run(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CommandError, match="has no files in it"):
        _run(tmp_path / "empty")
    assert not ImportBatch.objects.exists()


def _pack_batch(world, body=None, user=None) -> ImportBatch:
    batch = services.batch_create(
        body=body or world.body,
        files=[("pack.txt", seed_text("004").encode())],
        source_name="pack.txt",
        user=user or actor(),
    )
    return reading.batch_run(batch=batch, user=actor())


def _accept(proposal, user, **options):
    proposal.refresh_from_db()
    return services.proposal_accept(proposal=proposal, expected_version=proposal.version, user=user, options=options)


def test_accepting_the_minutes_makes_an_unpublished_meeting_with_its_items(world):
    batch = _pack_batch(world)
    meeting_p = Proposal.objects.get(file__batch=batch, kind="meeting")
    item_p = meeting_p.children.get(kind="agenda_item", data__number="22")
    with pytest.raises(ValidationError, match="Accept the meeting"):
        _accept(item_p, world.editor)
    with pytest.raises(ValidationError, match="this will create committee “Cambridgeshire Police and Crime Panel”"):
        _accept(meeting_p, world.editor)
    meeting_p = _accept(meeting_p, world.editor, create_committee=True)
    meeting = Meeting.objects.get(pk=meeting_p.record_id)
    assert meeting.publication_status == "draft" and meeting.venue == "Peterborough City Council"
    assert meeting.committee.name == "Cambridgeshire Police and Crime Panel" and str(meeting.date) == "2017-09-06"
    for child in meeting_p.children.order_by("order"):
        _accept(child, world.editor)
    assert Attendance.objects.filter(meeting=meeting, kind="apologies").count() == 4
    assert Attendance.objects.get(meeting=meeting, name="A Dickinson").substitute_for == "Bull"
    item = AgendaItem.objects.get(meeting=meeting, number="22")
    assert item.resolution == "recommendation" and "last effort" in item.resolution_reasons
    assert item.questions.count() >= 18
    assert list(AgendaItem.objects.filter(meeting=meeting).values_list("number", flat=True)) == [
        str(n) for n in range(16, 28)
    ]
    actions = Action.objects.filter(meeting=meeting)
    assert actions.count() == 4 and actions.filter(agenda_item__number="24").count() == 3
    assert not Proposal.objects.filter(parent=meeting_p, status="pending").exists()
    # a second acceptance of the same meeting is refused: the proposal is no longer pending
    with pytest.raises(ValidationError, match="already been accepted"):
        _accept(meeting_p, world.editor)


def test_rejecting_a_meeting_rejects_its_parts_and_makes_nothing(world):
    batch = _pack_batch(world)
    meeting_p = Proposal.objects.get(file__batch=batch, kind="meeting")
    before = Meeting.objects.count()
    services.proposal_reject(
        proposal=meeting_p, expected_version=meeting_p.version, note="Already entered", user=world.editor
    )
    assert set(meeting_p.children.values_list("status", flat=True)) == {"rejected"}
    assert Meeting.objects.count() == before


def test_corrections_are_versioned_and_never_overwrite(world):
    batch = _pack_batch(world)
    proposal = Proposal.objects.get(file__batch=batch, kind="decision", data__reference="CPCC 2017-022")
    saved = services.proposal_edit(
        proposal=proposal,
        expected_version=proposal.version,
        data={"subject": "Deed of Novation: parent company guarantee of the Athena contractor"},
        user=world.editor,
    )
    assert saved.version == proposal.version + 1 and saved.label.startswith("Decision CPCC 2017-022: Deed of Novation:")
    with pytest.raises(ConflictError):
        services.proposal_edit(
            proposal=proposal, expected_version=proposal.version, data={"subject": "x"}, user=world.approver
        )
    assert Proposal.objects.get(pk=proposal.pk).data["date"] == "2017-10-03"


def test_decision_records_need_an_approver_and_belong_to_the_office(world):
    batch = _pack_batch(world)
    proposal = Proposal.objects.get(file__batch=batch, kind="decision", data__reference="CPCC 2017-020")
    with pytest.raises(PermissionDenied, match="only an approver"):
        _accept(proposal, world.editor)
    accepted = _accept(proposal, world.approver)
    decision = Decision.objects.get(pk=accepted.record_id)
    assert decision.reference == "CPCC 2017-020" and str(decision.decision_date) == "2017-09-21"
    assert decision.status == "signed" and decision.publication_status == "draft"
    named_only = Proposal.objects.get(file__batch=batch, kind="decision", data__reference="CPCC 2017-19")
    with pytest.raises(ValidationError, match="names CPCC 2017-19 but does not say what was decided"):
        _accept(named_only, world.approver)  # the minutes name it but do not give the decision text
    panel = _pack_batch(world, body=world.decisions.panel)
    at_panel = Proposal.objects.get(file__batch=panel, kind="decision", data__reference="CPCC 2017-021")
    with pytest.raises(ValidationError, match="Decision records belong to"):
        _accept(at_panel, world.decisions.secretariat)


def test_plan_rows_become_priorities_or_updates(world):
    lead = world.plan.priorities.get(code="V1").opcc_lead
    org = world.plan.priorities.get(code="V1").delivery_leads.get()
    batch = services.batch_create(
        body=world.body,
        files=[
            (
                "plan.txt",
                b"Code\tPriority\tOPCC lead\tDelivery lead\tUpdate\tStatus\n"
                b"V9\tReduce repeat victimisation\t"
                + lead.initials.encode()
                + b"\t"
                + org.name.encode()
                + b"\t\t\nV1\tPriority number 1\t\t\tNew hub opened.\tgreen\nV8\tUnknown lead\t\tNobody Ltd\t\t\n",
            )
        ],
        source_name="plan.txt",
        user=actor(),
    )
    reading.batch_run(batch=batch, user=actor())
    v9, v1, v8 = Proposal.objects.filter(file__batch=batch).order_by("order")
    with pytest.raises(ValidationError, match="Choose the plan"):
        _accept(v9, world.editor)
    accepted = _accept(v9, world.editor, plan=world.plan.pk)
    priority = Priority.objects.get(pk=accepted.record_id)
    assert (priority.code, priority.opcc_lead, list(priority.delivery_leads.all())) == ("V9", lead, [org])
    with pytest.raises(ValidationError, match=r"V1\.1 already has an update in 2017/18 Q2"):
        _accept(v1, world.editor, plan=world.plan.pk, round=world.open_round.pk)  # never overwrites a draft
    Update.objects.filter(round=world.open_round, activity__priority__code="V1").delete()
    _accept(v1, world.editor, plan=world.plan.pk, round=world.open_round.pk)
    update = Update.objects.get(round=world.open_round, activity__priority__code="V1")
    assert update.narrative == "New hub opened." and update.status.colour.lower() == "green"
    with pytest.raises(ValidationError, match="no organisation called “Nobody Ltd”"):
        _accept(v8, world.editor, plan=world.plan.pk)
    assert Proposal.objects.get(pk=v8.pk).status == "pending"


def test_importing_needs_a_role_at_the_body(world):
    with pytest.raises(PermissionDenied):
        services.batch_create(body=world.body, files=[("a.txt", b"x")], source_name="a.txt", user=world.other_editor)
    with pytest.raises(PermissionDenied):
        services.batch_create(body=world.body, files=[("a.txt", b"x")], source_name="a.txt", user=world.panel_member)


# --- the pages --------------------------------------------------------------------------------


def test_upload_page_reads_a_paper_and_shows_progress(client, world, login, django_assert_max_num_queries):
    login(world.editor)
    url = reverse("imports_staff:index", args=["test-pcc"])
    response = client.post(url, {"file": SimpleUploadedFile("pack.pdf", seed_pdf("004"))})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "imports_staff:batch", args=["test-pcc", batch.pk]
    )
    # the batch page also counts outcomes and offers bulk review (kinds to review, the plans)
    with django_assert_max_num_queries(10):
        html = client.get(response["Location"]).content.decode()
    assert "1 of 1 file read (100%)" in html and "pages a second" in html and "pack.pdf" in html
    assert 'http-equiv="refresh"' not in html  # finished: it stops refreshing
    row = batch.files.get()
    with django_assert_max_num_queries(8):
        html = client.get(reverse("imports_staff:file", args=["test-pcc", row.pk])).content.decode()
    assert html.count('href="/staff/test-pcc/imports/proposals/') == row.proposals.count() > 60
    assert "Item 22: Fire and Rescue Governance" in html
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    for proposal in row.proposals.all()[:: max(1, row.proposals.count() // 8)]:
        with django_assert_max_num_queries(12):
            page = client.get(reverse("imports_staff:proposal", args=["test-pcc", proposal.pk]))
        assert page.status_code == 200 and f"From page {proposal.page}" in page.content.decode()


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [(name, make, REASONS[name]) for name, make in DAMAGED.items() if name != "empty.pdf"]
    + [("huge.txt", lambda: ("x" * 3_000_000).encode(), None), ("notzip.zip", lambda: b"PK nope", "is not a zip file")],
)
def test_bad_uploads_are_reported_and_never_500(client, world, login, name, make, message):
    login(world.editor)
    url = reverse("imports_staff:index", args=["test-pcc"])
    response = client.post(url, {"file": SimpleUploadedFile(name, make())}, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    if name.endswith(".zip"):
        assert message in html and not ImportBatch.objects.exists()
        return
    row = ImportFile.objects.get(name=name)
    if message is None:
        assert row.status == "nothing" and not row.proposals.exists() and "nothing recognised" in html
    else:
        assert row.status == "failed" and message in html and name in html and not row.proposals.exists()


def test_empty_upload_is_refused_on_the_form(client, world, login):
    login(world.editor)
    response = client.post(
        reverse("imports_staff:index", args=["test-pcc"]), {"file": SimpleUploadedFile("e.pdf", b"")}
    )
    assert "The submitted file is empty" in response.content.decode() and not ImportBatch.objects.exists()


def test_review_page_corrects_and_accepts(client, world, login):
    login(world.editor)
    batch = _pack_batch(world, user=world.editor)
    meeting_p = Proposal.objects.get(file__batch=batch, kind="meeting")
    url = reverse("imports_staff:proposal", args=["test-pcc", meeting_p.pk])
    form = {
        **initial_for(meeting_p),
        "version": meeting_p.version,
        "date": "not a date",
        "action": "accept",
        "create_committee": "on",
    }
    html = client.post(url, form).content.decode()
    assert (
        "“not a date” is not a date" in html and not Meeting.objects.filter(venue="Peterborough City Council").exists()
    )
    meeting_p.refresh_from_db()  # the corrections were kept, though the accept failed
    assert meeting_p.data["date"] == "not a date"
    form.update(date="2017-09-06", venue="Town Hall, Peterborough", version=meeting_p.version)
    response = client.post(url, form)
    meeting_p.refresh_from_db()
    assert meeting_p.status == "accepted" and meeting_p.data["venue"] == "Town Hall, Peterborough"
    assert Meeting.objects.get(pk=meeting_p.record_id).venue == "Town Hall, Peterborough"
    following = meeting_p.children.order_by("order").first()  # it moves on to the next proposal
    assert response["Location"] == reverse("imports_staff:proposal", args=["test-pcc", following.pk])
    page = client.get(url).content.decode()
    assert "Accepted" in page and meeting_p.record_url in page
    # a stale form is refused, not silently applied
    item = meeting_p.children.get(kind="agenda_item", data__number="17")
    stale = {
        **initial_for(item),
        "version": item.version - 1 if item.version > 1 else 99,
        "title": "Changed",
        "action": "save",
    }
    stale["questions"] = ""
    html = client.post(reverse("imports_staff:proposal", args=["test-pcc", item.pk]), stale).content.decode()
    assert "Someone else changed this proposal" in html
    item.refresh_from_db()
    assert item.data["title"] == "Declarations of Interest"
    # reject with the button
    client.post(
        reverse("imports_staff:proposal", args=["test-pcc", item.pk]), {"version": item.version, "action": "reject"}
    )
    item.refresh_from_db()
    assert item.status == "rejected"


def test_review_of_plan_rows_offers_the_plans(client, world, login):
    login(world.editor)
    batch = _pack_batch(world)
    row = Proposal.objects.get(file__batch=batch, kind="plan_row", data__code="V1")
    html = client.get(reverse("imports_staff:proposal", args=["test-pcc", row.pk])).content.decode()
    assert world.plan.title in html and world.open_round.name in html and "Delivery leads" in html


def test_other_bodies_cannot_see_or_review(client, world, login):
    batch = _pack_batch(world)
    proposal = Proposal.objects.filter(file__batch=batch).first()
    login(world.other_editor)
    assert client.get(reverse("imports_staff:batch", args=["test-pcc", batch.pk])).status_code == 403
    # at their own body, another body's proposals do not exist
    assert client.get(reverse("imports_staff:proposal", args=["other-pcc", proposal.pk])).status_code == 404
    assert client.get(reverse("imports_staff:batch", args=["other-pcc", batch.pk])).status_code == 404
