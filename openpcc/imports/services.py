"""Writes for archive import: take in files, read them into proposals, and let a person
correct, accept or reject each proposal. Accepting makes the record through that record's
own service, so every rule that applies to a hand-made record applies here; nothing the
importer makes is published."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from openpcc.core.models import Body, User
from openpcc.core.permissions import APPROVE_ROLES, CLERK_ROLES, has_role, require_role
from openpcc.core.writing import save_versioned

from . import parsing, selectors
from .intake import Incoming, intake
from .models import READ_STATUSES, ImportBatch, ImportFile, Proposal
from .tasks import run_import_batch, watch_imports

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


# --- taking files in (openpcc.imports.intake reads them safely) -------------------------------


@transaction.atomic
def batch_create(
    *,
    body: Body,
    files: Iterable[Incoming | tuple[str, bytes]],
    source_name: str,
    user: User,
) -> ImportBatch:
    """Record a batch and its files (stored, not yet read; a refused file is recorded as failed,
    with its reason). Reading happens in ``batch_run``.

    Bytes the body has imported before are never stored twice: a file already read is recorded
    as a duplicate of the earlier one (and not read again), one that failed before is read again
    from the copy already stored. When every file is one already read, no batch is made at all."""
    require_role(user, body, CLERK_ROLES, "import papers")
    files = [f if isinstance(f, Incoming) else Incoming.from_bytes(*f) for f in files]
    if not files:
        raise ValidationError({"file": f"{source_name} has no files in it."})
    earlier = _earlier_files(body, {f.sha256 for f in files if not f.error})
    if all(not f.error and f.sha256 in earlier and earlier[f.sha256].status in READ_STATUSES for f in files):
        first = earlier[files[0].sha256]
        what = f"{files[0].name} was" if len(files) == 1 else f"all {len(files)} files were"
        raise ValidationError(
            {
                "file": f"Nothing new in {source_name}: {what} imported before "
                f"(for example as {first.name} in import {first.batch_id}), so no import was made."
            }
        )
    batch = ImportBatch(body=body, source_name=source_name[:300], created_by=user, files_total=len(files))
    batch.save()
    seen: dict[str, ImportFile] = {}
    for order, incoming in enumerate(files):
        row = ImportFile(
            batch=batch, body=body, name=incoming.name[:300], sha256=incoming.sha256, size=incoming.size, order=order
        )
        before = seen.get(incoming.sha256) or earlier.get(incoming.sha256)
        if incoming.error:
            row.status, row.error = ImportFile.Status.FAILED, incoming.error[:500]
        elif before is not None and (before.batch_id == batch.pk or before.status in READ_STATUSES):
            where = "earlier in this import" if before.batch_id == batch.pk else f"import {before.batch_id}"
            row.status, row.duplicate_of = ImportFile.Status.DUPLICATE, before
            row.error = f"{row.name} was imported before (as {before.name}, {where}); nothing new."[:500]
        elif before is not None and before.file:
            row.file.name = before.file.name  # read again from the copy already stored
        else:
            with incoming.open() as fh:
                row.file.save(Path(incoming.name).name or "file", File(fh), save=False)
        row.save()
        if row.status != ImportFile.Status.FAILED and incoming.sha256 not in seen:
            seen[incoming.sha256] = row
    return batch


def _earlier_files(body: Body, hashes: set[str]) -> dict[str, ImportFile]:
    """For each checksum, the body's earlier file with those bytes: one already read if there is
    one, otherwise one whose copy is stored (it failed, or waits to be read)."""
    found: dict[str, ImportFile] = {}
    wanted = sorted(hashes)
    for start in range(0, len(wanted), 500):  # bounded IN lists, whatever the archive's size
        rows = (
            ImportFile.objects.filter(body=body, sha256__in=wanted[start : start + 500])
            .exclude(status=ImportFile.Status.DUPLICATE)
            .exclude(file="")
            .only("pk", "sha256", "status", "name", "batch_id", "file")
            .order_by("pk")
        )
        for row in rows:
            current = found.get(row.sha256)
            if current is None or (row.status in READ_STATUSES and current.status not in READ_STATUSES):
                found[row.sha256] = row
    return found


def batch_from_upload(*, body: Body, upload: UploadedFile, user: User) -> ImportBatch:
    """A batch from a file sent through the import page: one paper, or a zip of them, read
    from the upload's own temporary file and queued for reading."""
    name = (upload.name or "file").replace("\\", "/").rsplit("/", 1)[-1][:255]
    require_role(user, body, CLERK_ROLES, "import papers")
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            {"file": f"{name} is larger than 200 MB: import a large archive with manage.py import_archive."}
        )
    with intake() as taken:
        upload.seek(0)
        if name.lower().endswith(".zip"):
            taken.add_zip(upload.file, name)
        else:
            taken.add_stream(name, upload.file)
        with transaction.atomic():
            batch = batch_create(body=body, files=taken.files, source_name=name, user=user)
            _batch_queue(batch)
    return batch


