"""Staff pages for spending over £500: the months imported, upload → mapping and preview →
import, a month's lines as imported (with the names redacted from the public), and publishing."""

from __future__ import annotations

from itertools import islice

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openpcc.core.forms import apply_service_errors
from openpcc.core.models import Body
from openpcc.core.navigation import staff_page_context
from openpcc.core.permissions import APPROVE_ROLES, EDIT_ROLES, body_staff_view
from openpcc.core.writing import ConflictError

from . import parsing, selectors, services
from .forms import MappingForm, UploadForm
from .redaction import rules as redaction_rules

PREVIEW_ROWS = 10


@body_staff_view(EDIT_ROLES)
def index(request: HttpRequest, body: Body) -> HttpResponse:
    files = selectors.file_staff_list(body=body)
    return render(request, "spending/staff/index.html", staff_page_context(request, body, files=files))


@body_staff_view(EDIT_ROLES)
def upload(request: HttpRequest, body: Body) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        if upload_file.size > selectors.upload_max_bytes():
            form.add_error("file", f"The file is larger than {selectors.upload_max_bytes() // (1024 * 1024)} MB.")
        else:
            try:
                token = services.spending_upload_stage(
                    body=body,
                    month=form.cleaned_data["first_day"],
                    name=upload_file.name,
                    data=upload_file.read(),
                    user=request.user,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("spending_staff:mapping", body.slug, token)
    return render(request, "spending/staff/upload.html", staff_page_context(request, body, form=form))


def _preview(staged: selectors.Staged, mapping: dict[str, int | None], headers: list[str]) -> list:
    table = parsing.read_table(staged.name, staged.data)
    rules = redaction_rules()
    rows = []
    for number, cells in islice(table.rows, PREVIEW_ROWS * 3):
        row = parsing.parse_row(number, cells, mapping=mapping, headers=headers, month=staged.month, rules=rules)
        if row is not None:
            rows.append(row)
        if len(rows) == PREVIEW_ROWS:
            break
    return rows


@body_staff_view(EDIT_ROLES)
def mapping(request: HttpRequest, body: Body, token: str) -> HttpResponse:
    """The columns guessed from the header names, the first rows as they would be imported, and
    the redaction rules; the officer corrects the columns, previews again, and imports."""
    staged = selectors.staged_upload_get(body=body, token=token)
    try:
        headers = parsing.read_table(staged.name, staged.data).headers
    except parsing.FileProblem as exc:
        messages.error(request, str(exc))
        return redirect("spending_staff:upload", body.slug)
    guessed = parsing.guess_mapping(headers)
    initial = {k: "" if v is None else str(v) for k, v in guessed.items()}
    form = MappingForm(request.POST or None, headers=headers, initial=initial)
    chosen = guessed
    preview: list = []
    if request.method == "POST" and form.is_valid():
        chosen = form.mapping()
        problems = parsing.mapping_problems(chosen, headers)
        if problems:
            apply_service_errors(form, ValidationError(problems))
        elif request.POST.get("action") == "import":
            try:
                made = services.spending_file_import(body=body, token=token, mapping=chosen, user=request.user)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    apply_service_errors(form, exc)
                else:
                    for message in exc.messages:
                        form.add_error(None, message)
            else:
                messages.success(
                    request,
                    f"Imported {made.row_count} line{'s' if made.row_count != 1 else ''} for {made.month:%B %Y} "
                    f"(£{made.total:,}). It is not public until an approver publishes it.",
                )
                return redirect("spending_staff:file", body.slug, made.pk)
    if not parsing.mapping_problems(chosen, headers):
        try:
            preview = _preview(staged, chosen, headers)
        except parsing.FileProblem as exc:
            form.add_error(None, str(exc))
    return render(
        request,
        "spending/staff/mapping.html",
        staff_page_context(
            request,
            body,
            form=form,
            staged=staged,
            headers=headers,
            preview=preview,
            rules=redaction_rules().describe(),
            threshold=500,
        ),
    )


@body_staff_view(EDIT_ROLES)
def file_detail(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    spending = selectors.file_staff_get(body=body, pk=pk)
    redacted_only = request.GET.get("show") == "redacted"
    lines, pages = selectors.line_staff_list(file=spending, page=request.GET.get("page"), redacted_only=redacted_only)
    return render(
        request,
        "spending/staff/file.html",
        staff_page_context(
            request,
            body,
            spending=spending,
            lines=lines,
            paging=pages,
            redacted_only=redacted_only,
            query="show=redacted" if redacted_only else "",
            rules=redaction_rules().describe(),
        ),
    )


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


@body_staff_view(APPROVE_ROLES)
@require_POST
def file_state(request: HttpRequest, body: Body, pk: int, action: str) -> HttpResponse:
    spending = selectors.file_staff_get(body=body, pk=pk)
    try:
        if action == "publish":
            services.spending_file_publish(file=spending, expected_version=_version(request), user=request.user)
            messages.success(request, f"Spending for {spending.month:%B %Y} is published.")
        else:
            services.spending_file_unpublish(
                file=spending,
                expected_version=_version(request),
                reason=request.POST.get("reason", "")[:300],
                user=request.user,
            )
            messages.success(request, f"Spending for {spending.month:%B %Y} is no longer public.")
    except ConflictError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("spending_staff:file", body.slug, pk)


@body_staff_view(EDIT_ROLES)
@require_POST
def file_remove(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    spending = selectors.file_staff_get(body=body, pk=pk)
    try:
        services.spending_file_remove(file=spending, expected_version=_version(request), user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("spending_staff:file", body.slug, pk)
    messages.success(request, f"The import for {spending.month:%B %Y} is removed: the month can be imported again.")
    return redirect("spending_staff:index", body.slug)
