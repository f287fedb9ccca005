"""Writes for archive import: take in files, read them into proposals, and let a person
correct, accept or reject each proposal. Accepting makes the record through that record's
own service, so every rule that applies to a hand-made record applies here; nothing the
importer makes is published."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from openpcc.core.models import Body, User
from openpcc.core.permissions import APPROVE_ROLES, CLERK_ROLES, has_role, require_role
from openpcc.core.writing import save_versioned

from . import parsing, selectors
from .intake import Incoming, intake
from .models import ImportBatch, ImportFile, Proposal
from .tasks import run_import_batch

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
    with its reason). Reading happens in ``batch_run``."""
    require_role(user, body, CLERK_ROLES, "import papers")
    files = [f if isinstance(f, Incoming) else Incoming.from_bytes(*f) for f in files]
    if not files:
        raise ValidationError({"file": f"{source_name} has no files in it."})
    batch = ImportBatch(body=body, source_name=source_name[:300], created_by=user, files_total=len(files))
    batch.save()
    for order, incoming in enumerate(files):
        row = ImportFile(
            batch=batch, body=body, name=incoming.name[:300], sha256=incoming.sha256, size=incoming.size, order=order
        )
        if incoming.error:
            row.status, row.error = ImportFile.Status.FAILED, incoming.error[:500]
        else:
            with incoming.open() as fh:
                row.file.save(Path(incoming.name).name or "file", File(fh), save=False)
        row.save()
    return batch


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
        proposal_reject(proposal=child, expected_version=child.version, note="Its meeting was rejected.", user=user)
    return saved


@transaction.atomic
def proposal_accept(*, proposal: Proposal, expected_version: int, user: User, options: dict | None = None) -> Proposal:
    """Make the record. Any rule the record's own service enforces is reported against the
    proposal's fields, and nothing is made."""
    _check(user, proposal.body, "accept a proposal")
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _pending(current)
    options = options or {}
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


def _committee(body: Body, name: str, user: User, field: str):
    from openpcc.meetings.models import Committee
    from openpcc.meetings.services import committee_create

    name = (name or "").strip()
    if not name:
        raise ValidationError({field: "Say which committee or board met."})
    existing = Committee.objects.filter(body=body, name__iexact=name).first()
    if existing is not None:
        return existing
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
    from openpcc.meetings.services import meeting_create

    data = proposal.data
    committee = _committee(proposal.body, data.get("committee", ""), user, "committee")
    when = _date(data.get("date", ""), "date", "meeting date")
    existing = Meeting.objects.filter(body=proposal.body, committee=committee, date=when).first()
    if existing is not None:
        raise ValidationError(
            {
                "date": f"{committee.name} already has a meeting on {when.day} {when:%B %Y}; "
                "reject this proposal or change the date."
            }
        )
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
    return meeting, str(meeting.display_title), reverse("meetings_staff:meeting", args=[proposal.body.slug, meeting.pk])


def _make_attendance(proposal: Proposal, user: User, options: dict):
    from openpcc.meetings.services import attendance_add

    meeting = _parent_record(proposal)
    people = proposal.data.get("people") or []
    if not people:
        raise ValidationError({"people": "There is nobody to record; reject this proposal instead."})
    for n, person in enumerate(people, start=1):
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
    from openpcc.meetings.services import agenda_item_add, minutes_record, question_add

    meeting = _parent_record(proposal)
    data = proposal.data
    item = agenda_item_add(meeting=meeting, number=data.get("number", ""), title=data.get("title", ""), user=user)
    for question in data.get("questions") or []:
        try:
            question_add(item=item, question=question.get("text", ""), letter=question.get("letter", ""), user=user)
        except ValidationError as exc:
            raise ValidationError({"questions": " ".join(exc.messages)}) from exc
    if data.get("minutes") or data.get("resolution_text"):
        item = minutes_record(
            item=item,
            expected_version=item.version,
            minutes=data.get("minutes", ""),
            resolution=data.get("resolution", ""),
            resolution_text=data.get("resolution_text", ""),
            resolution_reasons=data.get("resolution_reasons", ""),
            user=user,
        )
    return (
        item,
        f"Item {item.number}: {item.title}",
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
    committee = _committee(proposal.body, data.get("to", ""), user, "to")
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
    if reference and user is not None and not has_role(user, body, APPROVE_ROLES):
        raise PermissionDenied(
            f"{reference} is a signed decision: only an approver or administrator can record it. Ask one to accept it."
        )
    decision = decision_create(
        body=body, user=user, fields={"subject": data.get("subject", ""), "decision": data.get("decision", "")}
    )
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
    round_pk = options.get("round")
    if update and round_pk:
        rnd = ReportingRound.objects.filter(plan=plan, pk=round_pk).first()
        if rnd is None:
            raise ValidationError({"round": "Choose a reporting round of this plan."})
        activity = Activity.objects.filter(priority=priority).order_by("order", "pk").first() or activity_create(
            priority=priority, code=f"{priority.code}.1", user=user
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
