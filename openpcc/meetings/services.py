"""Every write for meetings and scrutiny: committees, meetings, agendas and reports,
attendance, minutes, actions and the work programme. Atomic, validated, role-checked."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from openpcc.bodies.models import Person
from openpcc.bodies.services import person_create
from openpcc.core.models import Body, Publication, User
from openpcc.core.permissions import CLERK_ROLES, require_role
from openpcc.core.writing import ConflictError, mark_published, release_at, save_versioned, stamp
from openpcc.documents.services import document_add
from openpcc.plans.models import Priority

from . import deadlines
from .models import (
    Action,
    ActionUpdate,
    AgendaItem,
    AgendaPack,
    Attendance,
    Committee,
    CommitteeMember,
    Meeting,
    Question,
    Report,
    WorkProgrammeItem,
)
from .names import match_name

# Who runs meetings: the panel secretariat for a panel, OPCC officers for the Commissioner's boards.
PRIVATE_BRIEFING_REASON = "Private briefing for panel members: not open to the public."


def _check(user: User, body: Body, action: str) -> None:
    require_role(user, body, CLERK_ROLES, action)


def _priorities_for(body: Body, priorities: Iterable[Priority]) -> list[Priority]:
    chosen = list(priorities)
    allowed = set(body.plan_body_ids)
    if any(p.plan.body_id not in allowed for p in chosen):
        raise ValidationError(
            {"priorities": "Link only to priorities of this body's plans or of the office it scrutinises."}
        )
    return chosen


# --- committees ---------------------------------------------------------------------------


@transaction.atomic
def committee_create(
    *, body: Body, name: str, kind: str, slug: str = "", description: str = "", user: User
) -> Committee:
    _check(user, body, "create a committee")
    committee = Committee(
        body=body, name=name.strip(), kind=kind, slug=slug or slugify(name)[:80], description=description
    )
    if Committee.objects.filter(body=body, slug=committee.slug).exists():
        raise ValidationError({"name": f"This body already has a committee at the address “{committee.slug}”."})
    committee.full_clean(exclude=["body"])
    stamp(committee, user=user)
    committee.save()
    return committee


@transaction.atomic
def committee_member_add(
    *,
    committee: Committee,
    role: str,
    person: Person | None = None,
    name: str = "",
    representing: str = "",
    start_date: date | None = None,
    user: User,
) -> CommitteeMember:
    """Add a member: an existing person of the body, or one named here (found or recorded)."""
    _check(user, committee.body, "change a committee's members")
    if person is None:
        if not name.strip():
            raise ValidationError({"name": "Give the member's name."})
        person = Person.objects.filter(body=committee.body, name__iexact=name.strip()).first() or person_create(
            body=committee.body, name=name.strip(), user=user
        )
    if person.body_id != committee.body_id:
        raise ValidationError({"person": "Choose a person recorded at this body."})
    member = CommitteeMember(
        committee=committee, person=person, role=role, representing=representing, start_date=start_date
    )
    member.full_clean(exclude=["committee", "person"])
    stamp(member, user=user)
    member.save()
    return member


def _check_member_dates(member: CommitteeMember, start_date: date | None, end_date: date | None) -> None:
    """A membership cannot end before it starts, nor start after or end before a meeting at which
    the member is recorded as attending (present or as a substitute)."""
    if start_date and end_date and end_date < start_date:
        raise ValidationError(
            {"end_date": f"The membership cannot end ({end_date:%-d %B %Y}) before it starts ({start_date:%-d %B %Y})."}
        )
    attended = Attendance.objects.filter(
        member=member, kind__in=(Attendance.Kind.PRESENT, Attendance.Kind.SUBSTITUTE)
    ).select_related("meeting__committee")
    if end_date and (last := attended.filter(meeting__date__gt=end_date).order_by("-meeting__date").first()):
        raise ValidationError(
            {
                "end_date": (
                    f"{member.person.name} is recorded as attending the meeting of {last.meeting}: the membership "
                    f"cannot end ({end_date:%-d %B %Y}) before it."
                )
            }
        )
    if start_date and (first := attended.filter(meeting__date__lt=start_date).order_by("meeting__date").first()):
        raise ValidationError(
            {
                "start_date": (
                    f"{member.person.name} is recorded as attending the meeting of {first.meeting}: the membership "
                    f"cannot start ({start_date:%-d %B %Y}) after it."
                )
            }
        )


@transaction.atomic
def committee_member_edit(
    *,
    member: CommitteeMember,
    expected_version: int,
    role: str,
    representing: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    user: User,
) -> CommitteeMember:
    """Change a member's role, whom they represent and the dates of their membership."""
    _check(user, member.committee.body, "change a committee's members")
    if role not in CommitteeMember.Role.values:
        raise ValidationError({"role": "Choose the member's role: chair, vice-chair, member, co-opted or substitute."})
    _check_member_dates(member, start_date, end_date)
    return save_versioned(
        member,
        expected_version=expected_version,
        user=user,
        fields={"role": role, "representing": representing.strip(), "start_date": start_date, "end_date": end_date},
    )