def _batch_queue(batch: ImportBatch) -> None:
    """Queue the reading. Enqueued inside the caller's transaction: a database-backed worker
    sees the task only once the batch it reads has committed."""
    run_import_batch.enqueue(batch.pk)


# --- review -----------------------------------------------------------------------------------


def _check(user: User, body: Body, action: str) -> None:
    require_role(user, body, CLERK_ROLES, action)


def _pending(proposal: Proposal) -> None:
    if proposal.status != Proposal.Status.PENDING:
        raise ValidationError(
            {"status": f"This proposal has already been {proposal.get_status_display().lower()}; it cannot change."}
        )


@transaction.atomic
def proposal_edit(*, proposal: Proposal, expected_version: int, data: dict, user: User) -> Proposal:
    _check(user, proposal.body, "correct a proposal")
    _pending(proposal)
    merged = {**proposal.data, **data}
    return save_versioned(
        proposal,
        expected_version=expected_version,
        fields={"data": merged, "label": parsing.summary(proposal.kind, merged)[:300]},
        user=user,
        change_reason="Corrected",
    )


@transaction.atomic
def proposal_reject(*, proposal: Proposal, expected_version: int, note: str = "", user: User) -> Proposal:
    _check(user, proposal.body, "reject a proposal")
    _pending(proposal)
    saved = save_versioned(
        proposal,
        expected_version=expected_version,
        fields={
            "status": Proposal.Status.REJECTED,
            "note": note.strip()[:500],
            "reviewed_by": user,
            "reviewed_at": timezone.now(),
        },
        user=user,
        change_reason="Rejected",
    )
    # Rejecting a meeting rejects what only makes sense inside it.
    for child in Proposal.objects.filter(parent=saved, status=Proposal.Status.PENDING):
        proposal_reject(proposal=child, expected_version=child.version, note=CASCADE_NOTE, user=user)
    return saved


@transaction.atomic
def proposal_restore(*, proposal: Proposal, expected_version: int, user: User) -> Proposal:
    """Undo a rejection: the proposal is to be reviewed again. Restoring a meeting restores the
    parts that were rejected only because it was; a part of a rejected meeting waits for it."""
    _check(user, proposal.body, "restore a rejected proposal")
    if proposal.status != Proposal.Status.REJECTED:
        raise ValidationError(
            {
                "status": "Only a rejected proposal can be restored; "
                f"this one is {proposal.get_status_display().lower()}."
            }
        )
    parent = proposal.parent
    if parent is not None and parent.status == Proposal.Status.REJECTED:
        raise ValidationError(
            {"status": f"Its meeting ({parent.label}) is rejected: restore the meeting first, and this with it."}
        )
    saved = save_versioned(
        proposal,
        expected_version=expected_version,
        fields={"status": Proposal.Status.PENDING, "note": "", "reviewed_by": None, "reviewed_at": None},
        user=user,
        change_reason="Rejection undone",
    )
    for child in Proposal.objects.filter(parent=saved, status=Proposal.Status.REJECTED, note=CASCADE_NOTE):
        save_versioned(
            child,
            expected_version=child.version,
            fields={"status": Proposal.Status.PENDING, "note": "", "reviewed_by": None, "reviewed_at": None},
            user=user,
            change_reason="Rejection undone with its meeting",
        )
    return saved


@transaction.atomic
def proposal_accept(*, proposal: Proposal, expected_version: int, user: User, options: dict | None = None) -> Proposal:
    """Make the record. Any rule the record's own service enforces is reported against the
    proposal's fields, and nothing is made."""
    _check(user, proposal.body, "accept a proposal")
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _pending(current)
    options = options or {}
    _require_fields(current)
    maker = _MAKERS[current.kind]
    record, label, url = maker(current, user, options)
    return save_versioned(
        current,
        expected_version=expected_version,
        fields={
            "status": Proposal.Status.ACCEPTED,
            "record_id": record.pk,
            "record_label": label[:300],
            "record_url": url,
            "reviewed_by": user,
            "reviewed_at": timezone.now(),
        },
        user=user,
        change_reason=f"Accepted as {label}"[:100],
    )


