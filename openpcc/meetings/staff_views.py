"""Staff pages for meetings: committees, meetings, agendas, reports, attendance, minutes,
actions and the work programme. Panel members may read everything; editing needs a
meeting role (secretariat, OPCC editor or approver)."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from openpcc.core.forms import run_service
from openpcc.core.models import Body
from openpcc.core.navigation import staff_page_context
from openpcc.core.paging import query_without_page
from openpcc.core.permissions import CLERK_ROLES, STAFF_ROLES, body_staff_view, has_role
from openpcc.core.writing import ConflictError

from . import deadlines, selectors, services
from .extensions import meeting_actions
from .forms import (
    INCOMPLETE_FORM,
    ActionCloseForm,
    ActionForm,
    ActionUpdateForm,
    AgendaItemForm,
    ApproveMinutesForm,
    CommitteeForm,
    MeetingForm,
    MemberEditForm,
    MemberEndForm,
    MemberForm,
    MinutesForm,
    PublishAgendaForm,
    QuestionForm,
    ReportForm,
    RosterMemberFormSet,
    RosterOtherFormSet,
    RosterVersionForm,
    WorkItemForm,
)
from .models import AgendaItem, Attendance, Meeting, Report

_ctx = partial(staff_page_context, edit_roles=CLERK_ROLES)


def _meeting(body: Body, pk: int) -> Meeting:
    meeting = Meeting.objects.for_body(body).select_related("committee", "body").filter(pk=pk).first()
    if meeting is None:
        raise Http404("No such meeting at this body.")
    return meeting


def _item(meeting: Meeting, item_pk: int) -> AgendaItem:
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_pk).select_related("meeting", "meeting__body").first()
    if item is None:
        raise Http404("No such item on this agenda.")
    return item


@body_staff_view(STAFF_ROLES)
def index(request: HttpRequest, body: Body) -> HttpResponse:
    return render(
        request,
        "meetings/staff/index.html",
        _ctx(
            request,
            body,
            rows=selectors.meeting_staff_list(body=body),
            committees=selectors.committee_list(body=body),
        ),
    )


@body_staff_view(CLERK_ROLES)
def committee_create(request: HttpRequest, body: Body) -> HttpResponse:
    form = CommitteeForm(request.POST or None)
    if request.method == "POST":
        committee = run_service(form, lambda d: services.committee_create(body=body, user=request.user, **d))
        if committee:
            messages.success(request, f"{committee.name} created.")
            return redirect("meetings_staff:committee", body.slug, committee.slug)
    return render(request, "meetings/staff/form.html", _ctx(request, body, form=form, heading="Add a committee"))


@body_staff_view(STAFF_ROLES)
def committee_detail(request: HttpRequest, body: Body, slug: str) -> HttpResponse:
    committee = selectors.committee_get(body=body, slug=slug)
    member_form = MemberForm(request.POST if request.POST.get("form") == "member" else None)
    work_form = WorkItemForm(request.POST if request.POST.get("form") == "work" else None, committee=committee)
    if request.method == "POST":
        if not has_role(request.user, body, CLERK_ROLES):
            raise PermissionDenied("Your role at this body lets you read this page but not change it.")
        if request.POST.get("form") == "member" and run_service(
            member_form, lambda d: services.committee_member_add(committee=committee, user=request.user, **d)
        ):
            messages.success(request, "Member added.")
            return redirect("meetings_staff:committee", body.slug, committee.slug)
        if request.POST.get("form") == "work" and run_service(
            work_form,
            lambda d: services.work_item_add(
                committee=committee, user=request.user, **{k: v for k, v in d.items() if k != "version"}
            ),
        ):
            messages.success(request, "Added to the work programme.")
            return redirect("meetings_staff:committee", body.slug, committee.slug)
    programme = selectors.work_programme_list(body=body, public=False, committee=committee.slug)
    return render(
        request,
        "meetings/staff/committee.html",
        _ctx(
            request,
            body,
            committee=committee,
            member_form=member_form,
            work_form=work_form,
            programme=programme[0] if programme else None,
        ),
    )


@body_staff_view(CLERK_ROLES)
def meeting_create(request: HttpRequest, body: Body) -> HttpResponse:
    form = MeetingForm(request.POST or None, body=body, initial={"committee": request.GET.get("committee")})
    if request.method == "POST":

        def save(d):
            d.pop("version", None)
            return services.meeting_create(body=body, user=request.user, **d)

        meeting = run_service(form, save)
        if meeting:
            messages.success(request, f"Meeting of {meeting.date:%-d %B %Y} created. Now build its agenda.")
            return redirect("meetings_staff:meeting", body.slug, meeting.pk)
    return render(request, "meetings/staff/form.html", _ctx(request, body, form=form, heading="Add a meeting"))


@body_staff_view(CLERK_ROLES)
def meeting_edit(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    meeting = _meeting(body, pk)
    initial = {
        f: getattr(meeting, f)
        for f in ("committee", "kind", "title", "date", "start_time", "end_time", "venue", "theme", "version")
    }
    form = MeetingForm(request.POST or None, body=body, initial=initial)
    form.fields["committee"].disabled = True
    if request.method == "POST":

        def save(d):
            d.pop("committee")
            return services.meeting_edit(
                meeting=meeting, expected_version=d.pop("version") or 0, user=request.user, **d
            )

        if run_service(form, save):
            messages.success(request, "Meeting details saved.")
            return redirect("meetings_staff:meeting", body.slug, meeting.pk)
    return render(
        request, "meetings/staff/form.html", _ctx(request, body, form=form, heading=f"Edit {meeting}", meeting=meeting)
    )


def _meeting_page(request: HttpRequest, body: Body, pk: int, publish_form: PublishAgendaForm | None = None):
    detail = selectors.meeting_staff_get(body=body, pk=pk)
    can_edit = has_role(request.user, body, CLERK_ROLES)
    meeting = detail.meeting
    return render(
        request,
        "meetings/staff/meeting.html",
        _ctx(
            request,
            body,
            detail=detail,
            public=False,
            staff_actions=can_edit,
            approve_form=ApproveMinutesForm(meeting=meeting),
            publish_form=publish_form or PublishAgendaForm(),
            late_warning=deadlines.late_papers_message(meeting.date) if not meeting.agenda_published_at else "",
            upload_url=reverse("documents_staff:upload", args=[body.slug, "meeting", pk]),
            history_model="meetings.meeting",
            meeting_actions=[
                {"label": a.label, "url": reverse(a.url_name, args=[body.slug, pk])}
                for a in meeting_actions()
                if a.shown(meeting, body)
            ],
        ),
    )


@body_staff_view(STAFF_ROLES)
def meeting_detail(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    return _meeting_page(request, body, pk)


@body_staff_view(CLERK_ROLES)
@require_POST
def meeting_state(request: HttpRequest, body: Body, pk: int, action: str) -> HttpResponse:
    meeting = _meeting(body, pk)
    try:
        if action == "publish_agenda":
            late = deadlines.late_papers_message(meeting.date)
            form = PublishAgendaForm(request.POST)
            if not run_service(
                form,
                lambda d: services.agenda_publish(meeting=meeting, user=request.user, late_reason=d["late_reason"]),
            ):
                return _meeting_page(request, body, pk, publish_form=form)
            note = f" {late} The reason is published beside the late flag." if late else ""
            messages.success(request, "The agenda and papers are public." + note)
        elif action == "publish_minutes":
            services.minutes_publish_draft(meeting=meeting, user=request.user)
            messages.success(request, "The draft minutes are public.")
        elif action == "approve_minutes":
            form = ApproveMinutesForm(request.POST, meeting=meeting)
            approved_at = form.cleaned_data["approved_at"] if form.is_valid() else None
            chosen = request.POST.get("approved_at", "")
            if approved_at is None and chosen.isdigit() and len(chosen) < 10:
                # A meeting the form does not offer (not yet held, cancelled): the service says why.
                approved_at = Meeting.objects.for_body(body).filter(pk=int(chosen)).first()
            services.minutes_approve(meeting=meeting, approved_at=approved_at, user=request.user)
            messages.success(request, "The minutes are recorded as approved.")
        elif action == "cancel":
            services.meeting_cancel(meeting=meeting, note=request.POST.get("note", ""), user=request.user)
            messages.success(request, "The meeting is cancelled.")
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("meetings_staff:meeting", body.slug, pk)


@body_staff_view(CLERK_ROLES)
def item_edit(request: HttpRequest, body: Body, pk: int, item_pk: int | None = None) -> HttpResponse:
    meeting = _meeting(body, pk)
    item = _item(meeting, item_pk) if item_pk else None
    initial = {}
    if item:
        initial = {
            f: getattr(item, f)
            for f in ("number", "title", "purpose", "presenting", "is_exempt", "exempt_reason", "version")
        }
        initial["priorities"] = list(item.priorities.all())
    form = AgendaItemForm(request.POST or None, body=body, initial=initial)
    if request.method == "POST":

        def save(d):
            if item is None:
                d.pop("version", None)
                return services.agenda_item_add(meeting=meeting, user=request.user, **d)
            return services.agenda_item_edit(item=item, expected_version=d.pop("version") or 0, user=request.user, **d)

        if run_service(form, save):
            messages.success(request, "Agenda item saved.")
            return redirect("meetings_staff:meeting", body.slug, meeting.pk)
    heading = f"Edit item {item.number}" if item else "Add an agenda item"
    return render(
        request,
        "meetings/staff/form.html",
        _ctx(
            request,
            body,
            form=form,
            heading=heading,
            meeting=meeting,
            history_obj=item,
            history_model="meetings.agendaitem",
            upload_url=reverse("documents_staff:upload", args=[body.slug, "item", item.pk]) if item else "",
            upload_label=f"Upload a paper for item {item.number}" if item else "",
        ),
    )


@body_staff_view(CLERK_ROLES)
def report_edit(request: HttpRequest, body: Body, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(body, pk)
    item = _item(meeting, item_pk)
    report = Report.objects.filter(agenda_item=item).prefetch_related("documents", "priorities").first()
    initial = {"title": item.title, "report_date": meeting.date, "to": meeting.committee.name}
    if report:
        initial = {f: getattr(report, f) for f in (*services.REPORT_FIELDS, "version")}
        initial["background_documents"] = "\n".join(
            f"{d['title']} | {d['url']}" if d.get("url") else d["title"] for d in report.background_documents
        )
        initial["priorities"] = list(report.priorities.all())
    form = ReportForm(request.POST or None, request.FILES or None, body=body, initial=initial)
    if request.method == "POST":

        def save(d):
            upload, upload_title = d.pop("attachment"), d.pop("attachment_title")
            version, priorities = d.pop("version"), d.pop("priorities")
            return services.report_save(
                body=body,
                agenda_item=item,
                report=report,
                fields=d,
                priorities=priorities,
                expected_version=version,
                attachment=upload or None,
                attachment_title=upload_title,
                user=request.user,
            )

        if run_service(form, save):
            messages.success(request, "Report saved.")
            return redirect("meetings_staff:meeting", body.slug, meeting.pk)
    return render(
        request,
        "meetings/staff/form.html",
        _ctx(
            request,
            body,
            form=form,
            heading=f"Report for item {item.number}: {item.title}",
            meeting=meeting,
            multipart=True,
            history_obj=report,
            history_model="meetings.report",
            files=list(report.documents.all()) if report else [],
            upload_url=reverse("documents_staff:upload", args=[body.slug, "report", report.pk]) if report else "",
            upload_label="Upload a paper for this report" if report else "",
        ),
    )


@body_staff_view(CLERK_ROLES)
def minutes(request: HttpRequest, body: Body, pk: int, item_pk: int) -> HttpResponse:
    meeting = _meeting(body, pk)
    item = _item(meeting, item_pk)
    which = request.POST.get("form")
    minutes_form = MinutesForm(
        request.POST if which == "minutes" else None,
        initial={
            f: getattr(item, f) for f in ("minutes", "resolution", "resolution_text", "resolution_reasons", "version")
        },
    )
    question_form = QuestionForm(request.POST if which == "question" else None)
    if which == "minutes" and run_service(
        minutes_form,
        lambda d: services.minutes_record(item=item, expected_version=d.pop("version") or 0, user=request.user, **d),
    ):
        messages.success(request, f"Minute of item {item.number} saved.")
        return redirect("meetings_staff:meeting", body.slug, meeting.pk)
    if which == "question" and run_service(
        question_form, lambda d: services.question_add(item=item, user=request.user, **d)
    ):
        messages.success(request, "Question recorded.")
        return redirect("meetings_staff:minutes", body.slug, meeting.pk, item.pk)
    return render(
        request,
        "meetings/staff/minutes.html",
        _ctx(
            request,
            body,
            meeting=meeting,
            item=item,
            minutes_form=minutes_form,
            question_form=question_form,
            questions=list(item.questions.all()),
        ),
    )


def _roster_initial(roster: selectors.Roster) -> tuple[list[dict], list[dict]]:
    def written_for(row: Attendance | None) -> str:
        # A "for" from old minutes that names nobody on the roster is kept as written.
        if row is None or row.kind != Attendance.Kind.SUBSTITUTE or row.substitute_for_member_id:
            return ""
        return row.substitute_for

    members = [
        {
            "member": r.member.pk,
            "kind": r.row.kind if r.row else "",
            "substitute_for": str(r.row.substitute_for_member_id or "") if r.row else "",
            "substitute_for_name": written_for(r.row),
            "declarations": r.row.declarations if r.row else "",
        }
        for r in roster.members
    ]
    others = [
        {
            "name": o.name,
            "kind": o.kind,
            "role": o.role,
            "representing": o.representing,
            "substitute_for": str(o.substitute_for_member_id or ""),
            "substitute_for_name": written_for(o),
            "declarations": o.declarations,
        }
        for o in roster.others
    ]
    return members, others


def _apply_attendance_errors(exc: ValidationError, member_forms, other_lines, problems: list) -> None:
    """Put the service's errors (keyed ``members.<n>.<field>`` / ``others.<n>.<field>``) on the
    lines and fields they are about; anything else goes to the summary as it is."""
    for key, messages_ in exc.message_dict.items():
        group, _, rest = key.partition(".")
        number, _, field = rest.partition(".")
        lines = member_forms.forms if group == "members" else other_lines if group == "others" else None
        if lines is not None and number.isdigit() and int(number) < len(lines):
            lines[int(number)].add_line_error(field, " ".join(messages_))
        else:
            problems.extend((m, "") for m in messages_)


def _roster_forms(data, roster: selectors.Roster, members: list, version: int, taken: bool):
    initial_members, initial_others = _roster_initial(roster)
    return (
        RosterMemberFormSet(data, prefix="members", initial=initial_members, form_kwargs={"roster": members}),
        RosterOtherFormSet(data, prefix="others", initial=initial_others, form_kwargs={"roster": members}),
        RosterVersionForm(data, initial={"version": version, "declarations_taken": taken}),
    )


@body_staff_view(CLERK_ROLES)
def attendance(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    """The roster: every current member with present, apologies, absent or substitute (and for
    whom) and their declarations, then officers and others present; saved in one go. Errors are
    listed at the top, each linked to its field, and shown beside the field."""
    roster = selectors.attendance_roster(body=body, pk=pk)
    meeting = roster.meeting
    members = [r.member for r in roster.members]
    data = request.POST if request.method == "POST" else None
    # Declarations were asked for when the roster recorded so before, or it is being recorded
    # afresh; attendance copied from old minutes never said, so it is not assumed.
    recorded = bool(roster.others) or any(r.row for r in roster.members)
    taken = meeting.declarations_recorded_at is not None or not recorded
    member_forms, other_forms, version_form = _roster_forms(data, roster, members, meeting.version, taken)
    problems: list[tuple[str, str]] = []  # (message, "#id of the field" or "")
    if request.method == "POST":
        complete = (
            member_forms.management_form.is_valid()
            and other_forms.management_form.is_valid()
            and version_form.is_valid()
        )
        by_pk = {m.pk: m for m in members}
        if not complete:
            # Nothing posted can be trusted: say so, and offer the roster as it is recorded.
            problems.append((INCOMPLETE_FORM, ""))
            member_forms, other_forms, version_form = _roster_forms(None, roster, members, meeting.version, taken)
        else:
            valid = member_forms.is_valid() & other_forms.is_valid()
            posted = [f.cleaned_data.get("member") for f in member_forms.forms]
            other_lines = [f for f in other_forms.forms if not f.is_blank] if valid else []
            if None in posted:
                problems.append((INCOMPLETE_FORM, ""))
            elif len(posted) != len(members) or set(posted) != set(by_pk):
                problems.append(
                    ("The committee's members changed while you were recording: check the roster again.", "")
                )
            elif valid:
                try:
                    services.attendance_save(
                        meeting=meeting,
                        expected_version=version_form.cleaned_data["version"],
                        members=[
                            {**f.cleaned_data, "member": by_pk[f.cleaned_data["member"]]} for f in member_forms.forms
                        ],
                        others=[f.cleaned_data for f in other_lines],
                        declarations_taken=version_form.cleaned_data["declarations_taken"],
                        user=request.user,
                    )
                except ConflictError as exc:
                    problems.append((str(exc), ""))
                except ValidationError as exc:
                    _apply_attendance_errors(exc, member_forms, other_lines, problems)
                else:
                    messages.success(request, "Attendance saved.")
                    return redirect("meetings_staff:meeting", body.slug, meeting.pk)
            for r, form in zip(roster.members, member_forms.forms, strict=False):
                problems.extend(form.error_links(r.member.person.name))
            for n, form in enumerate(other_forms.forms, start=1):
                name = (form.cleaned_data.get("name") or "").strip() if hasattr(form, "cleaned_data") else ""
                problems.extend(form.error_links(name or f"Other person {n}"))
    return render(
        request,
        "meetings/staff/attendance.html",
        _ctx(
            request,
            body,
            meeting=meeting,
            lines=list(zip(roster.members, member_forms.forms, strict=False)),
            member_forms=member_forms,
            other_forms=other_forms,
            version_form=version_form,
            problems=problems,
            before=meeting.date > timezone.localdate(),
        ),
    )


@body_staff_view(STAFF_ROLES)
def actions(request: HttpRequest, body: Body) -> HttpResponse:
    filters = {k: request.GET.get(k, "").strip() for k in ("committee", "status")}
    log = selectors.action_staff_list(body=body, page=request.GET.get("page", ""), **filters)
    return render(
        request,
        "meetings/staff/actions.html",
        _ctx(request, body, log=log, filters=filters, staff_links=True, query=query_without_page(request)),
    )


@body_staff_view(CLERK_ROLES)
def action_create(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    meeting = _meeting(body, pk)
    item_pk = request.GET.get("item")
    form = ActionForm(request.POST or None, meeting=meeting, initial={"agenda_item": item_pk} if item_pk else None)
    if request.method == "POST":
        action = run_service(form, lambda d: services.action_raise(meeting=meeting, user=request.user, **d))
        if action:
            messages.success(request, f"Action {action.number} raised.")
            return redirect("meetings_staff:meeting", body.slug, meeting.pk)
    return render(
        request, "meetings/staff/form.html", _ctx(request, body, form=form, heading="Raise an action", meeting=meeting)
    )


@body_staff_view(STAFF_ROLES)
def action_detail(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    action = selectors.action_staff_get(body=body, pk=pk)
    which = request.POST.get("form")
    update_form = ActionUpdateForm(request.POST if which == "update" else None)
    close_form = ActionCloseForm(request.POST if which == "close" else None)
    if request.method == "POST":
        if not has_role(request.user, body, CLERK_ROLES):
            raise PermissionDenied("Your role at this body lets you read this page but not change it.")
        if which == "update" and run_service(
            update_form, lambda d: services.action_update_add(action=action, user=request.user, **d)
        ):
            messages.success(request, "Update added.")
            return redirect("meetings_staff:action", body.slug, action.pk)
        if which == "close" and run_service(
            close_form, lambda d: services.action_close(action=action, user=request.user, **d)
        ):
            messages.success(request, f"Action {action.number} closed.")
            return redirect("meetings_staff:actions", body.slug)
    return render(
        request,
        "meetings/staff/action.html",
        _ctx(request, body, action=action, update_form=update_form, close_form=close_form),
    )


@body_staff_view(CLERK_ROLES)
def member_edit(request: HttpRequest, body: Body, slug: str, member_pk: int) -> HttpResponse:
    """Change a member's role, whom they represent and their dates, or end their membership."""
    committee = selectors.committee_get(body=body, slug=slug)
    member = selectors.committee_member_get(body=body, committee=committee, pk=member_pk)
    which = request.POST.get("form")
    initial = {f: getattr(member, f) for f in ("role", "representing", "start_date", "end_date", "version")}
    form = MemberEditForm(request.POST if which == "edit" else None, initial=initial)
    end_form = MemberEndForm(
        request.POST if which == "end" else None,
        initial={"version": member.version, "end_date": member.end_date},
        prefix="end",
    )
    if which == "edit" and run_service(
        form,
        lambda d: services.committee_member_edit(
            member=member, expected_version=d.pop("version") or 0, user=request.user, **d
        ),
    ):
        messages.success(request, f"{member.person.name}: membership saved.")
        return redirect("meetings_staff:committee", body.slug, committee.slug)
    if which == "end" and run_service(
        end_form,
        lambda d: services.committee_member_end(
            member=member, expected_version=d.pop("version") or 0, user=request.user, **d
        ),
    ):
        messages.success(request, f"{member.person.name}'s membership ended.")
        return redirect("meetings_staff:committee", body.slug, committee.slug)
    return render(
        request,
        "meetings/staff/member.html",
        _ctx(request, body, committee=committee, member=member, form=form, end_form=end_form),
    )


