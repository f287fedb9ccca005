"""Staff pages for generating board papers: pick a kind and its parameters, preview the paper,
download it as Word or PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from openpcc.core.models import Body
from openpcc.core.navigation import staff_page_context
from openpcc.core.permissions import CLERK_ROLES, body_staff_view

from . import render as renderer
from .forms import PaperForm
from .selectors import PaperProblem, paper_build, paper_kind_get, paper_kind_list

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", renderer.paper_docx),
    "pdf": ("application/pdf", renderer.paper_pdf),
}


def _problem_field(form: PaperForm, message: str) -> None:
    """A kind's build names the value it could not use ("round: ..."): show it on that field."""
    name, _, text = message.partition(": ")
    if name in form.fields:
        form.add_error(name, text or message)
    else:
        form.add_error(None, message)
    form.mark_errors()


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
    form = PaperForm(request.GET if wanted else None, body=body, kind=kind)
    ctx.update(kind=kind, form=form)
    if wanted and form.is_valid():
        data = form.cleaned_data
        try:
            paper = paper_build(
                body=body,
                user=request.user,
                key=kind.key,
                values={name: data.get(name) for name in form.param_names},
                frame=data,
                private=bool(data.get("private")),
            )
        except PaperProblem as problem:
            _problem_field(form, str(problem))
        else:
            if wanted in FORMATS:
                content_type, make = FORMATS[wanted]
                response = HttpResponse(make(paper), content_type=content_type)
                response["Content-Disposition"] = f'attachment; filename="{renderer.paper_filename(paper, wanted)}"'
                return response
            ctx["preview"] = renderer.paper_html(paper, level=3)  # under the page's h1 and "Preview" h2
            query = request.GET.copy()
            query.pop("format", None)
            ctx["query"] = query
    return render(request, "boardpapers/staff/generate.html", ctx)