# What each kind needs before its record can be made, by field, in the reviewer's words.
REQUIRED = {
    Proposal.Kind.MEETING: {"committee": "the committee or board that met", "date": "the date of the meeting"},
    Proposal.Kind.AGENDA_ITEM: {"number": "the item's number", "title": "the item's title"},
    Proposal.Kind.ACTION: {"text": "what the action is", "owner": "who owns the action"},
    Proposal.Kind.REPORT: {"title": "the report's title", "to": "the committee or board it went to"},
    Proposal.Kind.DECISION: {"subject": "the decision's subject", "decision": "what was decided"},
}


def _require_fields(proposal: Proposal) -> None:
    """Name every missing field at once, saying it was not found in the paper."""
    missing = {
        field: f"The paper does not give {what}: type it in, or reject this proposal."
        for field, what in REQUIRED.get(proposal.kind, {}).items()
        if not str(proposal.data.get(field) or "").strip()
    }
    if proposal.kind == Proposal.Kind.DECISION and "decision" in missing:
        reference = (proposal.data.get("reference") or "").strip()
        if reference and _decision_recorded(proposal.body, reference) is not None:
            missing.pop("decision")  # it will be linked to the record already kept
        elif reference:
            missing["decision"] = (
                f"The paper names {reference} but does not say what was decided: type the decision as signed "
                "(from its decision record), or reject this proposal."
            )
    if missing:
        raise ValidationError(missing)


def _decision_recorded(body: Body, reference: str):
    from openpcc.decisions.models import Decision

    return Decision.objects.filter(body=body, reference__iexact=reference.strip()).first()


CASCADE_NOTE = "Its meeting was rejected."


def _date(value: str, field: str, what: str) -> date:
    if not value:
        raise ValidationError({field: f"Give the {what} (for example 2017-09-06)."})
    try:
        return date.fromisoformat(value)
    except ValueError:
        found = parsing.parse_date(value)
        if found is None:
            raise ValidationError({field: f"“{value}” is not a date; write it as 2017-09-06."}) from None
        return found


def _time(value: str, field: str):
    if not value:
        return None
    try:
        return datetime.strptime(value, "%H:%M").time()
    except ValueError:
        raise ValidationError({field: f"“{value}” is not a time; write it as 14:00."}) from None


def _parent_record(proposal: Proposal):
    from openpcc.meetings.models import Meeting

    parent = proposal.parent
    if parent is None or parent.kind != Proposal.Kind.MEETING:
        raise ValidationError({"meeting": "This proposal does not belong to a proposed meeting."})
    if parent.status != Proposal.Status.ACCEPTED or parent.record_id is None:
        raise ValidationError({"meeting": f"Accept the meeting ({parent.label}) first: this belongs to it."})
    meeting = Meeting.objects.for_body(proposal.body).filter(pk=parent.record_id).first()
    if meeting is None:
        raise ValidationError({"meeting": "The meeting made from this paper no longer exists."})
    return meeting


def _committee(body: Body, name: str, user: User, field: str, options: dict):
    """The body's committee of this name. A new one is made only when the reviewer has confirmed
    it (``options["create_committee"]``): otherwise the refusal says it would be made, and names
    the near matches."""
    from openpcc.meetings.models import Committee
    from openpcc.meetings.services import committee_create

    name = (name or "").strip()
    if not name:
        raise ValidationError({field: "Say which committee or board met."})
    existing = Committee.objects.filter(body=body, name__iexact=name).first()
    if existing is not None:
        return existing
    if not options.get("create_committee"):
        near = selectors.committee_suggestion_list(body, name)
        hint = (
            " Near matches: " + ", ".join(f"“{n}”" for n in near) + ": type one of them instead if it is the same."
            if near
            else ""
        )
        raise ValidationError(
            {
                field: f"{body.display_name} has no committee called “{name}”: this will create committee "
                f"“{name}”. Tick “Create this committee” to confirm.{hint}"
            }
        )
    lowered = name.lower()
    kind = (
        Committee.Kind.PANEL
        if "panel" in lowered
        else Committee.Kind.AUDIT
        if "audit" in lowered
        else Committee.Kind.BOARD
        if "board" in lowered
        else Committee.Kind.OTHER
    )
    return committee_create(body=body, name=name, kind=kind, user=user)