@body_staff_view(CLERK_ROLES)
def work_item_edit(request: HttpRequest, body: Body, item_pk: int) -> HttpResponse:
    """Edit a work programme item, move it to another meeting, or remove it."""
    item = selectors.work_item_get(body=body, pk=item_pk)
    committee = item.committee
    which = request.POST.get("form")
    if which == "remove":
        try:
            services.work_item_remove(
                item=item, expected_version=int(request.POST.get("version") or 0), user=request.user
            )
        except ConflictError as exc:
            messages.error(request, str(exc))
            return redirect("meetings_staff:work_item", body.slug, item.pk)
        messages.success(request, f"“{item.title}” removed from the work programme.")
        return redirect("meetings_staff:committee", body.slug, committee.slug)
    initial = {f: getattr(item, f) for f in ("meeting", "title", "responsible", "notes", "version")}
    form = WorkItemForm(request.POST or None, committee=committee, current=item.meeting, initial=initial)
    if request.method == "POST" and run_service(
        form,
        lambda d: services.work_item_edit(item=item, expected_version=d.pop("version") or 0, user=request.user, **d),
    ):
        messages.success(request, "Work programme item saved.")
        return redirect("meetings_staff:committee", body.slug, committee.slug)
    return render(
        request,
        "meetings/staff/work_item.html",
        _ctx(request, body, committee=committee, item=item, form=form),
    )