@transaction.atomic
def committee_member_end(
    *, member: CommitteeMember, expected_version: int, end_date: date | None, user: User
) -> CommitteeMember:
    """End a membership on ``end_date``: the member stays on the record of the meetings they attended."""
    _check(user, member.committee.body, "change a committee's members")
    if end_date is None:
        raise ValidationError({"end_date": "Give the date the membership ended."})
    _check_member_dates(member, member.start_date, end_date)
    return save_versioned(
        member,
        expected_version=expected_version,
        user=user,
        fields={"end_date": end_date},
        change_reason=f"Membership ended {end_date:%-d %B %Y}",
    )


# --- meetings -------------------------------------------------------------------------------


def _check_meeting_fields(*, body: Body, committee: Committee, start_time: time | None, end_time: time | None) -> None:
    errors = {}
    if committee.body_id != body.pk:
        errors["committee"] = "Choose one of this body's committees."
    if start_time and end_time and end_time <= start_time:
        errors["end_time"] = f"The meeting cannot end ({end_time:%H:%M}) before it starts ({start_time:%H:%M})."
    if end_time and not start_time:
        errors["start_time"] = "Give the start time as well as the end time."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_create(
    *,
    body: Body,
    committee: Committee,
    date: date,
    kind: str = Meeting.Kind.PUBLIC,
    title: str = "",
    start_time: time | None = None,
    end_time: time | None = None,
    venue: str = "",
    theme: str = "",
    user: User,
    publish: bool = True,
    imported: bool = False,
) -> Meeting:
    """Create a meeting. Its date and place are public at once (``publish``); papers are not.
    ``imported``: made from an archive's papers (its minutes may never be recorded here)."""
    _check(user, body, "create a meeting")
    _check_meeting_fields(body=body, committee=committee, start_time=start_time, end_time=end_time)
    meeting = Meeting(
        body=body,
        committee=committee,
        date=date,
        kind=kind,
        title=title,
        start_time=start_time,
        end_time=end_time,
        venue=venue,
        theme=theme,
        imported=imported,
    )
    if kind == Meeting.Kind.PRIVATE_BRIEFING:
        meeting.is_exempt, meeting.exempt_reason = True, PRIVATE_BRIEFING_REASON
    meeting.full_clean(exclude=["body", "committee"])
    stamp(meeting, user=user)
    meeting.save()
    if publish:
        mark_published(meeting)
    return meeting


@transaction.atomic
def meeting_edit(
    *,
    meeting: Meeting,
    expected_version: int,
    user: User,
    date: date,
    kind: str,
    title: str,
    start_time: time | None,
    end_time: time | None,
    venue: str,
    theme: str,
) -> Meeting:
    _check(user, meeting.body, "change a meeting")
    _check_meeting_fields(body=meeting.body, committee=meeting.committee, start_time=start_time, end_time=end_time)
    private = kind == Meeting.Kind.PRIVATE_BRIEFING
    return save_versioned(
        meeting,
        expected_version=expected_version,
        user=user,
        fields={
            "date": date,
            "kind": kind,
            "title": title,
            "start_time": start_time,
            "end_time": end_time,
            "venue": venue,
            "theme": theme,
            "is_exempt": private,
            "exempt_reason": PRIVATE_BRIEFING_REASON if private else "",
        },
    )


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, note: str = "", user: User) -> Meeting:
    _check(user, meeting.body, "cancel a meeting")
    if meeting.status in (Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFT, Meeting.Status.MINUTES_APPROVED):
        raise ValidationError({"status": "This meeting has been held; it cannot be cancelled."})
    meeting.status, meeting.cancellation_note = Meeting.Status.CANCELLED, note
    stamp(meeting, user=user)
    meeting.save(update_fields=["status", "cancellation_note"])
    return meeting