def _make_meeting(proposal: Proposal, user: User, options: dict):
    from openpcc.meetings.models import Meeting
    from openpcc.meetings.services import meeting_create, meeting_mark_held

    data = proposal.data
    committee = _committee(proposal.body, data.get("committee", ""), user, "committee", options)
    when = _date(data.get("date", ""), "date", "meeting date")
    existing = Meeting.objects.filter(body=proposal.body, committee=committee, date=when).first()
    if existing is not None:
        if not options.get("merge"):
            raise ValidationError(
                {
                    "date": f"{committee.name} already has a meeting on {when.day} {when:%B %Y}: tick “Merge into "
                    "the existing meeting” to add this paper's items, minutes and attendance where they are "
                    "missing, or reject this proposal, or change the date."
                }
            )
        url = reverse("meetings_staff:meeting", args=[proposal.body.slug, existing.pk])
        return existing, f"{existing.display_title} (merged into the existing meeting)", url
    meeting = meeting_create(
        body=proposal.body,
        committee=committee,
        date=when,
        venue=data.get("venue", ""),
        start_time=_time(data.get("start_time", ""), "start_time"),
        end_time=_time(data.get("end_time", ""), "end_time"),
        user=user,
        publish=False,
        imported=True,
    )
    if when < timezone.localdate():  # a past meeting from the archive was held: never "scheduled"
        meeting = meeting_mark_held(meeting=meeting, user=user)
    return meeting, str(meeting.display_title), reverse("meetings_staff:meeting", args=[proposal.body.slug, meeting.pk])


def _make_attendance(proposal: Proposal, user: User, options: dict):
    from openpcc.meetings.services import attendance_add

    meeting = _parent_record(proposal)
    people = proposal.data.get("people") or []
    if not people:
        raise ValidationError({"people": "There is nobody to record; reject this proposal instead."})
    recorded = {name.lower() for name in meeting.attendance.values_list("name", flat=True)}
    for n, person in enumerate(people, start=1):
        if (person.get("name") or "").strip().lower() in recorded:
            continue  # merged into a meeting that already records this person
        try:
            attendance_add(
                meeting=meeting,
                name=person.get("name", ""),
                kind=person.get("kind", ""),
                substitute_for=person.get("substitute_for", ""),
                role=person.get("role", ""),
                user=user,
            )
        except ValidationError as exc:
            messages = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            raise ValidationError({"people": f"Line {n} ({person.get('name') or 'no name'}): {messages}"}) from exc
    return (
        meeting,
        f"Attendance at {meeting.display_title} ({len(people)} people)",
        reverse("meetings_staff:attendance", args=[proposal.body.slug, meeting.pk]),
    )


def _make_item(proposal: Proposal, user: User, options: dict):
    from openpcc.meetings.models import AgendaItem
    from openpcc.meetings.services import agenda_item_add, minutes_record, question_add

    meeting = _parent_record(proposal)
    data = proposal.data
    number = (data.get("number") or "").strip().rstrip(".")
    item = AgendaItem.objects.filter(meeting=meeting, number__iexact=number).first() if number else None
    merged = item is not None
    if item is None:
        item = agenda_item_add(meeting=meeting, number=data.get("number", ""), title=data.get("title", ""), user=user)
        for question in data.get("questions") or []:
            try:
                question_add(item=item, question=question.get("text", ""), letter=question.get("letter", ""), user=user)
            except ValidationError as exc:
                raise ValidationError({"questions": " ".join(exc.messages)}) from exc
    has_minutes = bool(item.minutes.strip() or item.resolution_text.strip())
    if (data.get("minutes") or data.get("resolution_text")) and not has_minutes:  # added where missing
        item = minutes_record(
            item=item,
            expected_version=item.version,
            minutes=data.get("minutes", ""),
            resolution=data.get("resolution", ""),
            resolution_text=data.get("resolution_text", ""),
            resolution_reasons=data.get("resolution_reasons", ""),
            user=user,
        )
    suffix = " (merged into the existing item)" if merged else ""
    return (
        item,
        f"Item {item.number}: {item.title}{suffix}",
        reverse("meetings_staff:minutes", args=[proposal.body.slug, meeting.pk, item.pk]),
    )


def _make_action(proposal: Proposal, user: User, options: dict):
    from openpcc.meetings.models import AgendaItem
    from openpcc.meetings.services import action_raise

    meeting = _parent_record(proposal)
    data = proposal.data
    item = None
    if data.get("item_title"):
        item = AgendaItem.objects.filter(meeting=meeting, title__iexact=data["item_title"]).first()
    due = _date(data["due_date"], "due_date", "due date") if data.get("due_date") else None
    action = action_raise(
        meeting=meeting,
        text=data.get("text", ""),
        owner=data.get("owner", ""),
        agenda_item=item,
        due_date=due,
        user=user,
    )
    return (
        action,
        f"Action {action.number}: {action.text[:80]}",
        reverse("meetings_staff:action", args=[proposal.body.slug, action.pk]),
    )


