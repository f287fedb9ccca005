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
from django.views.decorators.http import require_POST

from openpcc.core.forms import run_service
from openpcc.core.models import Body
from openpcc.core.navigation import staff_page_context
from openpcc.core.paging import query_without_page
from openpcc.core.permissions import CLERK_ROLES, STAFF_ROLES, body_staff_view, has_role

from . import selectors, services
from .extensions import meeting_actions
from .forms import (
    ActionCloseForm,
    ActionForm,
    ActionUpdateForm,
    AgendaItemForm,
    ApproveMinutesForm,
    AttendanceForm,
    CommitteeForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    QuestionForm,
    ReportForm,
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
            work_form, lambda d: services.work_item_add(committee=committee, user=request.user, **d)
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
            block=programme[0] if programme else None,
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


@body_staff_view(STAFF_ROLES)
def meeting_detail(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    detail = selectors.meeting_staff_get(body=body, pk=pk)
    can_edit = has_role(request.user, body, CLERK_ROLES)
    return render(
        request,
        "meetings/staff/meeting.html",
        _ctx(
            request,
            body,
            detail=detail,
            public=False,
            staff_actions=can_edit,
            attendance_form=AttendanceForm(),
            approve_form=ApproveMinutesForm(meeting=detail.meeting),
            history_model="meetings.meeting",
            meeting_actions=[
                {"label": a.label, "url": reverse(a.url_name, args=[body.slug, pk])}
                for a in meeting_actions()
                if a.shown(detail.meeting, body)
            ],
        ),
    )


@body_staff_view(CLERK_ROLES)
@require_POST
def meeting_state(request: HttpRequest, body: Body, pk: int, action: str) -> HttpResponse:
    meeting = _meeting(body, pk)
    try:
        if action == "publish_agenda":
            meeting = services.agenda_publish(meeting=meeting, user=request.user)
            detail = selectors.meeting_staff_get(body=body, pk=pk)
            note = (
                " These papers are late: fewer than five clear working days before the meeting." if detail.late else ""
            )
            messages.success(request, "The agenda and papers are public." + note)
        elif action == "publish_minutes":
            services.minutes_publish_draft(meeting=meeting, user=request.user)
            messages.success(request, "The draft minutes are public.")
        elif action == "approve_minutes":
            form = ApproveMinutesForm(request.POST, meeting=meeting)
            approved_at = form.cleaned_data["approved_at"] if form.is_valid() else None
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


@body_staff_view(CLERK_ROLES)
def attendance(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    meeting = _meeting(body, pk)
    if request.method == "POST" and request.POST.get("remove"):
        row = Attendance.objects.filter(meeting=meeting, pk=request.POST["remove"]).first()
        if row:
            services.attendance_remove(row=row, user=request.user)
            messages.success(request, f"{row.name} removed from the attendance.")
        return redirect("meetings_staff:meeting", body.slug, meeting.pk)
    form = AttendanceForm(request.POST or None)
    if request.method == "POST" and run_service(
        form, lambda d: services.attendance_add(meeting=meeting, user=request.user, **d)
    ):
        messages.success(request, "Attendance recorded.")
        return redirect("meetings_staff:meeting", body.slug, meeting.pk)
    return render(
        request,
        "meetings/staff/form.html",
        _ctx(request, body, form=form, heading="Record attendance", meeting=meeting),
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