@transaction.atomic
def agenda_publish(*, meeting: Meeting, user: User, when=None, late_reason: str = "") -> Meeting:
    """Make the agenda and its papers public (except exempt items) from ``when``. Late papers
    need the reason, which is published beside the late flag; only a process loading past
    records (a system actor) may publish late papers without one."""
    _check(user, meeting.body, "publish an agenda")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({"status": "The meeting is cancelled; its agenda cannot be published."})
    if meeting.agenda_published_at:
        raise ValidationError({"status": "The agenda is already published."})
    if not meeting.items.exists():
        raise ValidationError({"items": "Add at least one agenda item before publishing the agenda."})
    late = deadlines.late_papers_message(meeting.date, when)
    if late and not late_reason.strip() and not getattr(user, "is_system_actor", False):
        raise ValidationError({"late_reason": f"{late} Give the reason they are late; it is published with them."})
    meeting.late_reason = late_reason.strip() if late else ""
    meeting.agenda_published_at = when or timezone.now()
    if meeting.status == Meeting.Status.SCHEDULED:
        meeting.status = Meeting.Status.AGENDA_PUBLISHED
    if meeting.publication_status != Publication.PUBLISHED:
        meeting.publication_status, meeting.published_at = Publication.PUBLISHED, meeting.agenda_published_at
    stamp(meeting, user=user, reason="Agenda published")
    meeting.save()
    release_at(meeting, meeting.agenda_published_at)
    return meeting


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, user: User, today: date | None = None) -> Meeting:
    _check(user, meeting.body, "record that a meeting was held")
    today = today or timezone.localdate()
    if meeting.date > today:
        raise ValidationError({"status": f"The meeting is on {meeting.date:%-d %B %Y}; it cannot be held before then."})
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({"status": "The meeting was cancelled."})
    if meeting.status in (Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED):
        meeting.status = Meeting.Status.HELD
        stamp(meeting, user=user)
        meeting.save(update_fields=["status"])
    return meeting


@transaction.atomic
def minutes_publish_draft(*, meeting: Meeting, user: User, when=None) -> Meeting:
    _check(user, meeting.body, "publish draft minutes")
    meeting_mark_held(meeting=meeting, user=user, today=(when or timezone.now()).date())
    meeting.refresh_from_db()
    if meeting.minutes_published_at:
        raise ValidationError({"status": "The minutes are already published."})
    if not meeting.agenda_published_at:
        raise ValidationError({"status": "Publish the agenda before the minutes."})
    meeting.minutes_published_at = when or timezone.now()
    meeting.status = Meeting.Status.MINUTES_DRAFT
    stamp(meeting, user=user, reason="Draft minutes published")
    meeting.save()
    release_at(meeting, meeting.minutes_published_at)
    return meeting


@transaction.atomic
def minutes_approve(
    *,
    meeting: Meeting,
    approved_at: Meeting | None,
    user: User,
    today: date | None = None,
) -> Meeting:
    """Record that the minutes were approved at a later meeting of the same committee, once
    that meeting has been held."""
    _check(user, meeting.body, "approve minutes")
    today = today or timezone.localdate()
    if approved_at is None:
        raise ValidationError({"approved_at": "Say at which meeting the minutes were approved."})
    if approved_at.committee_id != meeting.committee_id:
        raise ValidationError({"approved_at": "Minutes are approved at a meeting of the same committee."})
    if approved_at.date <= meeting.date:
        raise ValidationError(
            {
                "approved_at": (
                    f"Minutes of {meeting.date:%-d %B %Y} are approved at a later meeting, not at the meeting "
                    f"of {approved_at.date:%-d %B %Y}."
                )
            }
        )
    if approved_at.status == Meeting.Status.CANCELLED:
        raise ValidationError(
            {"approved_at": f"The meeting of {approved_at.date:%-d %B %Y} was cancelled: nothing was approved there."}
        )
    if approved_at.date > today:
        raise ValidationError(
            {
                "approved_at": (
                    f"The meeting of {approved_at.date:%-d %B %Y} has not been held yet: record the approval after it."
                )
            }
        )
    if not meeting.minutes_published_at:
        raise ValidationError({"status": "Publish the draft minutes before recording their approval."})
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        raise ValidationError({"status": "These minutes are already recorded as approved."})
    # The approving meeting took place: say so if its own record still says otherwise.
    meeting_mark_held(meeting=approved_at, user=user, today=today)
    meeting.status = Meeting.Status.MINUTES_APPROVED
    meeting.minutes_approved_on, meeting.minutes_approved_at_meeting = approved_at.date, approved_at
    stamp(meeting, user=user, reason="Minutes approved")
    meeting.save()
    return meeting


# --- agenda items, reports, questions, attendance ----------------------------------------------