def _make_report(proposal: Proposal, user: User, options: dict):
    from django.db.models import Max

    from openpcc.meetings.models import AgendaItem, Meeting
    from openpcc.meetings.services import agenda_item_add, meeting_create, report_save

    data = proposal.data
    title = (data.get("title") or "").strip()
    if not title:
        raise ValidationError({"title": "Give the report a title."})
    committee = _committee(proposal.body, data.get("to", ""), user, "to", options)
    when = _date(data.get("report_date", ""), "report_date", "date of the meeting the report went to")
    meeting = Meeting.objects.filter(body=proposal.body, committee=committee, date=when).first()
    if meeting is None:
        meeting = meeting_create(
            body=proposal.body, committee=committee, date=when, user=user, publish=False, imported=True
        )
    elif meeting.agenda_published_at is not None:
        raise ValidationError(
            {
                "report_date": f"The papers of {meeting.display_title} are already published: adding this report "
                "there would publish it. Add it from the meeting's page if that is intended, or reject this."
            }
        )
    number = (data.get("agenda_number") or "").strip()
    number = number[:-2] if number.endswith(".0") else number
    item = AgendaItem.objects.filter(meeting=meeting, number__iexact=number).first() if number else None
    if item is None:
        if not number:
            highest = meeting.items.aggregate(m=Max("order"))["m"] or 0
            number = str(highest + 1)
        item = agenda_item_add(meeting=meeting, number=number, title=title, user=user)
    fields = {
        "title": title,
        "to": data.get("to", ""),
        "author": data.get("author", ""),
        "report_date": when,
        "purpose": data.get("purpose", ""),
        "recommendations": data.get("recommendations", ""),
    }
    report = report_save(body=proposal.body, fields=fields, agenda_item=item, user=user)
    return (
        report,
        f"Report: {report.title} ({meeting.display_title}, item {item.number})",
        reverse("meetings_staff:report_edit", args=[proposal.body.slug, meeting.pk, item.pk]),
    )


def _make_decision(proposal: Proposal, user: User, options: dict):
    from openpcc.decisions.services import decision_create, decision_sign

    body = proposal.body
    if body.kind == Body.Kind.PANEL:
        owner = body.scrutinises.name if body.scrutinises_id else "the commissioner's office"
        raise ValidationError(
            {
                "reference": f"Decision records belong to {owner}, not to the panel: "
                "import this paper there, or reject this."
            }
        )
    data = proposal.data
    reference = (data.get("reference") or "").strip()
    recorded = _decision_recorded(body, reference) if reference else None
    if recorded is not None:  # named again in a later paper: the record is kept already
        label = f"{recorded.reference}: {recorded.subject[:80]} (already recorded)"
        return recorded, label, reverse("decisions_staff:detail", args=[body.slug, recorded.pk])
    if reference and user is not None and not has_role(user, body, APPROVE_ROLES):
        raise PermissionDenied(
            f"{reference} is a signed decision: only an approver or administrator can record it. Ask one to accept it."
        )
    from .parsing.decisions import amount_value, decision_maker_choice

    fields = {"subject": data.get("subject", ""), "decision": data.get("decision", "")}
    maker = (data.get("decision_maker") or "").strip()
    if maker:  # as the paper wrote it; the record's choice when the words name one
        fields["decision_maker"] = decision_maker_choice(maker) or "pcc"
        fields["decision_maker_name"] = maker[:200]
    if (amount := amount_value(data.get("amount") or "")) is not None:
        fields["amount"] = amount
    decision = decision_create(body=body, user=user, fields=fields)
    if reference:
        when = _date(data["date"], "date", "decision date") if data.get("date") else None
        decision = decision_sign(decision=decision, user=user, on=when, reference=reference)
    label = f"{decision.reference or 'Draft decision'}: {decision.subject[:80]}"
    return decision, label, reverse("decisions_staff:detail", args=[body.slug, decision.pk])


