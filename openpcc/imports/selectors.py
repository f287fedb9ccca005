"""Reads for archive import. Staff-only: every read is scoped to one body."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from openpcc.core.models import Body
from openpcc.core.paging import Paging, paging

from .models import ImportBatch, ImportFile, Proposal
from .parsing import Lexicon


def lexicon_get(body: Body) -> Lexicon:
    """The organisations and initials the body (and the office it scrutinises) already records."""
    from openpcc.bodies.models import Organisation, Person

    organisations: dict[str, str] = {}
    for name, short in Organisation.objects.filter(body_id__in=body.plan_body_ids).values_list("name", "short_name"):
        organisations[name.lower()] = name
        if short:
            organisations.setdefault(short.lower(), name)
    initials = set(
        Person.objects.filter(body_id__in=body.plan_body_ids).exclude(initials="").values_list("initials", flat=True)
    )
    return Lexicon(organisations=organisations, initials=initials, priorities=_plan_priorities(body))


def _plan_priorities(body: Body) -> dict[str, str]:
    """Code -> title of the priorities of the body's plans (the newest plan's where codes repeat),
    for matching priorities that papers name without their codes."""
    from openpcc.plans.models import Priority

    out: dict[str, str] = {}
    rows = (
        Priority.objects.filter(plan__body_id__in=body.plan_body_ids)
        .order_by("-plan__period_end", "order", "pk")
        .values_list("code", "text")
    )
    for code, text in rows:
        out.setdefault(code, text)
    return out


def organisation_get(body: Body, name: str):
    from openpcc.bodies.models import Organisation

    name = (name or "").strip()
    return (
        Organisation.objects.filter(body=body)
        .filter(Q(name__iexact=name) | Q(short_name__iexact=name))
        .order_by("pk")
        .first()
    )


def _counts() -> dict:
    return {
        "pending": Count("proposals", filter=Q(proposals__status=Proposal.Status.PENDING)),
        "accepted": Count("proposals", filter=Q(proposals__status=Proposal.Status.ACCEPTED)),
        "rejected": Count("proposals", filter=Q(proposals__status=Proposal.Status.REJECTED)),
    }


@dataclass
class BatchPage:
    batches: list[ImportBatch]
    paging: Paging


def batch_list(body: Body, page: str | int | None = None) -> BatchPage:
    """The body's imports, newest first, a page at a time (two queries whatever the page)."""
    qs = ImportBatch.objects.for_body(body)
    pages = paging(qs.count(), page)
    batches = list(
        qs.select_related("created_by")
        .annotate(
            pending=Count("files__proposals", filter=Q(files__proposals__status=Proposal.Status.PENDING)),
            failed=Count("files", filter=Q(files__status=ImportFile.Status.FAILED), distinct=True),
            nothing=Count("files", filter=Q(files__status=ImportFile.Status.NOTHING), distinct=True),
        )
        .order_by("-created_at", "-pk")[pages.start : pages.end]
    )
    return BatchPage(batches=batches, paging=pages)


def batch_file_counts(batch: ImportBatch) -> dict[str, int]:
    """How many of the batch's files have each outcome (every status, zero where none)."""
    counts = dict.fromkeys(ImportFile.Status.values, 0)
    for status, n in batch.files.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"):
        counts[status] = n
    return counts


def stalled_after() -> timedelta:
    """How long a batch's worker may report nothing before the batch counts as stopped (a
    restart): OPENPCC_IMPORT_STALLED_SECONDS, five minutes by default, longer than any one file
    may take to read (OPENPCC_EXTRACTION_SECONDS)."""
    return timedelta(seconds=settings.OPENPCC_IMPORT_STALLED_SECONDS)


def batch_is_stalled(batch: ImportBatch, now=None) -> bool:
    """Unfinished, and its worker has reported nothing for a while: it stopped (a restart)."""
    if batch.status == ImportBatch.Status.DONE:
        return False
    last = batch.heartbeat or batch.created_at
    return last is not None and last < (now or timezone.now()) - stalled_after()


def batches_stalled(now: datetime | None = None):
    """Every body's unfinished batches whose worker has reported nothing for a while (for the
    task worker's own checks, never for a page)."""
    cutoff = (now or timezone.now()) - stalled_after()
    return (
        ImportBatch.objects.exclude(status=ImportBatch.Status.DONE)
        .filter(Q(heartbeat__lt=cutoff) | Q(heartbeat__isnull=True, created_at__lt=cutoff))
        .select_related("body")
        .order_by("pk")
    )


def imports_next_check(now: datetime | None = None) -> datetime | None:
    """When to look again at the unfinished imports that do not count as stopped yet: a moment
    after the freshest of them would (its worker may have been cut off by a quick restart); None
    when there are none (every body's: for the task worker's own checks)."""
    now = now or timezone.now()
    cutoff = now - stalled_after()
    live = ImportBatch.objects.exclude(status=ImportBatch.Status.DONE).filter(
        Q(heartbeat__gte=cutoff) | Q(heartbeat__isnull=True, created_at__gte=cutoff)
    )
    heard = live.aggregate(heard=Max(Coalesce("heartbeat", "created_at")))["heard"]
    return None if heard is None else max(heard + stalled_after(), now) + timedelta(seconds=5)


