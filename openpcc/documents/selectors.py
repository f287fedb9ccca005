"""Reads for documents: one paper, as the public or its body's staff may see it; the papers of a
record, where the record is shown; a body's public papers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, DateField, F, OuterRef, Prefetch, Subquery, When
from django.db.models.functions import Coalesce, Length, Substr, TruncDate
from django.http import Http404

from openpcc.core.models import Body
from openpcc.core.paging import Paging, paging
from openpcc.core.params import year_value
from openpcc.core.registry import PaperParent, paper_parent_for, paper_parents

from .models import KIND_LABELS, Document

TEXT_SHOWN = 200_000  # characters of a paper's text on its page; the file has the rest


def document_get(*, body: Body, pk: int, public: bool) -> Document:
    """The document, with ``text_head`` (the first TEXT_SHOWN characters) and ``text_length``
    instead of its whole text, which can run to millions of characters."""
    qs = (
        Document.objects.for_body(body)
        .filter(pk=pk)
        .select_related("parent_type")
        .prefetch_related("parent")
        .defer("text")
        .annotate(text_length=Length("text"), text_head=Substr("text", 1, TEXT_SHOWN))
    )
    if public:
        qs = qs.published()
    document = qs.first()
    if document is None:
        raise Http404("No such document.")
    kind = document.parent_kind
    document.parent_label = kind.label(document.parent) if kind else ""
    document.parent_url = (kind.public_url if public else kind.staff_url)(document.parent) if kind else None
    return document


# --- papers where their records are shown ----------------------------------------------------------


def papers_prefetch(to_attr: str = "papers") -> Prefetch:
    """The papers of each of a list of records (agenda items under a meeting), loaded with them in
    one query, without their text. A page that shows the records only where their papers are
    public (a public agenda item) may show these as they are."""
    return Prefetch("documents", queryset=Document.objects.defer("text").order_by("uploaded_at", "id"), to_attr=to_attr)


def papers_of(record, *, public: bool) -> list[Document]:
    """The papers attached to one record (a meeting, a decision), oldest first, without their
    text; the public only ever gets those the papers' public rule allows."""
    qs = (
        Document.objects.filter(parent_type=ContentType.objects.get_for_model(type(record)), parent_id=record.pk)
        .defer("text")
        .order_by("uploaded_at", "id")
    )
    return list(qs.published() if public else qs)


# --- a body's papers -------------------------------------------------------------------------------

FILE_TYPES = KIND_LABELS
TITLE_CHARS = 100


@dataclass
class PaperRow:
    document: Document
    date: date | None
    parent_label: str
    parent_url: str | None
    parent_kind: str


@dataclass
class PaperList:
    rows: list[PaperRow]
    paging: Paging
    parents: dict[str, str]  # the kinds of record papers belong to: key -> label
    file_types: dict[str, str]
    years: list[int]
    filtered: bool
    errors: dict[str, str] = field(default_factory=dict)  # filters that could not be used, and why


def _parent_label(parent: PaperParent) -> str:
    return str(parent.model._meta.verbose_name).capitalize()


def _paper_date() -> Coalesce | Case:
    """Each paper's date: its parent's (the meeting's, the decision's), else when it was uploaded."""
    whens = [
        When(
            parent_type=ContentType.objects.get_for_model(p.model),
            then=Subquery(p.model._default_manager.filter(pk=OuterRef("parent_id")).values(p.date_path)[:1]),
        )
        for p in paper_parents()
        if p.date_path
    ]
    uploaded = TruncDate("uploaded_at")
    return Coalesce(Case(*whens, output_field=DateField()), uploaded) if whens else uploaded


def document_public_list(
    *, body: Body, parent: str = "", year: str = "", q: str = "", file_type: str = "", page: str = ""
) -> PaperList:
    """A body's public papers, newest first (by the date of what they belong to), filtered by the
    kind of record they belong to, year, words of their title and file type; a page of them with
    what each belongs to, in a fixed number of queries."""
    kinds = {p.key: p for p in paper_parents()}
    qs = (
        Document.objects.for_body(body)
        .published()
        .defer("text")
        .select_related("parent_type")
        .annotate(paper_date=_paper_date())
    )
    years = sorted({d.year for d in qs.order_by().values_list("paper_date", flat=True).distinct() if d}, reverse=True)
    errors = {}
    chosen = kinds.get(parent)
    if parent and not chosen:
        errors["parent"] = "Choose what the papers belong to from the list"
    if chosen:
        qs = qs.filter(parent_type=ContentType.objects.get_for_model(chosen.model))
    wanted_year = year_value(year)
    if year and not wanted_year:
        errors["year"] = "Year must be a year, such as 2017"
    if file_type and file_type not in FILE_TYPES:
        errors["type"] = "Choose a file type from the list"
    if wanted_year:
        qs = qs.filter(paper_date__gte=date(wanted_year, 1, 1), paper_date__lte=date(wanted_year, 12, 31))
    words = q.split()[:10]
    for word in words:
        qs = qs.filter(title__icontains=word[:TITLE_CHARS])
    if file_type in FILE_TYPES:
        qs = qs.filter(kind=file_type)
    shown = paging(qs.count(), page)
    documents = list(qs.order_by(F("paper_date").desc(nulls_last=True), "-uploaded_at", "-id")[shown.start : shown.end])
    # the records they belong to: one query per kind of record (whatever this page holds, so the
    # count is the same on every page), with what their labels and addresses need
    by_type: dict[int, list[int]] = defaultdict(list)
    for d in documents:
        by_type[d.parent_type_id].append(d.parent_id)
    found: dict[tuple[int, int], object] = {}
    for kind in kinds.values():
        type_id = ContentType.objects.get_for_model(kind.model).pk
        records = kind.model._default_manager.filter(pk__in=by_type.get(type_id) or [0]).select_related(*kind.related)
        for record in records:
            found[(type_id, record.pk)] = record
    rows = []
    for d in documents:
        record = found.get((d.parent_type_id, d.parent_id))
        kind = paper_parent_for(d.parent_type.model_class())
        rows.append(
            PaperRow(
                document=d,
                date=d.paper_date,
                parent_label=kind.label(record) if kind and record else "",
                parent_url=kind.public_url(record) if kind and record else None,
                parent_kind=_parent_label(kind) if kind else "",
            )
        )
    return PaperList(
        rows=rows,
        paging=shown,
        parents={key: _parent_label(p) for key, p in kinds.items()},
        file_types=FILE_TYPES,
        years=years,
        filtered=bool(chosen or wanted_year or words or file_type in FILE_TYPES),
        errors=errors,
    )


def body_home_section(*, body: Body) -> dict | None:
    """A body's home page: its newest public papers and a link to them all (core.registry)."""
    papers = document_public_list(body=body)
    return {"papers": papers.rows[:5], "total": papers.paging.total} if papers.rows else None