def _editable_before_publication(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({"meeting": "The meeting is cancelled."})


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    number: str,
    title: str,
    purpose: str = "",
    presenting: str = "",
    is_exempt: bool = False,
    exempt_reason: str = "",
    priorities: Iterable[Priority] = (),
    user: User,
) -> AgendaItem:
    _check(user, meeting.body, "change an agenda")
    _editable_before_publication(meeting)
    number = number.strip().rstrip(".")
    errors = {}
    if not number:
        errors["number"] = "Give the item a number, e.g. 5 or 5.1."
    elif AgendaItem.objects.filter(meeting=meeting, number__iexact=number).exists():
        errors["number"] = f"Item {number} is already on this agenda. Each item needs its own number."
    if is_exempt and not exempt_reason.strip():
        errors["exempt_reason"] = (
            "Give the reason the item is exempt (e.g. the paragraph of the access-to-information rules)."
        )
    if errors:
        raise ValidationError(errors)
    chosen = _priorities_for(meeting.body, priorities)
    order = (meeting.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = AgendaItem(
        meeting=meeting,
        number=number,
        title=title.strip(),
        purpose=purpose,
        presenting=presenting,
        is_exempt=is_exempt,
        exempt_reason=exempt_reason.strip(),
        order=order,
    )
    item.full_clean(exclude=["meeting"])
    stamp(item, user=user)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:
        raise ValidationError({"number": f"Item {number} is already on this agenda."}) from exc
    item.priorities.set(chosen)
    return item


@transaction.atomic
def agenda_item_edit(
    *,
    item: AgendaItem,
    expected_version: int,
    user: User,
    number: str,
    title: str,
    purpose: str,
    presenting: str,
    is_exempt: bool,
    exempt_reason: str,
    priorities: Iterable[Priority],
) -> AgendaItem:
    _check(user, item.meeting.body, "change an agenda")
    number = number.strip().rstrip(".")
    if AgendaItem.objects.filter(meeting=item.meeting, number__iexact=number).exclude(pk=item.pk).exists():
        raise ValidationError({"number": f"Item {number} is already on this agenda. Each item needs its own number."})
    if is_exempt and not exempt_reason.strip():
        raise ValidationError({"exempt_reason": "Give the reason the item is exempt."})
    chosen = _priorities_for(item.meeting.body, priorities)
    saved = save_versioned(
        item,
        expected_version=expected_version,
        user=user,
        fields={
            "number": number,
            "title": title.strip(),
            "purpose": purpose,
            "presenting": presenting,
            "is_exempt": is_exempt,
            "exempt_reason": exempt_reason.strip() if is_exempt else "",
        },
    )
    saved.priorities.set(chosen)
    return saved


REPORT_FIELDS = (
    "title",
    "to",
    "author",
    "report_date",
    "purpose",
    "recommendations",
    "terms_of_reference",
    "background",
    "key_issues",
    "implications",
    "consultation",
    "next_steps",
    "background_documents",
    "appendices",
    "contact_officer",
    "classification",
)


def _clean_background_documents(docs: list[dict]) -> list[dict]:
    cleaned = []
    for i, doc in enumerate(docs, start=1):
        title, url = (doc.get("title") or "").strip(), (doc.get("url") or "").strip()
        if not title:
            raise ValidationError({"background_documents": f"Background document {i} needs a title."})
        if url and not url.startswith(("http://", "https://")):
            raise ValidationError(
                {"background_documents": f"Background document {i}: the link must start with https://"}
            )
        cleaned.append({"title": title, "url": url})
    return cleaned


@transaction.atomic
def report_save(
    *,
    body: Body,
    fields: dict,
    agenda_item: AgendaItem | None = None,
    report: Report | None = None,
    priorities: Iterable[Priority] = (),
    expected_version: int | None = None,
    attachment: UploadedFile | None = None,
    attachment_title: str = "",
    user: User,
) -> Report:
    """Create (``report`` None) or change a report in the board-paper shape, with a paper
    attached if one is given: one change, so a refused paper leaves the report as it was."""
    _check(user, body, "write a report")
    unknown = set(fields) - set(REPORT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown report fields: {sorted(unknown)}")
    if not (fields.get("title") or (report and report.title)):
        raise ValidationError({"title": "Give the report a title."})
    if "background_documents" in fields:
        fields = {**fields, "background_documents": _clean_background_documents(fields["background_documents"] or [])}
    if agenda_item is not None and agenda_item.meeting.body_id != body.pk:
        raise ValidationError({"agenda_item": "That agenda item belongs to another body."})
    chosen = _priorities_for(body, priorities)
    if report is None:
        if agenda_item is not None and Report.objects.filter(agenda_item=agenda_item).exists():
            raise ValidationError({"agenda_item": f"Item {agenda_item.number} already has a report."})
        report = Report(body=body, agenda_item=agenda_item, **fields)
        report.full_clean(exclude=["body", "agenda_item"])
        stamp(report, user=user)
        report.save()
    else:
        if expected_version is None:
            raise ValidationError({"version": "Reload the report before saving changes."})
        report = save_versioned(report, expected_version=expected_version, fields=fields, user=user)
    report.priorities.set(chosen)
    if attachment is not None:
        try:
            document_add(parent=report, upload=attachment, title=attachment_title, user=user)
        except ValidationError as exc:
            raise ValidationError({"attachment": exc.messages}) from exc
    return report


@transaction.atomic
def question_add(
    *,
    item: AgendaItem,
    question: str,
    response: str = "",
    letter: str = "",
    asked_by: str = "",
    responded_by: str = "",
    user: User,
) -> Question:
    _check(user, item.meeting.body, "record minutes")
    if not question.strip():
        raise ValidationError({"question": "Enter the question (or the point raised)."})
    letter = letter.strip().rstrip(")").lower()
    if letter and Question.objects.filter(item=item, letter=letter).exists():
        raise ValidationError({"letter": f"Question {letter}) is already recorded at item {item.number}."})
    order = (item.questions.aggregate(m=Max("order"))["m"] or 0) + 1
    q = Question(
        item=item,
        letter=letter,
        asked_by=asked_by,
        question=question.strip(),
        response=response.strip(),
        responded_by=responded_by,
        order=order,
    )
    q.full_clean(exclude=["item"])
    stamp(q, user=user)
    q.save()
    return q


@transaction.atomic
def minutes_record(
    *,
    item: AgendaItem,
    expected_version: int,
    minutes: str,
    resolution: str,
    resolution_text: str,
    resolution_reasons: str = "",
    user: User,
) -> AgendaItem:
    _check(user, item.meeting.body, "record minutes")
    meeting = item.meeting
    if meeting.status == Meeting.Status.MINUTES_APPROVED:
        raise ValidationError({"minutes": "These minutes have been approved; they can no longer be changed."})
    if meeting.status == Meeting.Status.CANCELLED or meeting.date > timezone.localdate():
        raise ValidationError({"minutes": "Minutes can only be recorded once the meeting has taken place."})
    if resolution and resolution not in AgendaItem.Resolution.values:
        raise ValidationError({"resolution": f"“{resolution}” is not a kind of resolution."})
    if resolution and not resolution_text.strip():
        raise ValidationError({"resolution_text": "Give the wording of the resolution."})
    if resolution == AgendaItem.Resolution.RECOMMENDATION and not resolution_reasons.strip():
        raise ValidationError({"resolution_reasons": "A recommendation needs its reasons."})
    return save_versioned(
        item,
        expected_version=expected_version,
        user=user,
        fields={
            "minutes": minutes.strip(),
            "resolution": resolution,
            "resolution_text": resolution_text.strip(),
            "resolution_reasons": resolution_reasons.strip(),
        },
    )


@transaction.atomic
def attendance_add(
    *,
    meeting: Meeting,
    name: str,
    kind: str,
    substitute_for: str = "",
    representing: str = "",
    role: str = "",
    person: Person | None = None,
    user: User,
) -> Attendance:
    _check(user, meeting.body, "record attendance")
    errors = {}
    if not (name or (person and person.name)).strip():
        errors["name"] = "Give the person's name."
    if kind not in Attendance.Kind.values:
        errors["kind"] = "Choose present, apologies, substitute, officer or also present."
    if kind == Attendance.Kind.SUBSTITUTE and not substitute_for.strip():
        errors["substitute_for"] = "Say whom the substitute stood in for."
    if meeting.date > timezone.localdate() and kind != Attendance.Kind.APOLOGIES:
        errors["kind"] = "Only apologies can be recorded before the meeting takes place."
    if errors:
        raise ValidationError(errors)
    row = Attendance(
        meeting=meeting,
        person=person,
        name=(name or person.name).strip(),
        kind=kind,
        substitute_for=substitute_for.strip(),
        representing=representing.strip(),
        role=role.strip(),
    )
    _link_to_members(row)
    stamp(row, user=user)
    row.save()
    return row


def _link_to_members(row: Attendance) -> None:
    """Link a row written from minutes to the committee member it names (current on the
    meeting's date), and a substitute's "for" to the member replaced, when exactly one member
    fits the name (``names.match_name``): the roster then shows it on the member's line."""
    meeting = row.meeting
    members = list(
        CommitteeMember.objects.filter(committee_id=meeting.committee_id)
        .filter(CommitteeMember.current_on_q(meeting.date))
        .select_related("person")
    )
    if not members:
        return
    if row.kind in Attendance.MEMBER_KINDS and row.member_id is None:
        taken = set(
            Attendance.objects.filter(meeting=meeting, member__isnull=False)
            .exclude(pk=row.pk)
            .values_list("member_id", flat=True)
        )
        free = [m for m in members if m.pk not in taken]
        by_person = [m for m in free if row.person_id and m.person_id == row.person_id]
        pk = by_person[0].pk if len(by_person) == 1 else match_name(row.name, [(m.pk, m.person.name) for m in free])
        if pk is not None:
            row.member = next(m for m in free if m.pk == pk)
            row.person = row.member.person
    if row.kind == Attendance.Kind.SUBSTITUTE and row.substitute_for and row.substitute_for_member_id is None:
        others = [m for m in members if m.pk != row.member_id]
        pk = match_name(row.substitute_for, [(m.pk, m.person.name) for m in others])
        if pk is not None:
            row.substitute_for_member = next(m for m in others if m.pk == pk)


@transaction.atomic
def attendance_save(
    *,
    meeting: Meeting,
    expected_version: int,
    members: Iterable[dict],
    others: Iterable[dict] = (),
    declarations_taken: bool = True,
    user: User,
) -> Meeting:
    """Record the whole attendance of a meeting in one change: for each member on the roster
    (``{"member", "kind", "substitute_for", "substitute_for_name", "declarations"}``; kind "" for
    not recorded) and the other people there (``{"name", "kind", "role", "representing",
    "substitute_for", "substitute_for_name", "declarations"}``). A substitute names the member
    replaced (``substitute_for``) or, for a record from old minutes that names someone not on the
    roster, gives the name as written (``substitute_for_name``). ``declarations_taken``: the
    meeting asked for declarations of interest, so none recorded means "None declared".

    It replaces the attendance recorded before, keeping every row that is unchanged as it was
    (a save of an unchanged form changes nothing), and is refused, changing nothing, if the
    meeting changed since the form was read (``expected_version``). Errors are keyed by the line
    and field they are about, ``members.<n>.<field>`` and ``others.<n>.<field>`` (``n`` counting
    from 0 in the order given), each message naming the person."""
    _check(user, meeting.body, "record attendance")
    members, others = list(members), list(others)
    errors: dict[str, list[str]] = {}

    def refuse(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError({"attendance": "The meeting was cancelled: there is no attendance to record."})
    before = meeting.date > timezone.localdate()
    roster = {row["member"].pk: row["member"] for row in members}
    if any(m.committee_id != meeting.committee_id for m in roster.values()):
        raise ValidationError({"attendance": "Record only members of the committee that met."})
    present = {row["member"].pk for row in members if row.get("kind") == Attendance.Kind.PRESENT}
    replaced: dict[int, str] = {}
    attending = (Attendance.Kind.PRESENT, Attendance.Kind.SUBSTITUTE, Attendance.Kind.OFFICER, Attendance.Kind.OTHER)

    def check_substitute(name: str, row: dict, key: str) -> None:
        target = row.get("substitute_for")
        if target is None:
            if not (row.get("substitute_for_name") or "").strip():
                refuse(key, f"{name}: say which member they substituted for.")
        elif target.pk not in roster or target.committee_id != meeting.committee_id:
            refuse(key, f"{name}: choose the member they substituted for from the committee's members.")
        elif target.pk in present:
            refuse(key, f"{name}: {target.person.name} is recorded as present, so nobody substituted for them.")
        elif target.pk in replaced:
            refuse(key, f"{name} and {replaced[target.pk]} are both recorded as substituting for {target.person.name}.")
        else:
            replaced[target.pk] = name

    for n, row in enumerate(members):
        member, kind = row["member"], row.get("kind") or ""
        name, key = member.person.name, f"members.{n}."
        if kind and kind not in Attendance.MEMBER_KINDS:
            refuse(key + "kind", f"{name}: choose present, apologies, absent or substitute.")
        elif before and kind and kind != Attendance.Kind.APOLOGIES:
            refuse(key + "kind", f"{name}: only apologies can be recorded before the meeting takes place.")
        elif kind == Attendance.Kind.SUBSTITUTE:
            if row.get("substitute_for") is not None and row["substitute_for"].pk == member.pk:
                refuse(key + "substitute_for", f"{name}: a member cannot substitute for themselves.")
            else:
                check_substitute(name, row, key + "substitute_for")
        if (row.get("declarations") or "").strip() and kind not in attending:
            refuse(
                key + "declarations", f"{name}: a declaration of interest is made by someone present at the meeting."
            )
    for n, row in enumerate(others):
        name, kind = (row.get("name") or "").strip(), row.get("kind") or ""
        label, key = name or f"Other person {n + 1}", f"others.{n}."
        if not name:
            refuse(key + "name", f"{label}: give the person's name.")
        if kind not in Attendance.Kind.values:
            refuse(key + "kind", f"{label}: choose how they attended.")
        elif before and kind != Attendance.Kind.APOLOGIES:
            refuse(key + "kind", f"{label}: only apologies can be recorded before the meeting takes place.")
        elif kind == Attendance.Kind.SUBSTITUTE:
            check_substitute(label, row, key + "substitute_for")
        if (row.get("declarations") or "").strip() and kind in Attendance.Kind.values and kind not in attending:
            refuse(
                key + "declarations", f"{label}: a declaration of interest is made by someone present at the meeting."
            )
    if errors:
        raise ValidationError(errors)

    # The version check first: nothing is written if someone else saved in the meantime.
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.version != expected_version:
        raise ConflictError(locked)

    def substitute_text(row: dict, kind: str, target: CommitteeMember | None, current: Attendance | None) -> str:
        if kind != Attendance.Kind.SUBSTITUTE:
            return ""
        if target is None:
            return (row.get("substitute_for_name") or "").strip()
        if current is not None and current.substitute_for_member_id == target.pk and current.substitute_for:
            return current.substitute_for  # the member replaced is unchanged: keep the minutes' wording
        return target.person.name

    writes: list[Attendance] = []
    deletes: list[Attendance] = []
    existing = {row.member_id: row for row in Attendance.objects.filter(meeting=meeting, member__isnull=False)}
    for row in members:
        member, kind = row["member"], row.get("kind") or ""
        current = existing.get(member.pk)
        if not kind:
            if current is not None:
                deletes.append(current)
            continue
        target = row.get("substitute_for") if kind == Attendance.Kind.SUBSTITUTE else None
        # What the roster says of a member; their name, role and council stay as first recorded.
        values = {
            "kind": kind,
            "substitute_for": substitute_text(row, kind, target, current),
            "substitute_for_member": target,
            "declarations": (row.get("declarations") or "").strip(),
        }
        if current is None:
            current = Attendance(
                meeting=meeting,
                member=member,
                person=member.person,
                name=member.person.name,
                representing=member.representing,
                role=member.get_role_display() if member.role != CommitteeMember.Role.MEMBER else "",
                **values,
            )
        elif all(getattr(current, k) == v for k, v in values.items()):
            continue
        else:
            for k, v in values.items():
                setattr(current, k, v)
        writes.append(current)
    # Everyone else: the rows given replace those recorded (kept as they are when unchanged).
    kept: list[int] = []
    old = list(Attendance.objects.filter(meeting=meeting, member__isnull=True).order_by("id"))
    for row in others:
        kind = row["kind"]
        target = row.get("substitute_for") if kind == Attendance.Kind.SUBSTITUTE else None
        values = {
            "name": row["name"].strip(),
            "kind": kind,
            "substitute_for_member": target,
            "representing": (row.get("representing") or "").strip(),
            "role": (row.get("role") or "").strip(),
            "declarations": (row.get("declarations") or "").strip(),
        }
        same = next(
            (
                o
                for o in old
                if o.pk not in kept
                and all(getattr(o, k) == v for k, v in values.items())
                and o.substitute_for == substitute_text(row, kind, target, o)
            ),
            None,
        )
        if same is not None:
            kept.append(same.pk)
            continue
        writes.append(Attendance(meeting=meeting, substitute_for=substitute_text(row, kind, target, None), **values))
    deletes.extend(o for o in old if o.pk not in kept)

    declared = declarations_taken or any((r.get("declarations") or "").strip() for r in [*members, *others])
    fields: dict = {}
    if declared and not locked.declarations_recorded_at:
        fields["declarations_recorded_at"] = timezone.now()
    elif not declared and locked.declarations_recorded_at:
        fields["declarations_recorded_at"] = None
    if not (writes or deletes or fields):
        return locked  # nothing changed: no new version, no history
    meeting = save_versioned(
        locked, expected_version=expected_version, fields=fields, user=user, change_reason="Attendance recorded"
    )
    for row in deletes:
        stamp(row, user=user)
        row.delete()
    for row in writes:
        row.meeting = meeting
        stamp(row, user=user)
        row.save()
    return meeting


@transaction.atomic
def attendance_remove(*, row: Attendance, user: User) -> None:
    _check(user, row.meeting.body, "record attendance")
    stamp(row, user=user)
    row.delete()


# --- actions -------------------------------------------------------------------------------------


@transaction.atomic
def action_raise(
    *,
    meeting: Meeting,
    text: str,
    owner: str,
    agenda_item: AgendaItem | None = None,
    due_date: date | None = None,
    user: User,
) -> Action:
    _check(user, meeting.body, "raise an action")
    errors = {}
    if not text.strip():
        errors["text"] = "Say what is to be done."
    if not owner.strip():
        errors["owner"] = "Every action needs an owner: the person or body responsible for it."
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        errors["agenda_item"] = "Choose an item of this meeting."
    if due_date and due_date < meeting.date:
        errors["due_date"] = "The due date cannot be before the meeting that raised the action."
    if errors:
        raise ValidationError(errors)
    # Lock the committee row so two actions raised at once get different numbers.
    committee = Committee.objects.select_for_update().get(pk=meeting.committee_id)
    number = (Action.objects.filter(committee=committee).aggregate(m=Max("number"))["m"] or 0) + 1
    action = Action(
        body=meeting.body,
        committee=committee,
        meeting=meeting,
        agenda_item=agenda_item,
        number=number,
        text=text.strip(),
        owner=owner.strip(),
        due_date=due_date,
    )
    stamp(action, user=user)
    action.save()
    return action


@transaction.atomic
def action_update_add(*, action: Action, text: str, on: date | None = None, user: User) -> ActionUpdate:
    _check(user, action.body, "update an action")
    if not text.strip():
        raise ValidationError({"text": "Enter the update."})
    if action.status == Action.Status.CLOSED:
        raise ValidationError({"text": f"Action {action.number} is closed."})
    update = ActionUpdate(action=action, date=on or timezone.localdate(), text=text.strip(), author=user)
    stamp(update, user=user)
    update.save()
    return update


@transaction.atomic
def action_close(*, action: Action, note: str, on: date | None = None, user: User) -> Action:
    _check(user, action.body, "close an action")
    if action.status == Action.Status.CLOSED:
        raise ValidationError({"note": f"Action {action.number} is already closed."})
    if not note.strip():
        raise ValidationError({"note": "Say how the action was completed or why it is closed."})
    on = on or timezone.localdate()
    if on < action.meeting.date:
        raise ValidationError({"on": "An action cannot close before the meeting that raised it."})
    action.status, action.closed_on, action.closing_note = Action.Status.CLOSED, on, note.strip()
    stamp(action, user=user, reason="Closed")
    action.save()
    return action


# --- work programme ------------------------------------------------------------------------------


@transaction.atomic
def work_item_add(
    *,
    committee: Committee,
    title: str,
    meeting: Meeting | None = None,
    responsible: str = "",
    notes: str = "",
    user: User,
) -> WorkProgrammeItem:
    _check(user, committee.body, "change the work programme")
    if not title.strip():
        raise ValidationError({"title": "Give the item or topic a title."})
    if meeting is not None and meeting.committee_id != committee.pk:
        raise ValidationError({"meeting": "Choose a meeting of this committee."})
    order = (WorkProgrammeItem.objects.filter(committee=committee).aggregate(m=Max("order"))["m"] or 0) + 1
    item = WorkProgrammeItem(
        committee=committee,
        meeting=meeting,
        title=title.strip(),
        responsible=responsible.strip(),
        notes=notes,
        order=order,
    )
    stamp(item, user=user)
    item.save()
    return item


@transaction.atomic
def work_item_edit(
    *,
    item: WorkProgrammeItem,
    expected_version: int,
    title: str,
    meeting: Meeting | None = None,
    responsible: str = "",
    notes: str = "",
    user: User,
) -> WorkProgrammeItem:
    """Change an item or move it to another of the committee's meetings (None: a possible topic)."""
    _check(user, item.committee.body, "change the work programme")
    if not title.strip():
        raise ValidationError({"title": "Give the item or topic a title."})
    if meeting is not None and meeting.committee_id != item.committee_id:
        raise ValidationError({"meeting": "Choose a meeting of this committee."})
    if meeting is not None and meeting.status == Meeting.Status.CANCELLED and meeting.pk != item.meeting_id:
        raise ValidationError({"meeting": f"The meeting of {meeting.date:%-d %B %Y} is cancelled: choose another."})
    moved = meeting != item.meeting if item.meeting_id or meeting else False
    reason = ""
    if moved:
        reason = f"Moved to {meeting.date:%-d %B %Y}" if meeting else "Moved to possible topics"
    return save_versioned(
        item,
        expected_version=expected_version,
        user=user,
        change_reason=reason,
        fields={"title": title.strip(), "meeting": meeting, "responsible": responsible.strip(), "notes": notes},
    )


@transaction.atomic
def work_item_remove(*, item: WorkProgrammeItem, expected_version: int, user: User) -> None:
    """Take an item off the work programme; its history keeps what it was."""
    _check(user, item.committee.body, "change the work programme")
    current = WorkProgrammeItem.objects.select_for_update().get(pk=item.pk)
    if current.version != expected_version:
        raise ConflictError(current)
    stamp(current, user=user, reason="Removed from the work programme")
    current.delete()


# --- the agenda pack (pack.py builds it, in the background) ----------------------------------------

PACK_STALLED_AFTER = 3600  # seconds: a pack "being built" for longer than this has lost its worker


@transaction.atomic
def agenda_pack_request(*, meeting: Meeting, user: User) -> AgendaPack:
    """Queue a new version of the meeting's agenda pack (earlier versions are kept). Refused,
    with the reason, while the agenda is not public or while another version is being built."""
    from datetime import timedelta

    from .tasks import build_agenda_pack

    _check(user, meeting.body, "build an agenda pack")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)  # one request at a time per meeting
    if not meeting.agenda_is_public:
        raise ValidationError(
            "The agenda and papers of this meeting are not public: publish the agenda before building its pack."
        )
    running = AgendaPack.objects.filter(
        meeting=meeting, status__in=[AgendaPack.Status.QUEUED, AgendaPack.Status.BUILDING]
    )
    stalled = timezone.now() - timedelta(seconds=PACK_STALLED_AFTER)
    running.filter(created_at__lt=stalled).update(
        status=AgendaPack.Status.FAILED,
        message="Stopped: the background worker did not finish it.",
        finished_at=timezone.now(),
    )
    if running.exists():
        raise ValidationError("A version of this meeting's pack is being built already: wait for it to finish.")
    version = (AgendaPack.objects.filter(meeting=meeting).aggregate(n=Max("version"))["n"] or 0) + 1
    pack = AgendaPack.objects.create(meeting=meeting, version=version, created_by=user)
    # Enqueued in this transaction: a database-backed worker sees it only once the request commits.
    build_agenda_pack.enqueue(pack.pk)
    return pack
