"""The guard that keeps N+1 queries out: every public and staff page runs the same number of
SQL queries on a small data set and on one ten times larger (openpcc.demo.scale, side by
side in one database). A new URL fails the test until it is added here."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver, reverse

from openpcc.boardpapers.models import GeneratedPaper
from openpcc.core.models import Body, User
from openpcc.decisions.models import Decision, Notification
from openpcc.documents.models import Document
from openpcc.imports.models import ImportBatch
from openpcc.meetings.models import Action, Meeting, Report
from openpcc.plans.models import Plan, ReportingRound
from openpcc.spending.models import SpendingFile
from tests.factories import actor
from tests.test_permissions_walk import _names

pytestmark = pytest.mark.django_db

# Pages that only take POST (their GET is refused before any work) are not counted.
POST_ONLY = {
    "logout",
    "plans_staff:plan_publish",
    "plans_staff:round_close",
    "plans_staff:round_reopen",
    "meetings_staff:publish_agenda",
    "meetings_staff:publish_minutes",
    "meetings_staff:approve_minutes",
    "meetings_staff:cancel",
    "meetings_staff:pack_build",
    "decisions_staff:sign",
    "decisions_staff:publish",
    "documents_staff:reextract",
    "funding_staff:grant_award",
    "funding_staff:grant_publish",
    "funding_staff:grant_close",
    "funding_staff:service_publish",
    "funding_staff:bid_publish",
    "spending_staff:publish",
    "spending_staff:unpublish",
    "spending_staff:remove",
    "boardpapers_staff:save",
}

MINUTES = """Minutes of the meeting of the Business Coordination Board held on 3 June 2019 at Headquarters
Present: Councillor Ann Example (Chair) and Councillor Bob Example
"""


@dataclass
class Set:
    office: Body
    panel: Body
    admin: User
    panel_admin: User
    spending_token: str = ""


def _make(factor: int, first_area: int) -> Set:
    from openpcc.demo.scale import PRESETS, generate
    from openpcc.imports import reading
    from openpcc.imports import services as imports

    # a meeting a month, so each committee has several held meetings with actions carried between them
    spec = replace(PRESETS["tiny"], meetings_per_year=12).scaled(factor)
    spec = replace(spec, first_area=first_area)
    generate(spec, progress=lambda line: None)
    office = Body.objects.filter(kind__in=["pcc", "pfcc"]).order_by("-id").first()
    panel = Body.objects.get(scrutinises=office)
    items = "".join(f"{n}. Item {n}\nThe board noted the report.\n" for n in range(1, 3 * factor + 1))
    batch = imports.batch_create(
        body=office, files=[("minutes.txt", (MINUTES + items).encode())], source_name="m", user=actor()
    )
    reading.batch_run(batch=batch, user=actor())
    _funding(office, factor)
    _pack(office)
    _kept_papers(office, factor)
    return Set(
        office=office,
        panel=panel,
        admin=User.objects.get(username=f"{office.slug}-admin"),
        panel_admin=User.objects.get(username=f"{panel.slug}-admin"),
        spending_token=_spending(office, factor),
    )


def _kept_papers(office: Body, factor: int) -> None:
    """Generated papers kept with reports: at 1× one report with 2 versions, at 10× three reports,
    the first with 4 versions."""
    from datetime import date

    from openpcc.boardpapers.selectors import paper_build
    from openpcc.boardpapers.services import generated_paper_save

    more = factor // 5
    reports = Report.objects.filter(body=office, agenda_item__isnull=False).select_related("agenda_item__meeting")
    for n, report in enumerate(reports.order_by("id")[: 1 + more]):
        values = {"committee": str(report.agenda_item.meeting.committee_id)}
        for day in range(1, (2 + more if n == 0 else 1) + 1):
            frame = {"date": date(2019, 6, day), "classification": "OFFICIAL"}
            paper = paper_build(body=office, user=actor(), key="action-log", values=values, frame=frame)
            generated_paper_save(body=office, paper=paper, parameters=values, parent=report, user=actor())


def _pack(office: Body) -> None:
    """An agenda pack of the meeting the pages below show (its text papers rendered into it)."""
    from openpcc.meetings.services import agenda_pack_request

    held = _with_every_row(
        Meeting.objects.filter(body=office, status="minutes_approved").filter(items__report__isnull=False)
    )
    agenda_pack_request(meeting=held, user=actor())


def _spending(office: Body, factor: int) -> str:
    """Months of spending (``factor`` times the months, each ``factor`` times the lines), one
    imported but not published, and an upload waiting for its mapping; returns its token."""
    from datetime import date

    from openpcc.spending import services as spending
    from tests.factories import spending_csv

    months = [date(2019 + n // 12, n % 12 + 1, 1) for n in range(2 * factor + 2)]
    for n, month in enumerate(months[:-1]):
        made = spending.spending_file_import_now(
            body=office, month=month, name=f"{month}.csv", data=spending_csv(month, 30 * factor), user=actor()
        )
        if n < len(months) - 2:
            spending.spending_file_publish(file=made, expected_version=made.version, user=actor())
    return spending.spending_upload_stage(
        body=office, month=months[-1], name="staged.csv", data=spending_csv(months[-1], 30 * factor), user=actor()
    )


def _funding(office: Body, factor: int) -> None:
    """``factor`` times the funds, recipients, grants (each with priorities, a decision, a variation
    and a payment), services with papers and bids, published, with a draft of each."""
    from datetime import date
    from decimal import Decimal

    from openpcc.documents.services import document_add
    from openpcc.funding import services as f
    from openpcc.plans.models import Priority
    from tests.factories import _pdf

    user = actor()
    priorities = list(Priority.objects.filter(plan__body=office).order_by("id")[:2])
    decision = Decision.objects.published().filter(body=office).order_by("id").first()
    for n in range(factor):
        fund = f.fund_create(
            body=office,
            fields={"name": f"Fund {n}", "starts_on": date(2019 + n % 3, 4, 1), "budget": Decimal("1000000")},
            user=user,
        )
        org = f.recipient_create(
            body=office, kind="organisation", name=f"Org {n}", identifier=f"GB-CHC-99{n:05d}", user=user
        )
        person = f.recipient_create(body=office, kind="individual", name=f"Person {n}", user=user)
        grants = []
        for k, recipient in enumerate([org, org, person]):
            g = f.grant_create(
                body=office,
                fields={
                    "fund": fund,
                    "recipient": recipient,
                    "title": f"Grant {n}-{k}",
                    "purpose": "Purpose.",
                    "amount": Decimal("1000.50"),
                    "start_date": date(2020, 4, 1),
                    "end_date": date(2021, 3, 31),
                    "decision": decision,
                },
                priorities=priorities,
                user=user,
            )
            g = f.grant_award(grant=g, user=user)
            f.grant_vary(
                grant=g,
                expected_version=g.version,
                what_changed="More",
                reason="Demand.",
                new_amount=Decimal("1200.25"),
                new_start=g.start_date,
                new_end=g.end_date,
                user=user,
            )
            g.refresh_from_db()
            f.payment_record(grant=g, paid_on=date(2020, 5, 1), amount=Decimal("100"), user=user)
            grants.append(f.grant_publish(grant=g, user=user))
            if k < 2:  # quarterly returns, the first received with figures; the others overdue
                g = f.monitoring_set(
                    record=grants[-1],
                    expected_version=grants[-1].version,
                    return_frequency="quarterly",
                    return_due_days=30,
                    contact_email=f"grants{n}@example.org",
                    user=user,
                )
                f.return_record(
                    record=g,
                    period_start=date(2020, 4, 1),
                    period_end=date(2020, 6, 30),
                    received_on=date(2020, 7, 20),
                    narrative="A good quarter.",
                    figures=[("people supported", "120"), ("sessions", "12")],
                    user=user,
                )
        f.grant_create(
            body=office,
            fields={
                "fund": fund,
                "recipient": org,
                "title": f"Draft grant {n}",
                "purpose": "Later.",
                "amount": Decimal("10"),
                "start_date": date(2020, 4, 1),
                "end_date": date(2020, 4, 2),
            },
            user=user,
        )
        services = []
        for k in range(2):
            s = f.service_create(
                body=office,
                fields={
                    "provider": org,
                    "name": f"Service {n}-{k}",
                    "fund": fund,
                    "value": Decimal("20000"),
                    "start_date": date(2020, 4, 1),
                    "end_date": date(2021, 3, 31),
                    "procurement_route": "open_tender",
                    "is_contract": True,
                },
                priorities=priorities,
                user=user,
            )
            document_add(parent=s, upload=_pdf("contract.pdf", "Contract"), title="Contract", user=user)
            services.append(f.service_publish(service=s, user=user))
            f.monitoring_set(
                record=services[-1],
                expected_version=services[-1].version,
                return_frequency="six_monthly",
                return_due_days=30,
                contact_email=f"services{n}@example.org",
                user=user,
            )
        bid = f.bid_create(
            body=office,
            fields={
                "funder": "Home Office",
                "scheme": f"Scheme {n}",
                "amount_sought": Decimal("5000"),
                "submitted_on": date(2020, 3, 1),
                "outcome": "successful",
                "amount_secured": Decimal("4000"),
            },
            grants=grants,
            services=services,
            user=user,
        )
        f.bid_publish(bid=bid, user=user)


def _with_every_row(meetings) -> Meeting:
    """The latest of ``meetings`` with questions, actions that have updates, and open actions with
    updates carried over from an earlier meeting: Django skips a prefetch when its parent list is
    empty, so a meeting without one of these would make fewer queries whatever the data size."""
    candidates = (
        meetings.filter(items__questions__isnull=False, actions__updates__isnull=False).order_by("-date").distinct()
    )
    for meeting in candidates[:50]:
        if Action.objects.filter(
            committee_id=meeting.committee_id, status="open", meeting__date__lt=meeting.date, updates__isnull=False
        ).exists():
            return meeting
    raise AssertionError("the generated data set has no meeting with every kind of related row")


def pages(s: Set) -> list[tuple[str, list, str, User | None]]:
    """(url name, args, query string, user) for every page, on records chosen the same way in each set."""
    b, p = s.office.slug, s.panel.slug
    plan = Plan.objects.filter(body=s.office).order_by("-period_start").first()
    published = ReportingRound.objects.filter(plan=plan, publication_status="published").order_by("-period_end")[0]
    current = ReportingRound.objects.filter(plan=plan, publication_status="draft").get()
    priority = plan.priorities.order_by("order").first()
    activity = priority.activities.order_by("order").first()
    held = _with_every_row(
        Meeting.objects.filter(body=s.office, status="minutes_approved").filter(items__report__isnull=False)
    )
    upcoming = Meeting.objects.filter(body=s.office, status__in=["scheduled", "agenda_published"]).order_by("date")[0]
    panel_meeting = _with_every_row(
        Meeting.objects.filter(
            body=s.panel, status="minutes_approved", kind="public", items__decision_notifications__isnull=False
        )
    )
    item = held.items.filter(report__isnull=False).order_by("order").first()
    report = item.report
    action = Action.objects.filter(body=s.office).order_by("-id").first()
    # records with every kind of related row, so a query per related row shows up
    decision = (
        Decision.objects.published()
        .filter(body=s.office, priorities__isnull=False, reports__isnull=False, notifications__isnull=False)
        .order_by("-decision_date")
        .first()
    )
    draft = Decision.objects.filter(body=s.office).order_by("-id").first()
    doc = (
        Document.objects.published()
        .filter(body=s.office, parent_type=ContentType.objects.get_for_model(Report))
        .order_by("-id")
        .first()
    )
    notification = Notification.objects.filter(panel=s.panel).order_by("-id").first()
    batch = ImportBatch.objects.get(body=s.office)
    row = batch.files.get()
    proposal = row.proposals.filter(kind="agenda_item").order_by("id").first()
    a, pa = s.admin, s.panel_admin
    month = SpendingFile.objects.published().filter(body=s.office).order_by("-month").first()
    draft_month = SpendingFile.objects.filter(body=s.office, publication_status="draft").order_by("-id").first()
    return [
        ("public:home", [], "", None),
        ("public:accessibility", [], "", None),
        ("public:healthz", [], "", None),
        ("public:brand_css", ["1d4f91"], "", None),
        ("public:search", [], "q=police+crime", None),
        ("public:search", [], f"q=report&body={b}&kind=item", None),
        # no result has every word: the partial-match fallback (and no suggestion for the nonsense word)
        ("public:search", [], "q=police+crime+zzqqxvw", None),
        # five misspelt words: the fallback finds nothing, and "Did you mean" checks its suggestion in the body
        ("public:search", [], f"q=polise+crme+reprt+comittee+budgett&body={b}", None),
        ("public:body_home", [b], "", None),
        ("public:body_home", [p], "", None),
        ("plans:plan", [b], "", None),
        ("plans:plan_csv", [b], "", None),
        ("plans:plan_json", [b], "", None),
        ("plans:priority", [b, priority.code], "", None),
        ("plans:rounds", [b], "", None),
        ("plans:round", [b, published.slug], "", None),
        ("meetings:list", [b], "", None),
        ("meetings:list", [p], "", None),
        ("meetings:ics", [b], "", None),
        ("meetings:ics", [p], "", None),
        ("meetings:csv", [b], "", None),
        ("meetings:json", [p], "", None),
        ("meetings:meeting_ics", [b, held.pk], "", None),
        ("meetings:actions_csv", [b], "", None),
        ("meetings:actions_json", [p], "status=open", None),
        ("meetings:detail", [b, held.pk], "", None),
        ("meetings:detail", [p, panel_meeting.pk], "", None),
        ("meetings:committee", [b, held.committee.slug], "", None),
        ("meetings:report", [b, report.pk], "", None),
        ("meetings:actions", [b], "", None),
        ("meetings:work_programme", [b], "", None),
        ("public:body_feed", [b], "", None),
        ("decisions:list", [b], "", None),
        ("decisions:csv", [b], "", None),
        ("decisions:json", [b], "", None),
        ("decisions:feed", [b], "", None),
        ("decisions:detail", [b, decision.reference_slug], "", None),
        ("documents:detail", [b, doc.pk], "", None),
        ("documents:list", [b], "", None),
        ("documents:list", [b], f"parent=report&year={held.date.year}&type=pdf&q=a&page=2", None),
        ("documents:list", [p], "", None),
        ("documents:file", [b, doc.pk, doc.download_name], "", None),
        ("documents:file_redirect", [b, doc.pk], "", None),
        ("login", [], "", None),
        ("staff:dashboard", [], "", a),
        ("staff:history", [b, "meetings.meeting", held.pk], "", a),
        ("staff:history", [b, "decisions.decision", decision.pk], "", a),
        ("plans_staff:index", [b], "", a),
        ("plans_staff:round_create", [b, plan.slug], "", a),
        ("plans_staff:plan_settings", [b, plan.slug], "", a),
        ("plans_staff:round", [b, plan.slug, current.slug], "", a),
        ("plans_staff:round", [b, plan.slug, published.slug], "", a),
        ("plans_staff:round", [b, plan.slug, current.slug], "show=mine-todo", a),
        ("plans_staff:round_publish", [b, plan.slug, current.slug], "", a),
        ("plans_staff:update", [b, plan.slug, current.slug, activity.code], "", a),
        ("plans_staff:update", [b, plan.slug, published.slug, activity.code], "next=/staff/", a),
        ("plans_staff:round_publish", [b, plan.slug, published.slug], "", a),
        ("plans_staff:priorities", [b, plan.slug], "", a),
        ("plans_staff:priority_create", [b, plan.slug], "", a),
        ("plans_staff:priority_edit", [b, plan.slug, priority.code], "", a),
        ("meetings_staff:index", [b], "", a),
        ("meetings_staff:committee_create", [b], "", a),
        ("meetings_staff:committee", [b, held.committee.slug], "", a),
        ("meetings_staff:meeting_create", [b], "", a),
        ("meetings_staff:actions", [b], "", a),
        ("meetings_staff:action", [b, action.pk], "", a),
        ("meetings_staff:meeting", [b, held.pk], "", a),
        ("meetings_staff:pack", [b, held.pk], "", a),
        ("meetings_staff:pack_file", [b, held.pk, 1], "", a),
        ("meetings:pack_file", [b, held.pk, 1], "", None),
        ("meetings_staff:meeting", [b, upcoming.pk], "", a),
        ("meetings_staff:meeting_edit", [b, held.pk], "", a),
        ("meetings_staff:attendance", [b, held.pk], "", a),
        ("meetings_staff:action_create", [b, held.pk], "", a),
        ("meetings_staff:item_create", [b, upcoming.pk], "", a),
        ("meetings_staff:item_edit", [b, held.pk, item.pk], "", a),
        ("meetings_staff:report_edit", [b, held.pk, item.pk], "", a),
        ("meetings_staff:minutes", [b, held.pk, item.pk], "", a),
        ("meetings_staff:member", [b, held.committee.slug, held.committee.members.order_by("id").first().pk], "", a),
        ("meetings_staff:work_item", [b, held.committee.work_programme.order_by("id").first().pk], "", a),
        ("decisions_staff:index", [b], "", a),
        ("decisions_staff:create", [b], "", a),
        ("decisions_staff:forward", [b], "", a),
        ("decisions_staff:scheme", [b], "", a),
        ("decisions_staff:detail", [b, decision.pk], "", a),
        ("decisions_staff:edit", [b, draft.pk], "", a),
        ("decisions_staff:notify", [p, panel_meeting.pk], "", pa),
        ("decisions_staff:respond", [p, notification.pk], "", pa),
        ("documents_staff:upload", [b, "report", report.pk], "", a),
        ("documents_staff:detail", [b, doc.pk], "", a),
        ("documents_staff:file", [b, doc.pk], "", a),
        ("imports_staff:index", [b], "", a),
        ("imports_staff:batch", [b, batch.pk], "", a),
        ("imports_staff:file", [b, row.pk], "", a),
        ("imports_staff:proposal", [b, proposal.pk], "", a),
        ("imports_staff:meeting_all", [b, proposal.parent_id], "", a),
        *_funding_pages(s),
        ("spending:list", [b], "", None),
        ("spending:json", [b], "", None),
        ("spending:month", [b, *month.url_args], "", None),
        ("spending:month", [b, *month.url_args], "sort=supplier&expense_type=Consultancy&supplier=ltd&page=2", None),
        ("spending:month_csv", [b, *month.url_args], "", None),
        ("spending:month_json", [b, *month.url_args], "sort=amount", None),
        ("spending_staff:index", [b], "", a),
        ("spending_staff:upload", [b], "", a),
        ("spending_staff:mapping", [b, s.spending_token], "", a),
        ("spending_staff:file", [b, draft_month.pk], "", a),
        ("spending_staff:file", [b, month.pk], "show=redacted&page=2", a),
        ("staff:history", [b, "spending.spendingfile", month.pk], "", a),
        *_boardpaper_pages(s, published, held),
    ]


def _boardpaper_pages(s: Set, published: ReportingRound, held: Meeting) -> list[tuple[str, list, str, User | None]]:
    """The generator's page: choosing, each kind's form, and a preview of each paper."""
    b, a = s.office.slug, s.admin
    frame = "date=2019-06-01&classification=OFFICIAL&format=html"
    return [
        ("boardpapers_staff:generate", [b], "", a),
        ("boardpapers_staff:generate", [b], "kind=plan-delivery", a),
        ("boardpapers_staff:generate", [b], f"kind=plan-delivery&round={published.pk}&{frame}", a),
        ("boardpapers_staff:generate", [b], f"kind=decisions&period_start=2015-01-01&period_end=2030-12-31&{frame}", a),
        ("boardpapers_staff:generate", [b], f"kind=action-log&committee={held.committee_id}&{frame}", a),
        ("boardpapers_staff:generate", [b], f"kind=work-programme&committee={held.committee_id}&{frame}", a),
        *_later_paper_previews(s, frame),
        ("boardpapers_staff:saved", [b], "", a),
        ("boardpapers_staff:versions", [b, GeneratedPaper.objects.filter(body=s.office).order_by("id")[0].pk], "", a),
        ("boardpapers_staff:style", [b], "", a),  # the body's paper style (its administrator's page)
        ("boardpapers_staff:style_css", [b], "h=0b0c0c&a=1d4f91&f=DejaVu+Sans", a),
    ]


def _funding_pages(s: Set) -> list[tuple[str, list, str, User | None]]:
    from openpcc.funding.models import CommissionedService, Fund, FundingBid, Grant

    b, a = s.office.slug, s.admin
    grant = Grant.objects.published().filter(body=s.office).order_by("id").first()
    draft = Grant.objects.filter(body=s.office, status="draft").order_by("id").first()
    fund, service = (
        Fund.objects.filter(body=s.office).order_by("id").first(),
        CommissionedService.objects.filter(body=s.office).order_by("id").first(),
    )
    bid = FundingBid.objects.filter(body=s.office).order_by("id").first()
    priority = grant.priorities.order_by("id").first()
    award_year = grant.awarded_on.year - (grant.awarded_on.month < 4)  # the financial year of its award
    return [
        ("funding:list", [b], "", None),
        ("funding:list", [b], f"fund={fund.pk}&year=2019&priority={priority.code}&page=2", None),
        ("funding:csv", [b], "", None),
        ("funding:json", [b], "", None),
        ("funding:detail", [b, grant.pk], "", None),
        ("funding:bids", [b], "", None),
        ("funding:bids_csv", [b], "", None),
        ("funding:bids_json", [b], "", None),
        ("funding:services", [b], "", None),
        ("funding:services_csv", [b], "", None),
        ("funding:services_json", [b], "year=2020", None),
        ("funding:giving360_json", [b], "", None),
        ("funding:giving360_json", [b], f"year={award_year}", None),
        ("funding:giving360_xlsx", [b], f"year={award_year}", None),
        ("plans:priority", [b, priority.code], "", None),
        ("funding_staff:index", [b], "", a),
        ("funding_staff:fund_create", [b], "", a),
        ("funding_staff:fund_edit", [b, fund.pk], "", a),
        ("funding_staff:recipient_create", [b], "", a),
        ("funding_staff:recipient_edit", [b, grant.recipient_id], "", a),
        ("funding_staff:grant_create", [b], "", a),
        ("funding_staff:grant", [b, grant.pk], "", a),
        ("funding_staff:grant_edit", [b, draft.pk], "", a),
        ("funding_staff:grant_vary", [b, grant.pk], "", a),
        ("funding_staff:payment_create", [b, grant.pk], "", a),
        ("funding_staff:service_create", [b], "", a),
        ("funding_staff:service_edit", [b, service.pk], "", a),
        ("funding_staff:grant_returns", [b, grant.pk], "", a),
        ("funding_staff:grant_monitoring", [b, grant.pk], "", a),
        ("funding_staff:grant_return_record", [b, grant.pk], "", a),
        ("funding_staff:service_returns", [b, service.pk], "", a),
        ("funding_staff:service_monitoring", [b, service.pk], "", a),
        ("funding_staff:service_return_record", [b, service.pk], "", a),
        ("funding_staff:appendix", [b], "", a),
        ("funding_staff:appendix", [b], f"fund={fund.pk}&period_start=2019-04-01&period_end=2022-03-31", a),
        ("funding_staff:appendix_docx", [b], "period_start=2019-04-01&period_end=2022-03-31", a),
        ("funding_staff:bid_create", [b], "", a),
        ("funding_staff:bid_edit", [b, bid.pk], "", a),
        ("staff:history", [b, "funding.grant", grant.pk], "", a),
    ]


def _count(client, s: Set) -> dict[str, int]:
    counts = {}
    for n, (name, args, query, user) in enumerate(pages(s)):
        client.logout()
        if user is not None:
            client.force_login(user)
        url = reverse(name, args=args) + (f"?{query}" if query else "")
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
        expected = 301 if name.endswith("_redirect") else 200
        assert response.status_code == expected, f"{url}: {response.status_code}"
        counts[f"{n:02d} {name}"] = len(ctx)
    return counts


def test_query_counts_are_the_same_at_ten_times_the_data(client, pinned_now):
    small = _make(1, first_area=0)
    large = _make(10, first_area=1)
    every = {n for n in _names(get_resolver().url_patterns) if not n.startswith("admin:")}
    assert every - POST_ONLY - {p[0] for p in pages(small)} == set(), "pages missing from the query-count guard"
    at_1, at_10 = _count(client, small), _count(client, large)
    differ = [
        f"{page}: {n} queries at 1×, {at_10.get(page)} at 10×" for page, n in at_1.items() if at_10.get(page) != n
    ]
    assert not differ, "query counts grow with the data:\n" + "\n".join(differ)


def _later_paper_previews(s: Set, frame: str) -> list[tuple[str, list, str, User | None]]:
    """Previews of the money-out, spending and annual-report papers (the plan chapters' "We said /
    We did" has its own guard in plans/tests: the generated data hold no chapters)."""
    from openpcc.funding.models import Fund

    b, a = s.office.slug, s.admin
    fund = Fund.objects.filter(body=s.office).order_by("id").first()
    month = SpendingFile.objects.published().filter(body=s.office).order_by("-month").first()
    period = "period_start=2019-04-01&period_end=2022-03-31"
    return [
        ("boardpapers_staff:generate", [b], f"kind=funded-services&{period}&{frame}", a),
        ("boardpapers_staff:generate", [b], f"kind=fund-awards&fund={fund.pk}&{period}&{frame}", a),
        ("boardpapers_staff:generate", [b], f"kind=spending-month&month={month.pk}&{frame}", a),
        ("boardpapers_staff:generate", [b], f"kind=annual-report&year=2020&{frame}", a),
    ]