def bulk_choice_list(batch: ImportBatch) -> list[tuple[str, str, int]]:
    """(kind, its name, how many are to review) for the kinds the batch has pending."""
    labels = dict(Proposal.Kind.choices)
    rows = (
        Proposal.objects.filter(file__batch=batch, status=Proposal.Status.PENDING)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by("kind")
    )
    return [(kind, labels.get(kind, kind), n) for kind, n in rows]


def committee_suggestion_list(body: Body, name: str) -> list[str]:
    """The body's committees whose names are near ``name`` (difflib), best first."""
    from openpcc.meetings.models import Committee

    names = list(Committee.objects.filter(body=body).values_list("name", flat=True))
    lowered = {n.lower(): n for n in names}
    near = difflib.get_close_matches((name or "").strip().lower(), list(lowered), n=3, cutoff=0.6)
    return [lowered[m] for m in near]


def batch_get(body: Body, pk: int) -> ImportBatch:
    batch = ImportBatch.objects.for_body(body).select_related("created_by").filter(pk=pk).first()
    if batch is None:
        raise Http404("No such import at this body.")
    return batch


FILES_PER_PAGE = 100


def import_file_list(batch: ImportBatch, page: str | int | None = None) -> tuple[list[ImportFile], Paging]:
    """The batch's files in the archive's order, a page at a time (an archive can hold thousands);
    the batch knows how many it has, so paging costs no count."""
    pages = paging(batch.files_total, page, per_page=FILES_PER_PAGE)
    qs = batch.files.select_related("duplicate_of").defer("text", "duplicate_of__text").annotate(**_counts())
    return list(qs.order_by("order", "pk")[pages.start : pages.end]), pages


def plan_list(body: Body) -> list:
    """The body's plans, newest first (for accepting plan rows in bulk)."""
    from openpcc.plans.models import Plan

    return list(Plan.objects.filter(body=body).order_by("-period_start", "title"))


def import_file_get(body: Body, pk: int) -> ImportFile:
    row = ImportFile.objects.for_body(body).select_related("batch").defer("text").filter(pk=pk).first()
    if row is None:
        raise Http404("No such imported file at this body.")
    return row


def proposal_list(row: ImportFile, status: str = "") -> list[Proposal]:
    qs = row.proposals.select_related("parent", "reviewed_by").order_by("order", "pk")
    if status:
        qs = qs.filter(status=status)
    return list(qs)


def proposal_get(body: Body, pk: int) -> Proposal:
    proposal = (
        Proposal.objects.for_body(body)
        .select_related("file", "file__batch", "parent", "reviewed_by")
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404("No such proposal at this body.")
    return proposal


def proposal_next_get(proposal: Proposal) -> Proposal | None:
    return (
        Proposal.objects.filter(file=proposal.file, status=Proposal.Status.PENDING, order__gt=proposal.order)
        .order_by("order", "pk")
        .first()
        or Proposal.objects.filter(file=proposal.file, status=Proposal.Status.PENDING)
        .exclude(pk=proposal.pk)
        .order_by("order", "pk")
        .first()
    )


def file_text_get(row: ImportFile) -> list[str]:
    """The file's extracted text, a page at a time."""
    text = ImportFile.objects.filter(pk=row.pk).values_list("text", flat=True).first() or ""
    return text.split("\f") if text else []


def meeting_proposal_list(row: ImportFile) -> list[Proposal]:
    """The file's proposed meetings still open to parts (for a reviewer's new minute item)."""
    return list(
        row.proposals.filter(kind=Proposal.Kind.MEETING)
        .exclude(status=Proposal.Status.REJECTED)
        .order_by("order", "pk")
        .only("pk", "label", "status", "file_id")
    )


def part_list(proposal: Proposal) -> list[Proposal]:
    """A proposed meeting's parts still to review, in the paper's order."""
    return list(proposal.children.filter(status=Proposal.Status.PENDING).order_by("order", "pk"))


def page_text_get(proposal: Proposal) -> str:
    row = ImportFile.objects.filter(pk=proposal.file_id).only("text").first()
    return row.page_text(proposal.page) if row else ""


def plan_choice_list(body: Body) -> tuple[list, list]:
    """(plans, open rounds) of the body, for accepting plan rows."""
    from openpcc.plans.models import Plan, ReportingRound

    plans = list(Plan.objects.filter(body=body).order_by("-period_start", "title"))
    rounds = list(
        ReportingRound.objects.filter(plan__body=body, state=ReportingRound.State.OPEN, publication_status="draft")
        .select_related("plan")
        .order_by("plan", "-period_start")
    )
    return plans, rounds
