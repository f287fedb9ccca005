"""Staff pages for generating board papers: pick a kind and its parameters, preview the paper,
download it as Word or PDF, or keep it with a report, agenda item or meeting as a new version;
the papers kept and each one's versions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from openpcc.core.board_paper import CLASSIFICATIONS, Paper
from openpcc.core.forms import apply_service_errors
from openpcc.core.models import Body
from openpcc.core.navigation import staff_page_context
from openpcc.core.paging import query_without_page
from openpcc.core.permissions import CLERK_ROLES, body_staff_view
from openpcc.core.registry import BoardPaperKind

from . import render as renderer
from .forms import PaperForm, SaveForm
from .render import PaperLook
from .selectors import (
    PaperProblem,
    paper_build,
    paper_kind_get,
    paper_kind_list,
    place_choices,
    place_get,
    saved_paper_list,
    saved_paper_versions,
)
from .services import generated_paper_save
from .style_selectors import paper_look_for, paper_style_get
from .style_views import look_css_url

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", renderer.paper_docx),
    "pdf": ("application/pdf", renderer.paper_pdf),
}
NOT_THE_PAPER = ("format", "place", "word", "csrfmiddlewaretoken")  # what the save form adds to the paper's values


def _problem_field(form: PaperForm, message: str) -> None:
    """A kind's build names the value it could not use ("round: ..."): show it on that field."""
    name, _, text = message.partition(": ")
    if name in form.fields:
        form.add_error(name, text or message)
    else:
        form.add_error(None, message)
    form.mark_errors()


def _paper(request: HttpRequest, body: Body, kind: BoardPaperKind, form: PaperForm) -> Paper | None:
    """The paper the form asks for, or None with the problem shown on the form."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return paper_build(
            body=body,
            user=request.user,
            key=kind.key,
            values={name: data.get(name) for name in form.param_names},
            frame=data,
            private=bool(data.get("private")),
        )
    except PaperProblem as problem:
        _problem_field(form, str(problem))
        return None


def _paper_query(data: QueryDict) -> QueryDict:
    query = data.copy()
    for name in NOT_THE_PAPER:
        query.pop(name, None)
    return query


def _preview(ctx: dict, body: Body, paper: Paper, look: PaperLook) -> None:
    ctx["preview"] = renderer.paper_html(paper, level=3, look=look)  # under the page's h1 and "Preview" h2
    ctx["css_url"] = look_css_url(body, look) if look.styled else ""


@body_staff_view(CLERK_ROLES)
def generate(request: HttpRequest, body: Body) -> HttpResponse:
    kinds = paper_kind_list(body=body, user=request.user)
    key = request.GET.get("kind", "")
    ctx = staff_page_context(request, body, edit_roles=CLERK_ROLES, kinds=kinds, kind=None, form=None, preview="")
    if not key:
        return render(request, "boardpapers/staff/generate.html", ctx)
    try:
        kind = paper_kind_get(body=body, user=request.user, key=key)
    except PaperProblem as problem:
        ctx["kind_error"] = str(problem).partition(": ")[2]
        return render(request, "boardpapers/staff/generate.html", ctx)
    wanted = request.GET.get("format", "")
    style = paper_style_get(body=body)
    marking = style.classification if style is not None else CLASSIFICATIONS[0]
    form = PaperForm(request.GET if wanted else None, body=body, kind=kind, marking=marking)
    ctx.update(kind=kind, form=form)
    paper = _paper(request, body, kind, form) if wanted else None
    if paper is not None:
        look = paper_look_for(body=body)  # the body's paper style
        if wanted in FORMATS:
            content_type, make = FORMATS[wanted]
            response = HttpResponse(make(paper, look=look), content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{renderer.paper_filename(paper, wanted)}"'
            return response
        _preview(ctx, body, paper, look)
        ctx["query"] = _paper_query(request.GET)
        ctx["save_form"] = SaveForm(places=place_choices(body=body, private=paper.frame.private))
    return render(request, "boardpapers/staff/generate.html", ctx)


@body_staff_view(CLERK_ROLES)
@require_POST
def save(request: HttpRequest, body: Body) -> HttpResponse:
    """Keep the paper previewed with the place chosen: a new version, or "no change"."""
    kinds = paper_kind_list(body=body, user=request.user)
    ctx = staff_page_context(request, body, edit_roles=CLERK_ROLES, kinds=kinds, kind=None, form=None, preview="")
    try:
        kind = paper_kind_get(body=body, user=request.user, key=request.POST.get("kind", ""))
    except PaperProblem as problem:
        ctx["kind_error"] = str(problem).partition(": ")[2]
        return render(request, "boardpapers/staff/generate.html", ctx)
    form = PaperForm(request.POST, body=body, kind=kind)
    ctx.update(kind=kind, form=form)
    paper = _paper(request, body, kind, form)
    if paper is None:
        return render(request, "boardpapers/staff/generate.html", ctx)
    save_form = SaveForm(request.POST, places=place_choices(body=body, private=paper.frame.private))
    if save_form.is_valid():
        parent = place_get(body=body, value=save_form.cleaned_data["place"])
        if parent is None:
            save_form.add_error(
                "place", f"Choose a report, agenda item or meeting of {body.display_name} from the list."
            )
            save_form.mark_errors()
        else:
            data = form.cleaned_data
            try:
                kept = generated_paper_save(
                    body=body,
                    paper=paper,
                    parameters={name: data.get(name) for name in form.param_names},
                    parent=parent,
                    user=request.user,
                    word=save_form.cleaned_data["word"],
                )
            except ValidationError as problem:
                apply_service_errors(save_form, problem)
            else:
                v = kept.version
                if kept.saved:
                    messages.success(request, f"Version {v.version} of “{v.title}” is saved.")
                else:
                    messages.info(
                        request,
                        f"No change: the paper says what version {v.version} says, so no new version was saved.",
                    )
                return redirect("boardpapers_staff:versions", body.slug, v.pk)
    _preview(ctx, body, paper, paper_look_for(body=body))
    ctx.update(query=_paper_query(request.POST), save_form=save_form)
    return render(request, "boardpapers/staff/generate.html", ctx)


@body_staff_view(CLERK_ROLES)
def saved(request: HttpRequest, body: Body) -> HttpResponse:
    papers = saved_paper_list(body=body, user=request.user, page=request.GET.get("page", ""))
    ctx = staff_page_context(
        request, body, edit_roles=CLERK_ROLES, papers=papers, page_query=query_without_page(request)
    )
    return render(request, "boardpapers/staff/saved.html", ctx)


@body_staff_view(CLERK_ROLES)
def versions(request: HttpRequest, body: Body, pk: int) -> HttpResponse:
    found = saved_paper_versions(body=body, user=request.user, pk=pk)
    return render(
        request,
        "boardpapers/staff/versions.html",
        staff_page_context(request, body, edit_roles=CLERK_ROLES, found=found),
    )