def _make_plan_row(proposal: Proposal, user: User, options: dict):
    from openpcc.bodies.models import Person
    from openpcc.plans.models import Activity, Plan, Priority, ReportingRound, Update
    from openpcc.plans.services import activity_create, priority_create, update_record

    body = proposal.body
    data = proposal.data
    plan = Plan.objects.filter(body=body, pk=options.get("plan") or 0).first()
    if plan is None:
        raise ValidationError({"plan": "Choose the plan this row belongs to."})
    code = (data.get("code") or "").strip().upper()
    if not code:
        raise ValidationError({"code": "Give the priority code, for example V1."})
    priority = Priority.objects.filter(plan=plan, code__iexact=code).first()
    if priority is None:
        theme_code = "".join(ch for ch in code if ch.isalpha())
        theme = (
            plan.themes.filter(code__iexact=theme_code).first()
            or plan.themes.filter(name__iexact=data.get("theme", "")).first()
        )
        if theme is None:
            raise ValidationError({"code": f"{plan.title} has no theme with code {theme_code}; add the theme first."})
        initials = [x.strip() for x in (data.get("opcc_lead") or "").replace("&", "/").split("/") if x.strip()]
        lead = Person.objects.filter(body=body, initials__iexact=initials[0]).first() if initials else None
        if initials and lead is None:
            raise ValidationError({"opcc_lead": f"Nobody at {body.display_name} has the initials {initials[0]}."})
        leads = []
        for name in data.get("delivery_leads") or []:
            org = selectors.organisation_get(body, name)
            if org is None:
                raise ValidationError(
                    {
                        "delivery_leads": f"{body.display_name} has no organisation called “{name}”: "
                        "add it, or correct the lead."
                    }
                )
            leads.append(org)
        if not (data.get("text") or "").strip():
            raise ValidationError({"text": "Give the priority's text."})
        priority = priority_create(
            plan=plan,
            theme=theme,
            code=code,
            text=data["text"].strip(),
            opcc_lead=lead,
            delivery_leads=leads,
            user=user,
        )
    label = f"{priority.code}: {priority.text[:80]}"
    url = reverse("plans_staff:priority_edit", args=[body.slug, plan.slug, priority.code])
    update = (data.get("update") or "").strip()
    project = (data.get("activity") or "").strip()[:500]
    activity = None
    if project:  # a dashboard's project: an activity of its own under the priority
        activity = Activity.objects.filter(priority=priority, key_delivery__iexact=project).first()
        if activity is None:
            taken = {a.upper() for a in Activity.objects.filter(priority__plan=plan).values_list("code", flat=True)}
            n = 1
            while f"{priority.code}.{n}".upper() in taken:
                n += 1
            activity = activity_create(priority=priority, code=f"{priority.code}.{n}", key_delivery=project, user=user)
        label = f"{activity.code}: {project[:80]}"
    round_pk = options.get("round")
    if update and round_pk:
        rnd = ReportingRound.objects.filter(plan=plan, pk=round_pk).first()
        if rnd is None:
            raise ValidationError({"round": "Choose a reporting round of this plan."})
        activity = (
            activity
            or Activity.objects.filter(priority=priority).order_by("order", "pk").first()
            or activity_create(priority=priority, code=f"{priority.code}.1", user=user)
        )
        if Update.objects.filter(round=rnd, activity=activity).exists():
            raise ValidationError(
                {
                    "round": f"{activity.code} already has an update in {rnd.name}: "
                    "change it there, or do not record this one."
                }
            )
        update_record(round=rnd, activity=activity, user=user, status=data.get("status") or None, narrative=update)
        label = f"{label} (update recorded in {rnd.name})"
    return priority, label, url


_MAKERS = {
    Proposal.Kind.MEETING: _make_meeting,
    Proposal.Kind.ATTENDANCE: _make_attendance,
    Proposal.Kind.AGENDA_ITEM: _make_item,
    Proposal.Kind.ACTION: _make_action,
    Proposal.Kind.REPORT: _make_report,
    Proposal.Kind.DECISION: _make_decision,
    Proposal.Kind.PLAN_ROW: _make_plan_row,
}


# --- reviewing at scale -----------------------------------------------------------------------


class PartError(ValidationError):
    """A part of a meeting accepted in one step could not be made: which part, and why."""

    def __init__(self, proposal: Proposal, error: ValidationError | PermissionDenied):
        self.proposal, self.error = proposal, error
        reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
        super().__init__(f"{proposal.get_kind_display()} “{proposal.label}”: {' '.join(reasons)}")


@transaction.atomic
def meeting_accept_all(
    *,
    proposal: Proposal,
    expected_version: int,
    user: User,
    parts: Iterable[int] | None = None,
    options: dict | None = None,
) -> Proposal:
    """Accept a proposed meeting and, in the same transaction, its parts (items, attendance,
    actions; only those in ``parts`` when given): all of them are made, or none. A part that
    cannot be made raises ``PartError`` naming it. ``options``: ``create_committee``, ``merge``,
    ``publish_history`` (publish it as a past meeting on its own dates), ``minutes_approved``
    (its minutes were approved at the committee's next meeting)."""
    _check(user, proposal.body, "accept a meeting and its parts")
    if proposal.kind != Proposal.Kind.MEETING:
        raise ValidationError({"kind": "Only a proposed meeting can be accepted with its parts."})
    options = options or {}
    chosen = None if parts is None else set(parts)
    accepted = proposal_accept(proposal=proposal, expected_version=expected_version, user=user, options=options)
    children = Proposal.objects.filter(parent=accepted, status=Proposal.Status.PENDING).order_by("order", "pk")
    for child in children:
        if chosen is not None and child.pk not in chosen:
            continue
        try:
            with transaction.atomic():
                proposal_accept(proposal=child, expected_version=child.version, user=user, options=options)
        except (ValidationError, PermissionDenied) as exc:
            raise PartError(child, exc) from exc
    if options.get("publish_history"):
        _publish_past(accepted, user, approved=bool(options.get("minutes_approved")))
    return accepted


