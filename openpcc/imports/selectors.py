"""Reads for archive import. Staff-only: every read is scoped to one body."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404

from openpcc.core.models import Body

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
    return Lexicon(organisations=organisations, initials=initials)


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


def batch_list(body: Body, limit: int = 50) -> list[ImportBatch]:
    return list(
        ImportBatch.objects.for_body(body)
        .select_related("created_by")
        .annotate(
            pending=Count("files__proposals", filter=Q(files__proposals__status=Proposal.Status.PENDING)),
            failed=Count("files", filter=Q(files__status=ImportFile.Status.FAILED), distinct=True),
        )[:limit]
    )


def batch_get(body: Body, pk: int) -> ImportBatch:
    batch = ImportBatch.objects.for_body(body).select_related("created_by").filter(pk=pk).first()
    if batch is None:
        raise Http404("No such import at this body.")
    return batch


def import_file_list(batch: ImportBatch) -> list[ImportFile]:
    return list(batch.files.select_related("duplicate_of").defer("text").annotate(**_counts()).order_by("order", "pk"))


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
