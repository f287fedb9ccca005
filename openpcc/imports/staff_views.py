"""Staff pages for archive import: upload, progress, and the review queue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from openpcc.core.forms import apply_service_errors
from openpcc.core.models import Body
from openpcc.core.navigation import staff_page_context
from openpcc.core.paging import query_without_page
from openpcc.core.permissions import CLERK_ROLES, body_staff_view
from openpcc.core.writing import ConflictError

from . import selectors, services
from .forms import AcceptAllForm, BulkForm, HandProposalForm, ReviewForm, UploadForm, initial_for
from .models import READ_STATUSES, Proposal


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
    listing = selectors.batch_list(body, request.GET.get("page", ""))
    return render(
        request,
        "imports/staff/index.html",
        staff_page_context(
            request,
            body,
            form=form,
            batches=listing.batches,
            paging=listing.paging,
            query=query_without_page(request),
        ),
    )


@body_staff_view(CLERK_ROLES)
def batch(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    batch = selectors.batch_get(body, pk)
    kinds = selectors.bulk_choice_list(batch)
    plans = selectors.plan_list(body) if any(k == Proposal.Kind.PLAN_ROW for k, _, _ in kinds) else []
    bulk = BulkForm(request.POST or None, kinds=kinds, plans=plans, prefix="bulk")
    outcome = None
    if request.method == "POST" and request.POST.get("resume"):
        try:
            services.batch_resume(batch=batch, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "The reading is queued again: files already read are kept.")
        return redirect("imports_staff:batch", body.slug, batch.pk)
    if request.method == "POST" and bulk.is_valid():
        data = bulk.cleaned_data
        try:
            outcome = services.proposal_bulk_review(
                batch=batch,
                action=data["action"],
                kind=data["kind"],
                min_confidence=data["min_confidence"],
                user=request.user,
                options={"create_committee": data["create_committee"], "plan": data["plan"]},
            )
        except ValidationError as exc:
            apply_service_errors(bulk, exc)
        else:
            done = "Accepted" if data["action"] == "accept" else "Rejected"
            messages.success(
                request,
                f"{done} {len(outcome.done)} proposal{'s' if len(outcome.done) != 1 else ''}"
                + (f"; {len(outcome.failed)} could not be" if outcome.failed else "")
                + (f"; {outcome.left} more match: run it again for them" if outcome.left else "")
                + ".",
            )
            if not outcome.failed:
                return redirect("imports_staff:batch", body.slug, batch.pk)
            kinds = selectors.bulk_choice_list(batch)
            bulk = BulkForm(kinds=kinds, plans=plans, prefix="bulk")
    files, file_pages = selectors.import_file_list(batch, request.GET.get("page", ""))
    return render(
        request,
        "imports/staff/batch.html",
        staff_page_context(
            request,
            body,
            batch=batch,
            files=files,
            paging=file_pages,
            query=query_without_page(request),
            counts=selectors.batch_file_counts(batch),
            running=batch.running,
            stalled=selectors.batch_is_stalled(batch),
            bulk=bulk,
            kinds=kinds,
            outcome=outcome,
        ),
    )


@body_staff_view(CLERK_ROLES)
def file_review(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    row = selectors.import_file_get(body, pk)
    status = request.GET.get("status", "")
    if status not in Proposal.Status.values:
        status = ""
    meetings = selectors.meeting_proposal_list(row)
    form = HandProposalForm(request.POST or None, meetings=meetings, prefix="hand")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parent = next((m for m in meetings if m.pk == data["parent"]), None)
        try:
            made = services.proposal_create_from_text(
                file=row, kind=data["kind"], passage=data["passage"], fields=data, parent=parent, user=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, f"Proposed: {made.label}. Check it and accept it.")
            return redirect("imports_staff:proposal", body.slug, made.pk)
    proposals = selectors.proposal_list(row, status)
    return render(
        request,
        "imports/staff/file.html",
        staff_page_context(
            request,
            body,
            file=row,
            proposals=proposals,
            status=status,
            form=form,
            pages=selectors.file_text_get(row) if row.status in READ_STATUSES else [],
        ),
    )


@body_staff_view(CLERK_ROLES)
def proposal(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    item = selectors.proposal_get(body, pk)
    plans, rounds = selectors.plan_choice_list(body) if item.kind == Proposal.Kind.PLAN_ROW else ([], [])
    form = ReviewForm(request.POST or None, proposal=item, plans=plans, rounds=rounds, initial=initial_for(item))
    version = item.version
    if request.method == "POST" and item.status == Proposal.Status.REJECTED and request.POST.get("action") == "restore":
        try:
            services.proposal_restore(
                proposal=item, expected_version=int(request.POST.get("version") or 0), user=request.user
            )
        except (ValidationError, ConflictError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, f"Rejection undone: {item.label} is to review again.")
        return redirect("imports_staff:proposal", body.slug, item.pk)
    if request.method == "POST" and item.status == Proposal.Status.PENDING:
        action = request.POST.get("action", "save")
        expected = int(request.POST.get("version") or 0)
        outcome, version = _review(request, form, item, action, expected)
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
            version=version,
            page_text=selectors.page_text_get(item),
            children=list(item.children.order_by("order")) if item.kind == Proposal.Kind.MEETING else [],
        ),
    )


def _review(request: HttpRequest, form: ReviewForm, item: Proposal, action: str, expected: int):
    """(a redirect, or None to show the form again; the version the form now carries)."""
    body = item.body
    if action == "reject":
        try:
            services.proposal_reject(
                proposal=item, expected_version=expected, note=request.POST.get("note", ""), user=request.user
            )
        except ConflictError:
            form.add_error(None, "Someone else changed this proposal while you were looking at it. Check it again.")
            return None, expected
        messages.success(request, f"Rejected: {item.label}.")
        return _next(body, item), expected
    if not form.is_valid():
        return None, expected
    # The corrections are saved first, on their own: an accept that fails keeps them.
    try:
        saved = services.proposal_edit(
            proposal=item, expected_version=expected, data=form.data_for_service(), user=request.user
        )
    except ConflictError:
        form.add_error(
            None, "Someone else changed this proposal while you were looking at it. Reload it to see their changes."
        )
        return None, expected
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None, expected
    if action != "accept":
        messages.success(request, "Your corrections are saved.")
        return redirect("imports_staff:proposal", body.slug, item.pk), saved.version
    try:
        saved = services.proposal_accept(
            proposal=saved, expected_version=saved.version, user=request.user, options=form.options()
        )
    except ConflictError:
        form.add_error(None, "Someone else changed this proposal while you were accepting it. Check it again.")
        return None, saved.version
    except ValidationError as exc:
        apply_service_errors(form, exc)
        form.add_error(None, "Your corrections are saved, but it is not accepted yet: see what is missing.")
        return None, saved.version
    except PermissionDenied as exc:
        form.add_error(None, f"{exc} Your corrections are saved.")
        return None, saved.version
    messages.success(request, f"Accepted: {saved.record_label}. It is not published.")
    return _next(body, saved), saved.version


@body_staff_view(CLERK_ROLES)
def meeting_all(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    """A proposed meeting with all its parts on one page: correct any of them, accept them all."""
    item = selectors.proposal_get(body, pk)
    if item.kind != Proposal.Kind.MEETING:
        raise Http404("Only a proposed meeting is accepted with its parts.")
    if item.status != Proposal.Status.PENDING:
        return redirect("imports_staff:proposal", body.slug, item.pk)
    parts = selectors.part_list(item)
    post = request.POST if request.method == "POST" else None
    meeting_form = ReviewForm(post, proposal=item, initial=initial_for(item), prefix="m")
    part_forms = [(p, ReviewForm(post, proposal=p, initial=initial_for(p), prefix=f"p{p.pk}")) for p in parts]
    options = AcceptAllForm(post, prefix="o")
    chosen = {int(x) for x in request.POST.getlist("part") if x.isdigit()} if post else {p.pk for p in parts}
    if post is not None:
        forms_ok = all([meeting_form.is_valid(), options.is_valid(), *[f.is_valid() for _, f in part_forms]])
        if forms_ok:
            outcome = _accept_all(request, item, meeting_form, part_forms, options, chosen)
            if outcome is not None:
                return outcome
    return render(
        request,
        "imports/staff/meeting_all.html",
        staff_page_context(
            request,
            body,
            proposal=item,
            meeting_form=meeting_form,
            part_forms=part_forms,
            options=options,
            chosen=chosen,
            errors=[f for f in (meeting_form, options, *[f for _, f in part_forms]) if f.errors],
        ),
    )


def _accept_all(request, item, meeting_form, part_forms, options, chosen):
    body = item.body
    try:  # corrections first, kept whatever happens to the acceptance
        with transaction.atomic():
            saved = services.proposal_edit(
                proposal=item,
                expected_version=int(request.POST.get("version") or 0),
                data=meeting_form.data_for_service(),
                user=request.user,
            )
            for part, form in part_forms:
                if form.has_changed():
                    services.proposal_edit(
                        proposal=part, expected_version=part.version, data=form.data_for_service(), user=request.user
                    )
    except ConflictError:
        meeting_form.add_error(None, "Someone else changed this meeting or a part of it meanwhile. Reload the page.")
        return None
    except ValidationError as exc:
        apply_service_errors(meeting_form, exc)
        return None
    try:
        accepted = services.meeting_accept_all(
            proposal=saved,
            expected_version=saved.version,
            user=request.user,
            parts=chosen,
            options=options.options(),
        )
    except services.PartError as exc:
        form = next((f for p, f in part_forms if p.pk == exc.proposal.pk), meeting_form)
        if isinstance(exc.error, ValidationError):
            apply_service_errors(form, exc.error)
        form.add_error(None, f"{exc.messages[0]} Nothing was accepted; your corrections are saved.")
        return None
    except (ValidationError, PermissionDenied) as exc:
        if isinstance(exc, ValidationError):
            apply_service_errors(meeting_form, exc)
            if "publish_history" in getattr(exc, "error_dict", {}) or "minutes_approved" in getattr(
                exc, "error_dict", {}
            ):
                apply_service_errors(options, exc)
        else:
            meeting_form.add_error(None, str(exc))
        meeting_form.add_error(None, "Nothing was accepted; your corrections are saved.")
        return None
    made = accepted.children.filter(status=Proposal.Status.ACCEPTED).count()
    messages.success(request, f"Accepted: {accepted.record_label} with {made} of its parts. It is not published.")
    return redirect("imports_staff:proposal", body.slug, item.pk)


def _next(body: Body, item: Proposal):
    following = selectors.proposal_next_get(item)
    if following is not None:
        return redirect("imports_staff:proposal", body.slug, following.pk)
    return redirect("imports_staff:file", body.slug, item.file_id)
