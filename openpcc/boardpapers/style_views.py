"""The paper style page of a body's administrator: set the logo, colours, font, footer, marking
and Word template, see a sample paper in the style (on the page, as PDF, as Word) before and after
saving, and the style's history."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from openpcc.core.forms import apply_service_errors
from openpcc.core.models import Body
from openpcc.core.navigation import staff_page_context
from openpcc.core.permissions import ADMIN_ROLES, CLERK_ROLES, body_staff_view
from openpcc.core.writing import ConflictError

from . import render as renderer
from .render import PaperLook, TemplateProblem
from .style_forms import PaperStyleForm
from .style_selectors import paper_look, paper_style_get, paper_style_history, sample_paper
from .style_services import paper_style_check, paper_style_save

FORMATS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", renderer.paper_docx),
    "pdf": ("application/pdf", renderer.paper_pdf),
}


def look_css_url(body: Body, look: PaperLook) -> str:
    """The address of a paper style's stylesheet (``style_css``), for a page showing a paper in it
    (pages may not carry inline styles: the Content-Security-Policy allows 'self' only)."""
    query = urlencode({"h": look.heading, "a": look.accent, "f": look.font})
    return f"{reverse('boardpapers_staff:style_css', args=[body.slug])}?{query}"


@body_staff_view(CLERK_ROLES)
def style_css(request: HttpRequest, body: Body) -> HttpResponse:
    """A paper style's colours and font as a stylesheet, written from checked values only:
    anything that is not #rrggbb or a plain font name is left out."""

    def colour(key: str) -> str:
        value = request.GET.get(key, "")
        return value if value.startswith("#") else f"#{value}"

    look = PaperLook(heading_colour=colour("h"), accent_colour=colour("a"), font_family=request.GET.get("f", ""))
    response = HttpResponse(renderer.look_css(look), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _download(paper, look: PaperLook, fmt: str) -> HttpResponse:
    content_type, make = FORMATS[fmt]
    response = HttpResponse(make(paper, look=look), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="sample-paper-style.{fmt}"'
    return response


@body_staff_view(ADMIN_ROLES)
def style(request: HttpRequest, body: Body) -> HttpResponse:
    current = paper_style_get(body=body)
    initial = {
        "heading_colour": current.heading_colour if current else "#0b0c0c",
        "accent_colour": current.accent_colour if current else body.brand_colour,
        "font_family": current.font_family if current else "",
        "footer": current.footer if current else "",
        "classification": current.classification
        if current
        else PaperStyleForm.base_fields["classification"].choices[0][0],
        "version": current.version if current else None,
    }
    form = PaperStyleForm(request.POST or None, request.FILES or None, initial=initial)
    look = paper_look(current)
    classification = initial["classification"]
    unsaved = False
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "preview")
        data = form.style_input()
        try:
            if action == "save":
                paper_style_save(body=body, user=request.user, data=data, expected_version=form.cleaned_data["version"])
                messages.success(
                    request, f"The paper style of {body.display_name} is saved. Papers use it from now on."
                )
                return redirect("boardpapers_staff:style", body.slug)
            checked = paper_style_check(body=body, data=data)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            look, unsaved, classification = checked.look(current), True, data.classification
            if action in FORMATS:
                paper = sample_paper(body=body, classification=classification, today=timezone.localdate())
                try:
                    return _download(paper, look, action)
                except TemplateProblem as problem:
                    form.add_error("word_template", f"The Word template cannot be used: {problem}")
    elif request.method == "GET" and request.GET.get("format") in FORMATS:
        paper = sample_paper(body=body, classification=classification, today=timezone.localdate())
        try:
            return _download(paper, look, request.GET["format"])
        except TemplateProblem as problem:
            messages.error(request, f"The saved Word template cannot be used: {problem} Choose another.")
            return redirect("boardpapers_staff:style", body.slug)
    paper = sample_paper(body=body, classification=classification, today=timezone.localdate())
    ctx = {
        "form": form,
        "style": current,
        "unsaved": unsaved,
        "preview": renderer.paper_html(paper, level=3, look=look),  # under the h1 and the "Preview" h2
        "css_url": look_css_url(body, look),
        "entries": paper_style_history(style=current),
    }
    return render(
        request, "boardpapers/staff/style.html", staff_page_context(request, body, edit_roles=ADMIN_ROLES, **ctx)
    )
