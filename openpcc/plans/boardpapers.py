"""The board papers the plan tracker writes (core.registry.register_board_paper): the
delivery-monitoring appendix of a reporting round, and "We said / We did" for a plan's chapter;
and its section of the annual report (core.registry.register_annual_report_section).

A published round is written from its snapshot alone (``Snapshot.data``, frozen when the round
was published), so its paper reads the same however the plan has changed since. A round not yet
published can be written only for a private meeting, from the updates as they stand.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from openpcc.core.board_paper import (
    Appendix,
    BackgroundDocument,
    Heading,
    PaperContent,
    Paragraph,
    Section,
    StatusKey,
    Table,
    counted,
    financial_year,
    financial_year_of,
)
from openpcc.core.models import Body, Publication, prefixed_q
from openpcc.core.permissions import EDIT_ROLES
from openpcc.core.registry import (
    AnnualReportSection,
    BoardPaperKind,
    PaperParam,
    register_annual_report_section,
    register_board_paper,
)

from .models import COLOUR_LABELS, Chapter, Commitment, Objective, Plan, ReportingRound, Snapshot, Update
from .snapshots import round_snapshot

PLAN_BODIES = frozenset({Body.Kind.PCC, Body.Kind.PFCC, Body.Kind.OTHER})
APPENDIX_HEADINGS = (
    "Activity",
    "Priority for action",
    "Leads",
    "Key delivery activities",
    "Delivery status",
    "Update",
    "Wider partnership opportunities",
)


def _rounds(*, body: Body, private: bool) -> list[tuple[str, str]]:
    rounds = ReportingRound.objects.for_body(body).select_related("plan").order_by("-period_end", "-id")
    rounds = rounds if private else rounds.published()
    return [
        (
            str(r.pk),
            f"{r.plan.title}: {r.name}{'' if r.publication_status == Publication.PUBLISHED else ' (not published)'}",
        )
        for r in rounds
    ]


def _status_name(status: dict | None) -> str:
    if not status:
        return "No status reported"
    return f"{COLOUR_LABELS.get(status['colour'], status['colour'])}: {status['label']}"


def _draft_snapshot(rnd: ReportingRound) -> dict:
    """What publishing ``rnd`` now would freeze (for a private meeting's paper): the same function
    the publishing service uses, over the published rounds before it and this round's updates."""
    plan = rnd.plan
    earlier = ReportingRound.objects.filter(
        plan=plan, publication_status=Publication.PUBLISHED, period_end__lte=rnd.period_end
    ).exclude(pk=rnd.pk)
    latest: dict[int, Update] = {}
    for update in (
        Update.objects.filter(round_id__in=[*earlier.values_list("pk", flat=True), rnd.pk])
        .select_related("round", "status")
        .order_by("round__period_end", "round_id")
    ):
        latest[update.activity_id] = update
    data, _rows = round_snapshot(
        plan=plan,
        rnd=rnd,
        themes=list(plan.themes.all()),
        priorities=list(
            plan.priorities.select_related("theme", "opcc_lead").prefetch_related("delivery_leads", "activities")
        ),
        key=list(plan.statuses.all()),
        latest=latest,
        when=timezone.now(),
    )
    return data


def delivery_appendix_content(data: dict, *, round_url: str = "", plan_url: str = "") -> PaperContent:
    """The delivery-monitoring paper from a round's snapshot data and nothing else."""
    plan, rnd = data["plan"], data["round"]
    start, end = date.fromisoformat(rnd["period_start"]), date.fromisoformat(rnd["period_end"])
    period = f"{start:%-d %B %Y} to {end:%-d %B %Y}"
    priorities = [p for theme in data["themes"] for p in theme["priorities"]]
    counts = Counter(_status_name(p["status"]) for p in priorities)
    summary = [
        Paragraph(
            f"The plan has {counted(len(priorities), 'priority', 'priorities')} for action under "
            f"{counted(len(data['themes']), 'theme')}. "
            f"Appendix 1 gives each activity's delivery status and update for {rnd['name']} ({period})."
        )
    ]
    order = [_status_name(s) for s in data["status_key"]] + ["No status reported"]
    for name in sorted(counts, key=lambda n: order.index(n) if n in order else len(order)):
        summary.append(Paragraph(f"{name}: {counts[name]} of {counted(len(priorities), 'priority', 'priorities')}."))

    blocks: list = [
        StatusKey(
            "Delivery status key",
            tuple((_status_name(s), s.get("meaning") or "") for s in data["status_key"]),
        )
    ]
    for theme in data["themes"]:
        blocks.append(Heading(f"Theme {theme['code']}: {theme['name']}"))
        rows = []
        for p in theme["priorities"]:
            leads = "\n".join(
                x for x in (f"OPCC lead: {p['opcc_lead']}" if p["opcc_lead"] else "", *p["delivery_leads"]) if x
            )
            priority_cell = f"{p['code']} {p['text']}\nPriority status: {_status_name(p['status'])}"
            if not p["activities"]:
                rows.append((p["code"], priority_cell, leads, "", _status_name(p["status"]), "", ""))
            for a in p["activities"]:
                status = _status_name(a["status"])
                if a["reported_in"] and a["reported_in"] != rnd["name"]:
                    status += f" (reported in {a['reported_in']})"
                rows.append(
                    (a["code"], priority_cell, leads, a["key_delivery"], status, a["narrative"], a["wider_partnership"])
                )
        blocks.append(Table(f"Theme {theme['code']}: {theme['name']}, {rnd['name']}", APPENDIX_HEADINGS, tuple(rows)))

    background = [BackgroundDocument(plan["title"], plan_url)]
    if round_url:
        background.append(BackgroundDocument(f"{rnd['name']} delivery report (web page)", round_url))
    return PaperContent(
        title=f"{plan['title']}: delivery report, {rnd['name']}",
        purpose=f"To report progress in delivering the {plan['title']} for {rnd['name']} ({period}).",
        recommendations=("To note the progress in delivering the plan's priorities set out in Appendix 1.",),
        sections=(Section("Summary of delivery", tuple(summary)),),
        appendices=(Appendix(f"Actions to deliver the plan's priorities, {rnd['name']}", tuple(blocks)),),
        background_documents=tuple(background),
        suggested_to=rnd.get("reported_to") or "",
    )


def build_delivery_appendix(*, body: Body, values: dict, private: bool) -> PaperContent:
    allowed = {value for value, _label in _rounds(body=body, private=private)}
    if str(values.get("round")) not in allowed:
        raise ValueError("round: choose a published reporting round of this body's plan.")
    rnd = ReportingRound.objects.select_related("plan__body").get(pk=values["round"])
    snapshot = getattr(rnd, "snapshot", None) if rnd.publication_status == Publication.PUBLISHED else None
    data = snapshot.data if snapshot is not None else _draft_snapshot(rnd)
    site = settings.OPENPCC_SITE_URL.rstrip("/")
    return delivery_appendix_content(
        data,
        plan_url=site + reverse("plans:plan", args=[body.slug]),
        round_url=site + reverse("plans:round", args=[body.slug, rnd.slug]) if rnd.is_public else "",
    )


# --- "We said / We did" for a chapter of the plan --------------------------------------------------


def _chapters(*, body: Body, private: bool) -> list[tuple[str, str]]:
    chapters = Chapter.objects.for_body(body).select_related("plan")
    chapters = chapters if private else chapters.published()
    out = []
    for c in chapters.order_by("plan__title", "order", "id"):
        draft = "" if c.plan.publication_status == Publication.PUBLISHED else " (not published)"
        out.append((str(c.pk), f"{c.plan.title}: {c.title}{draft}"))
    return out


def build_we_said_we_did(*, body: Body, values: dict, private: bool) -> PaperContent:
    """A chapter's objectives, each with what the plan said would be done and what was done, in the
    numbered paragraphs of the seeds' "We said / We did" papers. Three queries."""
    value = str(values.get("chapter") or "")
    chapters = Chapter.objects.for_body(body)
    chapters = chapters if private else chapters.published()
    chapter = (
        chapters.select_related("plan")
        .prefetch_related(
            Prefetch(
                "objectives",
                queryset=Objective.objects.order_by("order", "id").prefetch_related(
                    Prefetch("commitments", queryset=Commitment.objects.order_by("order", "id"))
                ),
            )
        )
        .filter(pk=value)
        .first()
        if value.isdigit()
        else None
    )
    if chapter is None:
        raise ValueError("chapter: choose a chapter of this body's published plan.")
    plan = chapter.plan
    objectives = list(chapter.objectives.all())
    commitments = [c for o in objectives for c in o.commitments.all()]
    done = sum(1 for c in commitments if c.we_did)
    adopted = f", adopted on {chapter.adopted_date:%-d %B %Y}" if chapter.adopted_date else ""
    overview = [Paragraph(chapter.summary)] if chapter.summary else []
    overview.append(
        Paragraph(
            f"The {chapter.title} of the {plan.title}{adopted} has {counted(len(objectives), 'objective')} with "
            f"{counted(len(commitments), 'commitment')}; what was done is reported for {done} of them."
        )
    )
    sections = [Section("Overview", tuple(overview))]
    for o in objectives:
        blocks: list = [Paragraph(o.summary)] if o.summary else []
        for c in o.commitments.all():
            blocks.append(Paragraph(f"We said: {c.we_said}"))
            did = c.we_did or "Not yet reported."
            when = f" (reported {c.reported_date:%-d %B %Y})" if c.we_did and c.reported_date else ""
            blocks.append(Paragraph(f"We did{when}: {did}"))
        sections.append(Section(f"Objective {o.number}: {o.title}", tuple(blocks) or (Paragraph("No commitments."),)))
    site = settings.OPENPCC_SITE_URL.rstrip("/")
    background = [
        BackgroundDocument(plan.title, site + reverse("plans:plan", args=[body.slug]) if plan.is_public else "")
    ]
    return PaperContent(
        title=f"{plan.title}, {chapter.title}: we said, we did",
        purpose=f"To report what the {chapter.title} of the {plan.title} said would be done, and what has been done.",
        recommendations=("To note the progress against each commitment of the chapter.",),
        sections=tuple(sections),
        background_documents=tuple(background),
    )


# --- the annual report's section --------------------------------------------------------------------


def _public(rounds):
    """Published rounds of a public plan."""
    return rounds.published().filter(prefixed_q(Plan.public_q(), "plan__"))


def annual_delivery(*, body: Body, start: date, end: date, private: bool) -> tuple:
    """The plan's delivery in a financial year: the rounds reported in it and where the priorities
    stood at the last of them (its snapshot when published). Two queries (or, for a private
    meeting's report whose last round is not yet published, those of its draft snapshot)."""
    rounds = ReportingRound.objects.for_body(body).filter(period_end__gte=start, period_end__lte=end)
    rounds = list((rounds if private else _public(rounds)).select_related("plan").order_by("period_end", "id"))
    if not rounds:
        return ()
    last = rounds[-1]
    snapshot = None
    if last.publication_status == Publication.PUBLISHED:
        snapshot = Snapshot.objects.filter(round=last).first()
    data = snapshot.data if snapshot is not None else _draft_snapshot(last)
    priorities = [p for theme in data["themes"] for p in theme["priorities"]]
    counts = Counter(_status_name(p["status"]) for p in priorities)
    order = [_status_name(s) for s in data["status_key"]] + ["No status reported"]
    names = sorted(counts, key=lambda n: order.index(n) if n in order else len(order))
    label = financial_year(start.year)
    plans = sorted({r.plan.title for r in rounds})
    return (
        Paragraph(
            f"{counted(len(rounds), 'reporting round')} of the {' and the '.join(plans)} reported delivery "
            f"in {label}: {', '.join(r.name for r in rounds)}."
        ),
        Paragraph(
            f"At {last.name} the plan had {counted(len(priorities), 'priority', 'priorities')} for action under "
            f"{counted(len(data['themes']), 'theme')}."
        ),
        Table(
            f"Delivery status of the priorities at {last.name}",
            ("Delivery status", "Priorities"),
            tuple((name, str(counts[name])) for name in names),
        ),
    )


def annual_delivery_years(*, body: Body, private: bool) -> set[int]:
    rounds = ReportingRound.objects.for_body(body)
    rounds = rounds if private else _public(rounds)
    return {financial_year_of(d) for d in rounds.dates("period_end", "month")}


def register() -> None:
    register_board_paper(
        BoardPaperKind(
            key="we-said-we-did",
            title="We said / We did (a chapter of the plan)",
            description="A chapter's objectives, each with what the plan said would be done and what was done.",
            build=build_we_said_we_did,
            params=(PaperParam("chapter", "Chapter of the plan", choices=_chapters),),
            body_kinds=PLAN_BODIES,
            roles=EDIT_ROLES,
            order=15,
        )
    )
    register_annual_report_section(
        AnnualReportSection(
            key="plan-delivery",
            title="Delivering the Police and Crime Plan",
            build=annual_delivery,
            years=annual_delivery_years,
            body_kinds=PLAN_BODIES,
            order=10,
        )
    )
    register_board_paper(
        BoardPaperKind(
            key="plan-delivery",
            title="Delivery of the Police and Crime Plan (a reporting round)",
            description="The delivery-monitoring appendix: each priority and activity, its leads, status with "
            "the key, the update and the wider partnership opportunities. A published round reads exactly "
            "as it was published.",
            build=build_delivery_appendix,
            params=(PaperParam("round", "Reporting round", choices=_rounds),),
            body_kinds=PLAN_BODIES,
            roles=EDIT_ROLES,
            order=10,
        )
    )