# --- the agenda pack -------------------------------------------------------------------------------


@body_staff_view(STAFF_ROLES)
def pack(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    """The meeting's agenda pack: its versions, the one being built with its progress (the page
    refreshes itself while it is), and the button to build a new version."""
    meeting = _meeting(body, pk)
    packs = selectors.agenda_pack_staff_list(meeting=meeting)
    return render(
        request,
        "meetings/staff/pack.html",
        _ctx(
            request,
            body,
            meeting=meeting,
            packs=packs,
            running=any(p.running for p in packs),
            can_build=has_role(request.user, body, CLERK_ROLES) and meeting.agenda_is_public,
            history_model="meetings.meeting",
        ),
    )


@body_staff_view(CLERK_ROLES)
@require_POST
def pack_build(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    meeting = _meeting(body, pk)
    try:
        made = services.agenda_pack_request(meeting=meeting, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Version {made.version} of the agenda pack is queued: this page shows its progress.")
    return redirect("meetings_staff:pack", body.slug, pk)


@body_staff_view(STAFF_ROLES)
def pack_file(request: HttpRequest, body: Body, pk: int, version: int) -> HttpResponse:
    from .pack import pack_file_response

    return pack_file_response(selectors.agenda_pack_get(body=body, pk=pk, version=version, public=False), public=False)
