"""Staff pages for archive import: upload, progress, and the review queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from openpcc.core.forms import apply_service_errors
from openpcc.core.models import Body
from openpcc.core.navigation import staff_page_context
from openpcc.core.permissions import CLERK_ROLES, body_staff_view
from openpcc.core.writing import ConflictError

from . import selectors, services
from .forms import ReviewForm, UploadForm, initial_for
from .models import ImportBatch, Proposal


@body_staff_view(CLERK_ROLES)
def index(request: HttpRequest, body: Body) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_from_upload(body=body, upload=form.cleaned_data["file"], user=request.user)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, f"{batch.source_name} is being read: the proposals appear below as each file is done."
            )
            return redirect("imports_staff:batch", body.slug, batch.pk)
    return render(
        request,
        "imports/staff/index.html",
        staff_page_context(request, body, form=form, batches=selectors.batch_list(body)),
    )


@body_staff_view(CLERK_ROLES)
def batch(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    batch = selectors.batch_get(body, pk)
    return render(
        request,
        "imports/staff/batch.html",
        staff_page_context(
            request,
            body,
            batch=batch,
            files=selectors.import_file_list(batch),
            running=batch.status != ImportBatch.Status.DONE,
        ),
    )


@body_staff_view(CLERK_ROLES)
def file_review(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    row = selectors.import_file_get(body, pk)
    status = request.GET.get("status", "")
    if status not in Proposal.Status.values:
        status = ""
    proposals = selectors.proposal_list(row, status)
    return render(
        request,
        "imports/staff/file.html",
        staff_page_context(request, body, file=row, proposals=proposals, status=status),
    )


@body_staff_view(CLERK_ROLES)
def proposal(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    item = selectors.proposal_get(body, pk)
    plans, rounds = selectors.plan_choice_list(body) if item.kind == Proposal.Kind.PLAN_ROW else ([], [])
    form = ReviewForm(request.POST or None, proposal=item, plans=plans, rounds=rounds, initial=initial_for(item))
    if request.method == "POST" and item.status == Proposal.Status.PENDING:
        action = request.POST.get("action", "save")
        expected = int(request.POST.get("version") or 0)
        outcome = _review(request, form, item, action, expected)
        if outcome is not None:
            return outcome
    return render(
        request,
        "imports/staff/proposal.html",
        staff_page_context(
            request,
            body,
            proposal=item,
            form=form,
            page_text=selectors.page_text_get(item),
            children=list(item.children.order_by("order")) if item.kind == Proposal.Kind.MEETING else [],
        ),
    )


def _review(request: HttpRequest, form: ReviewForm, item: Proposal, action: str, expected: int):
    body = item.body
    if action == "reject":
        try:
            services.proposal_reject(
                proposal=item, expected_version=expected, note=request.POST.get("note", ""), user=request.user
            )
        except ConflictError:
            form.add_error(None, "Someone else changed this proposal while you were looking at it. Check it again.")
            return None
        messages.success(request, f"Rejected: {item.label}.")
        return _next(body, item)
    if not form.is_valid():
        return None
    try:
        with transaction.atomic():
            saved = services.proposal_edit(
                proposal=item, expected_version=expected, data=form.data_for_service(), user=request.user
            )
            if action == "accept":
                saved = services.proposal_accept(
                    proposal=saved, expected_version=saved.version, user=request.user, options=form.options()
                )
    except ConflictError:
        form.add_error(
            None, "Someone else changed this proposal while you were looking at it. Reload it to see their changes."
        )
        return None
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
        return None
    if action == "accept":
        messages.success(request, f"Accepted: {saved.record_label}. It is not published.")
        return _next(body, saved)
    messages.success(request, "Your corrections are saved.")
    return redirect("imports_staff:proposal", body.slug, item.pk)


def _next(body: Body, item: Proposal):
    following = selectors.proposal_next_get(item)
    if following is not None:
        return redirect("imports_staff:proposal", body.slug, following.pk)
    return redirect("imports_staff:file", body.slug, item.file_id)
