"""Reviewing at scale: files with nothing recognised, proposals made from a paper's text, a
meeting accepted with all its parts, bulk review, undoing a rejection, merging into an existing
meeting, past meetings keeping their history, committees never made silently, the imports list,
re-imports, corrections kept, every seed decision accepting or naming its missing field, and a
batch resumed after its worker stopped."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from openpcc.decisions.models import Decision
from openpcc.imports import parsing, reading, services
from openpcc.imports.forms import initial_for
from openpcc.imports.models import ImportBatch, ImportFile, Proposal
from openpcc.meetings import deadlines
from openpcc.meetings.models import AgendaItem, Committee, Meeting
from tests.factories import actor
from tests.papers import seed_text

pytestmark = pytest.mark.django_db

# Written for these tests: a note that names no meeting, item, decision or plan row the
# importer knows, with a passage a reviewer recognises as a meeting and an item.
UNRECOGNISED = """Notes kept by the office

Gathering of the Estates Working Group on the fourteenth of March

The group looked at the lease of the old station at Eastbridge and asked for the costs.
Nothing else was raised.
"""

MINUTES = """Minutes of the meeting of the Estates Working Group held on 14 March 2018 at Headquarters
Present: Councillor Ann Example (Chair) and Councillor Bob Example
1. Apologies
There were none.
2. Lease of the old station
The group noted the report on the lease of the old station.
"""


def _batch(world, files, user=None) -> ImportBatch:
    batch = services.batch_create(body=world.body, files=files, source_name=files[0][0], user=user or actor())
    return reading.batch_run(batch=batch, user=actor())


def _pack(world) -> ImportBatch:
    return _batch(world, [("pack.txt", seed_text("004").encode())])


def _accept(proposal, user, **options):
    proposal.refresh_from_db()
    return services.proposal_accept(proposal=proposal, expected_version=proposal.version, user=user, options=options)


# --- 1. nothing recognised ---------------------------------------------------------------------


def test_a_file_with_nothing_recognised_is_counted_shown_and_can_be_proposed_from(client, world, login):
    login(world.editor)
    batch = _batch(world, [("notes.txt", UNRECOGNISED.encode()), ("minutes.txt", MINUTES.encode())])
    row = batch.files.get(name="notes.txt")
    assert row.status == ImportFile.Status.NOTHING and row.get_status_display() == "Read, nothing recognised"
    assert batch.files.get(name="minutes.txt").status == ImportFile.Status.READ
    html = client.get(reverse("imports_staff:batch", args=["test-pcc", batch.pk])).content.decode()
    assert "1 read, nothing recognised" in html and "1 read with proposals" in html
    index = client.get(reverse("imports_staff:index", args=["test-pcc"])).content.decode()
    assert "Nothing recognised" in index
    url = reverse("imports_staff:file", args=["test-pcc", row.pk])
    page = client.get(url).content.decode()
    assert "lease of the old station at Eastbridge" in page and "Make a proposal from the text" in page
    # a passage that is not in the paper is refused, naming the field; nothing is made
    html = client.post(
        url, {"hand-kind": "meeting", "hand-passage": "Not in this paper", "hand-committee": "Estates"}
    ).content.decode()
    assert "That passage is not in the text of notes.txt" in html and "Give the date of the meeting" in html
    assert not row.proposals.exists()
    response = client.post(
        url,
        {
            "hand-kind": "meeting",
            "hand-passage": "Gathering of the Estates Working Group on the fourteenth of March",
            "hand-committee": "Estates Working Group",
            "hand-date": "2018-03-14",
        },
    )
    meeting_p = row.proposals.get(kind="meeting")
    assert response["Location"] == reverse("imports_staff:proposal", args=["test-pcc", meeting_p.pk])
    assert meeting_p.status == "pending" and meeting_p.data["committee"] == "Estates Working Group"
    client.post(
        url,
        {
            "hand-kind": "agenda_item",
            "hand-passage": "The group looked at the lease of the old station",
            "hand-parent": meeting_p.pk,
            "hand-number": "1",
            "hand-title": "Lease of the old station",
        },
    )
    item_p = row.proposals.get(kind="agenda_item")
    assert item_p.parent == meeting_p and "lease of the old station" in item_p.data["minutes"]
    # then the normal accept
    services.meeting_accept_all(
        proposal=meeting_p, expected_version=meeting_p.version, user=world.editor, options={"create_committee": True}
    )
    meeting = Meeting.objects.get(pk=Proposal.objects.get(pk=meeting_p.pk).record_id)
    assert meeting.items.get().title == "Lease of the old station"


# --- 2. one step, bulk, undo -------------------------------------------------------------------


def test_a_meeting_is_accepted_with_all_its_parts_in_one_step_after_corrections(client, world, login):
    login(world.editor)
    batch = _pack(world)
    meeting_p = Proposal.objects.get(file__batch=batch, kind="meeting")
    parts = list(meeting_p.children.order_by("order"))
    items = [p for p in parts if p.kind == "agenda_item"]
    url = reverse("imports_staff:meeting_all", args=["test-pcc", meeting_p.pk])
    html = client.get(url).content.decode()
    assert html.count('name="part"') == len(parts) and "Accept the meeting and the ticked parts" in html

    def form(**changes):
        data = {f"m-{k}": v for k, v in initial_for(meeting_p).items() if not isinstance(v, list)}
        data.update({"version": meeting_p.version, "part": [p.pk for p in parts], "o-create_committee": "on"})
        for p in parts:
            data.update({f"p{p.pk}-{k}": v for k, v in initial_for(p).items() if not isinstance(v, list)})
        data.update(changes)
        return data

    first = items[0]
    # a part that cannot be made: nothing is accepted, every correction is kept, the part is named
    bad = form(**{"m-venue": "The Guildhall", f"p{first.pk}-title": "Corrected title", f"p{items[1].pk}-number": ""})
    html = client.post(url, bad).content.decode()
    assert "Nothing was accepted; your corrections are saved." in html and "number" in html.lower()
    assert not Proposal.objects.filter(file__batch=batch, status="accepted").exists()
    assert not Meeting.objects.filter(venue="The Guildhall").exists()
    meeting_p.refresh_from_db()
    first.refresh_from_db()
    assert meeting_p.data["venue"] == "The Guildhall" and first.data["title"] == "Corrected title"
    # corrected, and one part left out: all the others are made at once
    for p in parts:
        p.refresh_from_db()
    left_out = items[-1]
    good = form(**{f"p{items[1].pk}-number": items[1].data["number"] or "17"})
    good["part"] = [p.pk for p in parts if p.pk != left_out.pk]
    response = client.post(url, good)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting_p.refresh_from_db()
    meeting = Meeting.objects.get(pk=meeting_p.record_id)
    assert meeting.venue == "The Guildhall" and meeting.imported and meeting.publication_status == "draft"
    assert meeting.items.filter(title="Corrected title").exists()
    assert meeting.items.count() == len(items) - 1
    assert Proposal.objects.get(pk=left_out.pk).status == "pending"
    assert set(Proposal.objects.filter(parent=meeting_p).exclude(pk=left_out.pk).values_list("status", flat=True)) == {
        "accepted"
    }


def test_bulk_accept_and_reject_by_kind_and_confidence(client, world, login):
    login(world.editor)
    batch = _pack(world)
    url = reverse("imports_staff:batch", args=["test-pcc", batch.pk])
    assert "Review in bulk" in client.get(url).content.decode()
    # meetings first, then their parts; without the committee confirmed, the meeting is refused
    outcome = services.proposal_bulk_review(batch=batch, action="accept", kind="meeting", user=world.editor)
    assert not outcome.done and "this will create committee" in outcome.failed[0][1]
    html = client.post(
        url, {"bulk-kind": "meeting", "bulk-min_confidence": "", "bulk-create_committee": "on", "bulk-action": "accept"}
    )
    assert html.status_code == 302
    assert Proposal.objects.get(file__batch=batch, kind="meeting").status == "accepted"
    items = Proposal.objects.filter(file__batch=batch, kind="agenda_item", status="pending").count()
    outcome = services.proposal_bulk_review(batch=batch, action="accept", kind="agenda_item", user=world.editor)
    assert len(outcome.done) == items and not outcome.failed
    # confidence: only the proposals at least this sure
    rows = list(Proposal.objects.filter(file__batch=batch, kind="plan_row", status="pending").order_by("order")[:3])
    for row, confidence in zip(rows, [0.95, 0.6], strict=False):
        Proposal.objects.filter(pk=row.pk).update(data={**row.data, "confidence": confidence})
    outcome = services.proposal_bulk_review(
        batch=batch, action="reject", kind="plan_row", min_confidence=0.9, user=world.editor
    )
    assert [p.pk for p in outcome.done] == [rows[0].pk]
    # plan rows need their plan: without it each says so, with it they are accepted
    outcome = services.proposal_bulk_review(batch=batch, action="accept", kind="plan_row", user=world.editor)
    assert not outcome.done and "Choose the plan" in outcome.failed[0][1]
    html = client.get(url).content.decode()
    assert world.plan.title in html  # the bulk form offers the body's plan
    outcome = services.proposal_bulk_review(
        batch=batch, action="accept", kind="plan_row", user=world.editor, options={"plan": world.plan.pk}
    )
    assert outcome.done and all(p.record_id for p in outcome.done)
    # what cannot be accepted is listed with its reason and stays to review
    response = client.post(url, {"bulk-kind": "decision", "bulk-min_confidence": "", "bulk-action": "accept"})
    html = response.content.decode()
    signed = Proposal.objects.filter(file__batch=batch, kind="decision").exclude(data__reference="")
    assert "could not be accepted" in html and "only an approver" in html
    assert set(signed.values_list("status", flat=True)) == {"pending"}
    with pytest.raises(ValidationError, match="not a kind of proposal"):
        services.proposal_bulk_review(batch=batch, action="accept", kind="nonsense", user=world.editor)


def test_a_rejection_can_be_undone(client, world, login):
    batch = _pack(world)
    meeting_p = Proposal.objects.get(file__batch=batch, kind="meeting")
    own = meeting_p.children.order_by("order").first()
    services.proposal_reject(proposal=own, expected_version=own.version, note="Wrong", user=world.editor)
    meeting_p.refresh_from_db()
    services.proposal_reject(proposal=meeting_p, expected_version=meeting_p.version, user=world.editor)
    child = meeting_p.children.exclude(pk=own.pk).order_by("order").first()
    child.refresh_from_db()
    with pytest.raises(ValidationError, match="restore the meeting first"):
        services.proposal_restore(proposal=child, expected_version=child.version, user=world.editor)
    login(world.editor)
    meeting_p.refresh_from_db()
    url = reverse("imports_staff:proposal", args=["test-pcc", meeting_p.pk])
    assert "Undo the rejection" in client.get(url).content.decode()
    client.post(url, {"version": meeting_p.version, "action": "restore"})
    meeting_p.refresh_from_db()
    assert meeting_p.status == "pending" and meeting_p.reviewed_by is None
    statuses = dict(meeting_p.children.values_list("pk", "status"))
    assert statuses.pop(own.pk) == "rejected"  # rejected on its own: stays rejected
    assert set(statuses.values()) == {"pending"}
    with pytest.raises(ValidationError, match="Only a rejected proposal"):
        services.proposal_restore(proposal=meeting_p, expected_version=meeting_p.version, user=world.editor)


# --- 3. merge ------------------------------------------------------------------------------------


def test_a_duplicate_meeting_is_merged_into_the_existing_one(world):
    first = _batch(world, [("minutes.txt", MINUTES.encode())])
    meeting_p = Proposal.objects.get(file__batch=first, kind="meeting")
    services.meeting_accept_all(
        proposal=meeting_p, expected_version=meeting_p.version, user=world.editor, options={"create_committee": True}
    )
    meeting = Meeting.objects.get(pk=Proposal.objects.get(pk=meeting_p.pk).record_id)
    item = meeting.items.get(number="2")
    AgendaItem.objects.filter(pk=item.pk).update(minutes="", resolution="", resolution_text="")
    attendance = meeting.attendance.count()
    # the same meeting, from another copy of its minutes with one more item
    again = _batch(world, [("copy.txt", (MINUTES + "3. Any other business\nNone was raised.\n").encode())])
    copy_p = Proposal.objects.get(file__batch=again, kind="meeting")
    with pytest.raises(ValidationError, match=r"already has a meeting on 14 March 2018.*Merge into"):
        _accept(copy_p, world.editor)
    copy_p.refresh_from_db()
    services.meeting_accept_all(
        proposal=copy_p, expected_version=copy_p.version, user=world.editor, options={"merge": True}
    )
    copy_p.refresh_from_db()
    assert copy_p.record_id == meeting.pk and "merged" in copy_p.record_label
    assert Meeting.objects.filter(committee=meeting.committee, date=meeting.date).count() == 1
    assert list(meeting.items.order_by("order").values_list("number", flat=True)) == ["1", "2", "3"]
    assert "noted the report" in meeting.items.get(number="2").minutes  # added where missing
    assert meeting.attendance.count() == attendance  # nobody twice


# --- 4. history ----------------------------------------------------------------------------------


def test_an_imported_past_meeting_keeps_its_history(world, pinned_now):
    batch = _batch(world, [("minutes.txt", MINUTES.encode())])
    meeting_p = Proposal.objects.get(file__batch=batch, kind="meeting")
    with pytest.raises(ValidationError, match="no later meeting recorded"):
        services.meeting_accept_all(
            proposal=meeting_p,
            expected_version=meeting_p.version,
            user=world.editor,
            options={"create_committee": True, "publish_history": True, "minutes_approved": True},
        )
    assert not Meeting.objects.filter(committee__name="Estates Working Group").exists()  # all or nothing
    meeting_p.refresh_from_db()
    services.meeting_accept_all(
        proposal=meeting_p,
        expected_version=meeting_p.version,
        user=world.editor,
        options={"create_committee": True, "publish_history": True},
    )
    meeting = Meeting.objects.get(pk=Proposal.objects.get(pk=meeting_p.pk).record_id)
    assert meeting.status == Meeting.Status.MINUTES_DRAFT
    published = timezone.localtime(meeting.agenda_published_at).date()
    assert published == deadlines.papers_deadline(meeting.date) and published != timezone.localdate()
    assert not deadlines.is_late(meeting.agenda_published_at, meeting.date) and meeting.late_reason == ""
    assert timezone.localtime(meeting.minutes_published_at).date() == meeting.date
    # accepted alone (no publication asked for), a past meeting is still held, never "scheduled"
    other = _batch(world, [("later.txt", MINUTES.replace("14 March 2018", "11 April 2018").encode())])
    later_p = Proposal.objects.get(file__batch=other, kind="meeting")
    later = Meeting.objects.get(pk=_accept(later_p, world.editor).record_id)
    assert later.status == Meeting.Status.HELD and later.agenda_published_at is None


# --- 5. committees -------------------------------------------------------------------------------


def test_accepting_never_creates_a_committee_silently(client, world, login):
    from openpcc.meetings.services import committee_create

    committee_create(body=world.body, name="Estates Working Party", kind="other", user=world.editor)
    batch = _batch(world, [("minutes.txt", MINUTES.encode())])
    meeting_p = Proposal.objects.get(file__batch=batch, kind="meeting")
    committees = Committee.objects.count()
    with pytest.raises(ValidationError) as caught:
        _accept(meeting_p, world.editor)
    message = caught.value.message_dict["committee"][0]
    assert "this will create committee “Estates Working Group”" in message and "“Estates Working Party”" in message
    assert Committee.objects.count() == committees
    login(world.editor)
    url = reverse("imports_staff:proposal", args=["test-pcc", meeting_p.pk])
    html = client.get(url).content.decode()
    assert "Create this committee if the body has none of this name" in html
    # the reviewer takes the near match instead: no committee is made
    meeting_p.refresh_from_db()
    form = {**initial_for(meeting_p), "version": meeting_p.version, "action": "accept"}
    form["committee"] = "Estates Working Party"
    assert client.post(url, form).status_code == 302
    assert Committee.objects.count() == committees
    assert Meeting.objects.get(pk=Proposal.objects.get(pk=meeting_p.pk).record_id).committee.name == (
        "Estates Working Party"
    )


# --- 6. the imports list, re-imports -------------------------------------------------------------


def test_the_imports_list_is_newest_first_and_paged(client, world, login):
    login(world.editor)
    user = actor()
    now = timezone.now()
    for n in range(55):
        batch = ImportBatch.objects.create(body=world.body, source_name=f"archive-{n:02d}.zip", created_by=user)
        ImportBatch.objects.filter(pk=batch.pk).update(created_at=now - timedelta(days=60 - n))
    url = reverse("imports_staff:index", args=["test-pcc"])
    html = client.get(url).content.decode()
    assert html.count("archive-") == 50 and html.index("archive-54") < html.index("archive-53")
    assert "archive-04" not in html and "Page 1 of 2" in html and "1 to 50 of 55" in html
    html = client.get(url, {"page": "2"}).content.decode()
    assert html.count("archive-") == 5 and "archive-00" in html and "archive-54" not in html
    assert client.get(url, {"page": "nonsense"}).status_code == 200


def test_reimporting_stores_no_second_copy_and_makes_no_empty_batch(world, tmp_path, settings):
    first = _batch(world, [("minutes.txt", MINUTES.encode()), ("notes.txt", UNRECOGNISED.encode())])
    batches = ImportBatch.objects.count()
    with pytest.raises(ValidationError, match=r"Nothing new in renamed\.txt: all 2 files were imported before"):
        services.batch_create(
            body=world.body,
            files=[("renamed.txt", MINUTES.encode()), ("again.txt", UNRECOGNISED.encode())],
            source_name="renamed.txt",
            user=actor(),
        )
    assert ImportBatch.objects.count() == batches
    # with something new, the old files are recorded as duplicates with no bytes of their own
    second = _batch(world, [("minutes.txt", MINUTES.encode()), ("new.txt", b"Something else entirely.\n")])
    old = second.files.get(name="minutes.txt")
    assert old.status == "duplicate" and old.duplicate_of == first.files.get(name="minutes.txt") and not old.file
    stored = list((settings.MEDIA_ROOT / "imports").rglob("*.txt"))
    assert len(stored) == 3  # minutes, notes, new: each once
    # a file twice in one upload is stored once, too
    third = _batch(world, [("a.txt", b"Twice over.\n"), ("b.txt", b"Twice over.\n")])
    a, b = third.files.order_by("order")
    assert b.status == "duplicate" and b.duplicate_of == a and not b.file
    assert len(list((settings.MEDIA_ROOT / "imports").rglob("*.txt"))) == 4


# --- 7, 8. corrections kept; every seed decision accepts or names its field ------------------------


def test_corrections_typed_before_a_failed_accept_are_kept(client, world, login):
    login(world.approver)
    batch = _pack(world)
    named = Proposal.objects.get(file__batch=batch, kind="decision", data__reference="CPCC 2017-19")
    url = reverse("imports_staff:proposal", args=["test-pcc", named.pk])
    form = {**initial_for(named), "version": named.version, "action": "accept", "subject": "Corrected subject"}
    html = client.post(url, form).content.decode()
    assert "does not say what was decided" in html and "Corrected subject" in html
    assert "This field is required" not in html
    named.refresh_from_db()
    assert named.status == "pending" and named.data["subject"] == "Corrected subject"
    assert f'name="version" value="{named.version}"' in html  # the next try is not refused as stale
    form.update(version=named.version, decision="To sign the agreement.")
    assert client.post(url, form).status_code == 302
    named.refresh_from_db()
    assert named.status == "accepted"


def test_every_seed_decision_accepts_or_names_the_missing_field(world):
    """Every decision proposal the seed papers give either accepts as found, or names exactly the
    field the paper did not give; with that field typed in, it accepts."""
    decisions = []
    for name in ("000", "001", "002", "003", "004"):
        batch = _batch(world, [(f"{name}.txt", seed_text(name).encode())])
        decisions += list(Proposal.objects.filter(file__batch=batch, kind="decision").order_by("order"))
    assert len(decisions) >= 7
    missing = 0
    for proposal in decisions:
        proposal.refresh_from_db()
        if proposal.status != "pending":
            continue
        try:
            _accept(proposal, world.approver)
        except ValidationError as exc:
            fields = set(exc.message_dict)
            assert fields <= {"decision", "subject", "date"}, exc.message_dict
            assert all("This field is required" not in m for ms in exc.message_dict.values() for m in ms)
            missing += 1
            proposal.refresh_from_db()
            corrections = {f: "Typed in by the reviewer." for f in fields if f != "date"}
            services.proposal_edit(
                proposal=proposal, expected_version=proposal.version, data=corrections, user=world.approver
            )
            _accept(proposal, world.approver)
        assert Proposal.objects.get(pk=proposal.pk).status == "accepted"
    assert missing >= 1  # the seed pack names decisions without their wording
    # a decision named again in a later paper links to the record already kept
    again = _batch(world, [("again.txt", (seed_text("004") + "\nOne more line.\n").encode())])
    repeat = Proposal.objects.get(file__batch=again, kind="decision", data__reference="CPCC 2017-020")
    accepted = _accept(repeat, world.approver)
    assert "already recorded" in accepted.record_label
    assert Decision.objects.filter(reference="CPCC 2017-020").count() == 1


def test_decision_needs_an_approver_even_in_one_step(world):
    batch = _pack(world)
    proposal = Proposal.objects.get(file__batch=batch, kind="decision", data__reference="CPCC 2017-020")
    with pytest.raises(PermissionDenied):
        _accept(proposal, world.editor)


# --- 9. throughput: resumed after a worker stops ---------------------------------------------------


def test_a_batch_resumes_after_its_worker_stops_without_duplicates(world, monkeypatch):
    files = [(f"minutes-{n}.txt", MINUTES.replace("14 March", f"{n} March").encode()) for n in (1, 2, 3)]
    clean = _batch(world, [(f"clean-{n}.txt", data + b"\n") for n, (_, data) in enumerate(files)])
    per_file = clean.files.order_by("order").first().proposals.count()
    batch = services.batch_create(body=world.body, files=files, source_name="archive", user=actor())

    class WorkerKilled(BaseException):  # not an Exception: nothing in the reader may swallow it
        pass

    real_parse, calls, kill_at = parsing.parse, [], [2]

    def parse(pages, lexicon):
        calls.append(pages[0][:40])
        if len(calls) in kill_at:
            real_parse(pages, lexicon)
            raise WorkerKilled  # half-way through the second file
        return real_parse(pages, lexicon)

    monkeypatch.setattr(parsing, "parse", parse)
    with pytest.raises(WorkerKilled):
        reading.batch_run(batch=batch, user=actor())
    # the first file is read; the second left nothing behind (its transaction never committed)
    assert list(batch.files.order_by("order").values_list("status", flat=True)) == ["read", "queued", "queued"]
    assert Proposal.objects.filter(file__batch=batch).count() == per_file
    batch.refresh_from_db()
    assert batch.status == "running" and batch.files_done == 1
    from openpcc.imports import selectors

    assert not selectors.batch_is_stalled(batch)
    later = timezone.now() + timedelta(minutes=10)
    assert selectors.batch_is_stalled(batch, now=later)
    calls.clear()
    kill_at.clear()  # the worker restarts
    resumed = services.batches_resume_stalled(user=actor(), now=later)  # tasks run inline in tests
    assert [b.pk for b in resumed] == [batch.pk]
    assert len(calls) == 2  # the first file was not read again
    batch.refresh_from_db()
    assert batch.status == "done" and batch.files_done == batch.files_total == 3
    assert set(batch.files.values_list("status", flat=True)) == {"read"}
    for row in batch.files.all():
        assert row.proposals.count() == per_file
        assert row.proposals.filter(kind="meeting").count() == 1
    assert services.batches_resume_stalled(user=actor(), now=later + timedelta(hours=1)) == []
    out = io.StringIO()
    call_command("import_resume", stdout=out)  # what runs when the workers start
    assert "0 import(s) resumed." in out.getvalue()


def test_the_files_of_a_big_batch_are_paged(client, world, login):
    login(world.editor)
    batch = ImportBatch.objects.create(
        body=world.body, source_name="big.zip", files_total=105, files_done=105, status="done"
    )
    ImportFile.objects.bulk_create(
        ImportFile(batch=batch, body=world.body, name=f"paper-{n:03d}.pdf", status="failed", error="x", order=n)
        for n in range(105)
    )
    url = reverse("imports_staff:batch", args=["test-pcc", batch.pk])
    html = client.get(url).content.decode()
    assert html.count("paper-") == 100 and "paper-000" in html and "paper-100" not in html
    assert "Files 1 to 100 of 105" in html and "105 could not be read" in html
    html = client.get(url, {"page": "2"}).content.decode()
    assert html.count("paper-") == 5 and "paper-104" in html


def test_a_file_read_meanwhile_by_another_worker_is_not_stored_twice(world, monkeypatch):
    batch = services.batch_create(
        body=world.body, files=[("minutes.txt", MINUTES.encode())], source_name="m", user=actor()
    )
    row = batch.files.get()
    real_parse, other_worker = parsing.parse, [True]

    def parse(pages, lexicon):  # the other worker finishes this file while this one parses it
        found = real_parse(pages, lexicon)
        if other_worker:
            other_worker.clear()
            reading._file_read(ImportFile.objects.get(pk=row.pk), lexicon)
        return found

    monkeypatch.setattr(parsing, "parse", parse)
    first = reading._file_read(ImportFile.objects.get(pk=row.pk), parsing.Lexicon())
    monkeypatch.setattr(parsing, "parse", real_parse)
    assert first.status == "read"
    assert row.proposals.filter(kind="meeting").count() == 1