def _publish_past(proposal: Proposal, user: User, *, approved: bool) -> None:
    """A past meeting from the archive, published as it happened: papers on the last day they
    were due (so never flagged late, never "published today"), minutes on the meeting's day,
    approved at the committee's next meeting when the reviewer says they were."""
    from openpcc.meetings import deadlines
    from openpcc.meetings.models import Meeting
    from openpcc.meetings.services import agenda_publish, minutes_approve, minutes_publish_draft

    meeting = Meeting.objects.get(pk=proposal.record_id)
    today = timezone.localdate()
    if meeting.date >= today:
        raise ValidationError({"publish_history": "Only a past meeting can be published as it happened."})
    zone = timezone.get_current_timezone()
    if meeting.agenda_published_at is None:
        due = deadlines.papers_deadline(meeting.date)
        meeting = agenda_publish(meeting=meeting, user=user, when=datetime.combine(due, time(9), zone))
    if meeting.minutes_published_at is None:
        meeting = minutes_publish_draft(
            meeting=meeting, user=user, when=datetime.combine(meeting.date, time(23, 0), zone)
        )
    if approved:
        following = (
            Meeting.objects.filter(committee=meeting.committee, date__gt=meeting.date, date__lte=today)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("date")
            .first()
        )
        if following is None:
            raise ValidationError(
                {
                    "minutes_approved": f"{meeting.committee.name} has no later meeting recorded to approve these "
                    "minutes at: import or add it first, or leave this unticked."
                }
            )
        minutes_approve(meeting=meeting, approved_at=following, user=user, today=today)


@dataclass
class BulkOutcome:
    done: list[Proposal] = field(default_factory=list)
    failed: list[tuple[Proposal, str]] = field(default_factory=list)
    left: int = 0  # matching proposals not reached (the limit of one go)
    action: str = "accept"

    @property
    def verb(self) -> str:
        return "accepted" if self.action == "accept" else "rejected"


BULK_LIMIT = 500


def proposal_bulk_review(
    *,
    batch: ImportBatch,
    action: str,
    kind: str = "",
    min_confidence: float | None = None,
    user: User,
    options: dict | None = None,
) -> BulkOutcome:
    """Accept or reject, in one go, the batch's proposals still to review of one kind (or all)
    and at least this sure (a proposal that gives no confidence counts only when none is asked
    for). Each is its own transaction: one that cannot be made is reported with its reason and
    the rest go on. Meetings go first, so their parts can follow in the same go."""
    _check(user, batch.body, "review proposals in bulk")
    if action not in ("accept", "reject"):
        raise ValidationError({"action": "Choose accept or reject."})
    if kind and kind not in Proposal.Kind.values:
        raise ValidationError({"kind": f"“{kind}” is not a kind of proposal."})
    qs = Proposal.objects.filter(file__batch=batch, status=Proposal.Status.PENDING)
    if kind:
        qs = qs.filter(kind=kind)
    if min_confidence is not None:
        qs = qs.filter(data__confidence__gte=min_confidence)
    ids = list(qs.order_by("file__order", "file_id", "order", "pk").values_list("pk", "kind"))
    ids.sort(key=lambda pair: pair[1] != Proposal.Kind.MEETING)  # stable: meetings first
    outcome = BulkOutcome(left=max(0, len(ids) - BULK_LIMIT), action=action)
    for pk, _kind in ids[:BULK_LIMIT]:
        current = Proposal.objects.select_related("parent", "body").get(pk=pk)
        if current.status != Proposal.Status.PENDING:
            continue  # rejected with its meeting earlier in this go
        try:
            with transaction.atomic():
                if action == "accept":
                    saved = proposal_accept(
                        proposal=current, expected_version=current.version, user=user, options=options or {}
                    )
                else:
                    saved = proposal_reject(
                        proposal=current, expected_version=current.version, note="Rejected in bulk.", user=user
                    )
        except (ValidationError, PermissionDenied) as exc:
            reasons = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            outcome.failed.append((current, " ".join(reasons)))
        else:
            outcome.done.append(saved)
    return outcome


# Proposals a reviewer can make from a file's text, and the fields each needs.
HAND_KINDS = {
    Proposal.Kind.MEETING: ("committee", "date", "venue"),
    Proposal.Kind.AGENDA_ITEM: ("number", "title", "minutes"),
}


@transaction.atomic
def proposal_create_from_text(
    *,
    file: ImportFile,
    kind: str,
    passage: str,
    fields: dict,
    parent: Proposal | None = None,
    user: User,
) -> Proposal:
    """A proposal a reviewer makes from a span of a file's text (when the importer recognised
    nothing, or missed something): pending, to be checked and accepted like any other."""
    _check(user, file.body, "make a proposal from a paper's text")
    if kind not in HAND_KINDS:
        raise ValidationError({"kind": "Choose a meeting or a minute item."})
    if file.status not in READ_STATUSES:
        raise ValidationError({"kind": f"{file.name} has not been read: there is no text to take it from."})
    errors: dict[str, str] = {}
    span = " ".join((passage or "").split())
    text = ImportFile.objects.filter(pk=file.pk).values_list("text", flat=True).first() or ""
    page = 1
    if not span:
        errors["passage"] = "Paste or select the passage of the paper this comes from."
    else:
        for number, page_text in enumerate(text.split("\f"), start=1):
            if span.lower() in " ".join(page_text.split()).lower():
                page = number
                break
        else:
            errors["passage"] = f"That passage is not in the text of {file.name}: copy it from the text shown."
    data = {name: str(fields.get(name) or "").strip() for name in HAND_KINDS[kind]}
    if kind == Proposal.Kind.MEETING:
        if not data["committee"]:
            errors["committee"] = "Say which committee or board met."
        if not data["date"]:
            errors["date"] = "Give the date of the meeting (for example 2017-09-06)."
    else:
        if parent is None or parent.kind != Proposal.Kind.MEETING or parent.file_id != file.pk:
            errors["parent"] = "Choose the meeting, from this file, the item belongs to."
        if not data["title"]:
            errors["title"] = "Give the item's title."
        if not data["number"]:
            errors["number"] = "Give the item's number, for example 5."
        if not data["minutes"]:
            data["minutes"] = span
    if errors:
        raise ValidationError(errors)
    last = Proposal.objects.filter(file=file).order_by("-order").values_list("order", flat=True).first() or 0
    return Proposal.objects.create(
        body=file.body,
        file=file,
        parent=parent if kind == Proposal.Kind.AGENDA_ITEM else None,
        kind=kind,
        label=parsing.summary(kind, data)[:300],
        data=data,
        page=page,
        passage=span[:5000],
        order=last + 1,
        note="Made by a reviewer from the paper's text.",
    )


# --- a batch whose worker stopped ---------------------------------------------------------------


def batch_resume(*, batch: ImportBatch, user: User) -> ImportBatch:
    """Queue the reading of a batch again after its worker stopped (a restart, a crash): the
    files already read are kept and not read again; the rest are read (``batch_run``)."""
    require_role(user, batch.body, CLERK_ROLES, "resume an import")
    if batch.status == ImportBatch.Status.DONE:
        raise ValidationError({"status": "This import has finished: there is nothing to resume."})
    with transaction.atomic():
        ImportBatch.objects.filter(pk=batch.pk).update(heartbeat=timezone.now())
        _batch_queue(batch)
    return batch


def batches_resume_stalled(*, user: User, now: datetime | None = None) -> list[ImportBatch]:
    """Every unfinished batch whose worker has reported nothing for a while, queued again (run by
    ``manage.py import_resume``, and by the task worker when it starts)."""
    if not getattr(user, "is_system_actor", False):  # every body's imports: a process's job only
        raise PermissionDenied("Only the task workers' process resumes every stalled import.")
    return [batch_resume(batch=b, user=user) for b in selectors.batches_stalled(now=now)]


def imports_watch(*, user: User, now: datetime | None = None) -> tuple[list[ImportBatch], datetime | None]:
    """What the task worker does when it starts: every import whose worker stopped is read on
    from where it stopped, and a check (``tasks.watch_imports``) is queued for when the imports
    still unfinished would count as stopped, so one cut off by a quick restart (its last report
    still fresh now) is read on then, without a person running ``import_resume``. Returns the
    imports resumed and when the check runs (None: nothing to watch, or a task backend that
    cannot run work later)."""
    if not getattr(user, "is_system_actor", False):  # every body's imports: a process's job only
        raise PermissionDenied("Only the task workers' process watches every body's imports.")
    resumed = batches_resume_stalled(user=user, now=now)
    check_at = selectors.imports_next_check(now=now)
    if check_at is None or not default_task_backend.supports_defer:
        return resumed, None
    watch_imports.using(run_after=check_at).enqueue()
    return resumed, check_at
