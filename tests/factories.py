"""Builders for test data, written through the services like the demo loader."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from openpcc.bodies import services as bodies
from openpcc.core import services as core_services
from openpcc.core.models import Body, Role, User
from openpcc.core.permissions import system_actor
from openpcc.plans import services as plans
from openpcc.plans.models import Plan, ReportingRound
from openpcc.search import index as search_index

PASSWORD = "test-password-123"
DRAFT_MARKER = "DRAFT-ONLY-TEXT-7Q"
OTHER_BODY_MARKER = "OTHER-BODY-TEXT-3Z"
EXEMPT_MARKER = "EXEMPT-ONLY-TEXT-4K"
PRIVATE_MARKER = "PRIVATE-BRIEFING-TEXT-9P"


def actor() -> User:
    """The acting user of the test data's setup: a system actor, as the demo loader has."""
    return system_actor("test data")


def user_make(username: str, *grants: tuple[Body, str]) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, first_name=username.title())
    for body, role in grants:
        core_services.body_role_grant(grantee=user, body=body, role=role, user=actor())
    return user


def body_make(slug: str, kind: str = Body.Kind.PCC) -> Body:
    return core_services.body_create(
        slug=slug, name=f"{slug.replace('-', ' ').title()} Office", kind=kind, user=actor()
    )


def plan_make(
    body: Body, *, priorities: int = 5, activities: int = 1, title: str = "Police and Crime Plan 2017-20"
) -> Plan:
    """A published plan with two themes, ``priorities`` priorities and leads."""
    plan = plans.plan_create(
        body=body,
        title=title,
        period_start=date(2017, 4, 1),
        period_end=date(2020, 3, 31),
        panel_endorsed_date=date(2017, 2, 1),
        user=actor(),
    )
    themes = [
        plans.theme_create(plan=plan, code="V", name="Victims", aim="Support victims.", user=actor()),
        plans.theme_create(plan=plan, code="O", name="Offenders", aim="Reduce reoffending.", user=actor()),
    ]
    lead = bodies.person_create(body=body, name=f"Lead Officer {body.pk}", initials=f"L{body.pk}", user=actor())
    orgs = [
        bodies.organisation_create(body=body, name=f"Constabulary {body.pk}", user=actor()),
        bodies.organisation_create(body=body, name=f"Delivery Group {body.pk}", user=actor()),
    ]
    for i in range(priorities):
        theme = themes[i % 2]
        priority = plans.priority_create(
            plan=plan,
            theme=theme,
            code=f"{theme.code}{i + 1}",
            text=f"Priority number {i + 1} for {theme.name}",
            opcc_lead=lead,
            delivery_leads=orgs[: 1 + i % 2],
            user=actor(),
        )
        for a in range(activities):
            plans.activity_create(
                priority=priority, code=f"{priority.code}.{a + 1}", key_delivery=f"Work {a + 1}", user=actor()
            )
    plans.plan_publish(plan=plan, when=timezone.now() - timedelta(days=400), user=actor())
    return plan


def round_make(
    plan: Plan,
    name: str,
    start: date,
    *,
    status: str = "green",
    narrative: str = "On track.",
    publish: bool = False,
    publish_at: datetime | None = None,
) -> ReportingRound:
    rnd = plans.round_open(
        plan=plan, name=name, period_start=start, period_end=start + timedelta(days=89), user=actor()
    )
    for activity_ in _activities(plan):
        plans.update_record(round=rnd, activity=activity_, user=actor(), status=status, narrative=narrative)
    if publish:
        plans.round_publish(round=rnd, user=actor(), when=publish_at or timezone.now() - timedelta(days=1))
        rnd.refresh_from_db()
    return rnd


def _activities(plan: Plan):
    from openpcc.plans.models import Activity

    return Activity.objects.filter(priority__plan=plan).order_by("priority__order", "order")


@dataclass
class MeetingsWorld:
    committee: object
    held: object  # past meeting: agenda and draft minutes public, an exempt item
    private: object  # private briefing with a paper
    upcoming: object  # future meeting, agenda not yet published
    report: object
    exempt_item: object
    exempt_report: object
    private_report: object
    public_file: object
    private_file: object
    action: object
    other_meeting: object  # another body's meeting with an unpublished agenda


def meetings_make(body: Body, other: Body, plan: Plan) -> MeetingsWorld:
    from openpcc.documents.services import document_add
    from openpcc.meetings import services as m
    from openpcc.meetings.models import Committee

    today = timezone.localdate()
    committee = m.committee_create(
        body=body, name="Business Coordination Board", kind=Committee.Kind.BOARD, user=actor()
    )
    m.committee_member_add(committee=committee, name="Chair Person", role="chair", user=actor())
    held = m.meeting_create(
        body=body,
        committee=committee,
        date=today - timedelta(days=30),
        venue="Town Hall",
        theme="Victims",
        user=actor(),
    )
    item = m.agenda_item_add(
        meeting=held,
        number="5",
        title="Victims commissioning",
        purpose="Commissioning of victim services.",
        priorities=plan.priorities.filter(code="V1"),
        user=actor(),
    )
    report = m.report_save(
        body=body,
        agenda_item=item,
        fields={
            "title": "Victim services commissioning",
            "purpose": "To update the Board.",
            "recommendations": "Note the report\nAgree the approach",
        },
        priorities=plan.priorities.filter(code="V1"),
        user=actor(),
    )
    exempt = m.agenda_item_add(
        meeting=held,
        number="6",
        title=f"Lease {EXEMPT_MARKER}",
        purpose=EXEMPT_MARKER,
        is_exempt=True,
        exempt_reason="Commercially sensitive (paragraph 3)",
        user=actor(),
    )
    exempt_report = m.report_save(
        body=body,
        agenda_item=exempt,
        fields={"title": f"Exempt report {EXEMPT_MARKER}", "purpose": EXEMPT_MARKER},
        user=actor(),
    )
    public_file = document_add(
        parent=report,
        upload=_pdf("commissioning.pdf", "Commissioning of victim services: the Hub"),
        title="Commissioning paper",
        user=actor(),
    )
    m.agenda_publish(meeting=held, when=timezone.now() - timedelta(days=40), user=actor())
    m.attendance_add(meeting=held, name="Chair Person", kind="present", user=actor())
    m.question_add(
        item=item, letter="a", question="How many victims were supported?", response="Over 4,000.", user=actor()
    )
    m.question_add(item=exempt, letter="a", question=EXEMPT_MARKER, response=EXEMPT_MARKER, user=actor())
    item.refresh_from_db()
    m.minutes_record(
        item=item,
        expected_version=item.version,
        minutes="Discussed.",
        resolution="noted",
        resolution_text="The Board noted the report.",
        user=actor(),
    )
    action = m.action_raise(
        meeting=held,
        agenda_item=item,
        text="Circulate the figures",
        owner="OPCC",
        due_date=today - timedelta(days=2),
        user=actor(),
    )
    m.action_raise(meeting=held, agenda_item=exempt, text=f"Negotiate {EXEMPT_MARKER}", owner="OPCC", user=actor())
    m.minutes_publish_draft(meeting=held, user=actor())
    private = m.meeting_create(
        body=body, committee=committee, date=today - timedelta(days=10), kind="private_briefing", user=actor()
    )
    p_item = m.agenda_item_add(meeting=private, number="1", title=f"Briefing {PRIVATE_MARKER}", user=actor())
    private_report = m.report_save(
        body=body,
        agenda_item=p_item,
        fields={"title": f"Briefing paper {PRIVATE_MARKER}", "purpose": PRIVATE_MARKER},
        user=actor(),
    )
    private_file = document_add(
        parent=private_report,
        upload=_pdf("briefing.pdf", f"Briefing {PRIVATE_MARKER}"),
        title="Briefing paper",
        user=actor(),
    )
    m.agenda_publish(meeting=private, user=actor())
    upcoming = m.meeting_create(body=body, committee=committee, date=today + timedelta(days=20), user=actor())
    m.agenda_item_add(
        meeting=upcoming, number="1", title=f"Draft item {DRAFT_MARKER}", purpose=DRAFT_MARKER, user=actor()
    )
    m.work_item_add(
        committee=committee, meeting=upcoming, title="Victims theme report", responsible="OPCC", user=actor()
    )
    m.work_item_add(committee=committee, meeting=private, title=f"Planned {PRIVATE_MARKER}", user=actor())
    m.work_item_add(committee=committee, title="Possible topic: rural crime", user=actor())
    other_committee = m.committee_create(body=other, name="Other Board", kind=Committee.Kind.BOARD, user=actor())
    other_meeting = m.meeting_create(
        body=other, committee=other_committee, date=today - timedelta(days=5), user=actor()
    )
    m.agenda_item_add(meeting=other_meeting, number="1", title=f"Other {OTHER_BODY_MARKER}", user=actor())
    return MeetingsWorld(
        committee=committee,
        held=held,
        private=private,
        upcoming=upcoming,
        report=report,
        exempt_item=exempt,
        exempt_report=exempt_report,
        private_report=private_report,
        public_file=public_file,
        private_file=private_file,
        action=action,
        other_meeting=other_meeting,
    )


def _pdf(name: str, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.papers import make_pdf

    return SimpleUploadedFile(name, make_pdf([[text]]), content_type="application/pdf")


@dataclass
class DecisionsWorld:
    published: object  # CPCC-style 2017-001, with its legal implications withheld
    signed: object  # signed, not yet published
    draft: object
    panel: Body
    secretariat: User
    panel_meeting: object
    notification: object


def decisions_make(body: Body, plan: Plan, meetings: MeetingsWorld) -> DecisionsWorld:
    from openpcc.decisions import services as d
    from openpcc.meetings import services as m
    from openpcc.meetings.models import Committee

    d.scheme_set(body=body, prefix="TPCC", user=actor())
    published = d.decision_create(
        body=body,
        user=actor(),
        fields={
            "subject": "Victim services contract",
            "decision": "Award the victim services contract.",
            "reasons": "Best value.",
            "amount": Decimal("150000"),
            "amount_note": "a year for two years",
            "category": "grant_funding",
            "legal_implications": EXEMPT_MARKER,
            "exempt_parts": ["legal_implications"],
            "withheld_reason": "Legal advice is privileged.",
            "meeting": meetings.held,
        },
        reports=[meetings.report],
        priorities=plan.priorities.filter(code="V1"),
    )
    published = d.decision_sign(decision=published, user=actor(), on=date(2017, 9, 21))
    published = d.decision_publish(decision=published, user=actor(), when=timezone.now() - timedelta(days=20))
    signed = d.decision_create(
        body=body,
        user=actor(),
        fields={"subject": f"Signed {DRAFT_MARKER}", "decision": DRAFT_MARKER, "amount": Decimal("5000")},
    )
    signed = d.decision_sign(decision=signed, user=actor(), on=date(2017, 10, 2))
    draft = d.decision_create(
        body=body, user=actor(), fields={"subject": f"Draft {DRAFT_MARKER}", "decision": DRAFT_MARKER}
    )
    panel = core_services.body_create(
        slug="test-panel",
        name="Test Police and Crime Panel",
        kind=Body.Kind.PANEL,
        scrutinises=body,
        brand_colour="#005a30",
        user=actor(),
    )
    secretariat = user_make("secretariat", (panel, Role.SECRETARIAT))
    committee = m.committee_create(body=panel, name="Police and Crime Panel", kind=Committee.Kind.PANEL, user=actor())
    panel_meeting = m.meeting_create(
        body=panel, committee=committee, date=timezone.localdate() - timedelta(days=3), user=actor()
    )
    item = d.notifications_create(meeting=panel_meeting, decisions=[published], number="9", user=actor())
    m.agenda_publish(meeting=panel_meeting, when=timezone.now() - timedelta(days=12), user=actor())
    return DecisionsWorld(
        published=published,
        signed=signed,
        draft=draft,
        panel=panel,
        secretariat=secretariat,
        panel_meeting=panel_meeting,
        notification=item.decision_notifications.get(),
    )


@dataclass
class World:
    """Two bodies: ``body`` with a published plan, a published round, an open round
    holding draft text, and a draft plan; ``other`` with its own plan and staff."""

    body: Body
    other: Body
    plan: Plan
    draft_plan: Plan
    published_round: ReportingRound
    open_round: ReportingRound
    other_plan: Plan
    other_round: ReportingRound
    editor: User
    approver: User
    other_editor: User
    panel_member: User
    _meetings: MeetingsWorld | None = field(default=None, repr=False)
    _decisions: DecisionsWorld | None = field(default=None, repr=False)

    @property
    def meetings(self) -> MeetingsWorld:
        """Meetings, papers, minutes and actions: made the first time a test asks for them, so a
        test that needs only plans pays only for plans."""
        if self._meetings is None:
            with search_index.deferred():
                self._meetings = meetings_make(self.body, self.other, self.plan)
        return self._meetings

    @property
    def decisions(self) -> DecisionsWorld:
        """Decision records and the panel that is told of them (with the meetings they need)."""
        if self._decisions is None:
            meetings = self.meetings
            with search_index.deferred():
                self._decisions = decisions_make(self.body, self.plan, meetings)
        return self._decisions

    def whole(self) -> World:
        """Every part made now (for tests about everything a body has)."""
        assert self.decisions
        return self


def world_make() -> World:
    # The search index is brought up to date once, at the end, as the demo loader does.
    with search_index.deferred():
        return _world_make()


def _world_make() -> World:
    body = body_make("test-pcc")
    other = body_make("other-pcc")
    editor = user_make("editor", (body, Role.EDITOR))
    approver = user_make("approver", (body, Role.APPROVER))
    other_editor = user_make("other-editor", (other, Role.EDITOR), (other, Role.APPROVER))
    panel_member = user_make("panel-member", (body, Role.PANEL_MEMBER))
    plan = plan_make(body)
    published = round_make(plan, "2017/18 Q1", date(2017, 4, 1), narrative="Published narrative.", publish=True)
    open_round = round_make(plan, "2017/18 Q2", date(2017, 7, 1), status="amber", narrative=DRAFT_MARKER)
    draft_plan = plans.plan_create(
        body=body,
        title=f"Draft plan {DRAFT_MARKER}",
        slug="draft-plan",
        period_start=date(2021, 4, 1),
        period_end=date(2024, 3, 31),
        user=actor(),
    )
    other_plan = plan_make(other, title="Other body plan")
    other_round = round_make(other_plan, "2017/18 Q1", date(2017, 4, 1), narrative=OTHER_BODY_MARKER)
    world = World(
        body=body,
        other=other,
        plan=plan,
        draft_plan=draft_plan,
        published_round=published,
        open_round=open_round,
        other_plan=other_plan,
        other_round=other_round,
        editor=editor,
        approver=approver,
        other_editor=other_editor,
        panel_member=panel_member,
    )
    return world


# --- spending over £500 ------------------------------------------------------------------------------

SPENDING_CANARY = "Mr Canary Q-Leakwell"
SPENDING_HEADER = "Date,Supplier,Expense Type,Service Area,Description,Amount,Transaction Number\n"


def spending_csv(month: date, lines: int = 3, *, canary: str = SPENDING_CANARY, marker: str = "") -> bytes:
    """A finance export for ``month``: ``lines`` ordinary lines over £500, one line of £500 or
    less, and a compensation payment to a person (``canary``), who must never be public."""
    rows = [
        f'{month:%d/%m/%Y},Supplier {n} Ltd {marker},Consultancy,Office,Work {n},"£{1000 + n:,}.50",T{n}\n'
        for n in range(lines)
    ]
    rows.append(f"{month:%d/%m/%Y},Small Supplier Ltd,Stationery,Office,Pens,120.00,TS\n")
    rows.append(f"{month:%d/%m/%Y},{canary},Compensation payment,Office,Paid to {canary},2500.00,TC\n")
    return (SPENDING_HEADER + "".join(rows)).encode()


@dataclass
class SpendingWorld:
    published: object  # a published month at the body
    draft: object  # an imported month not yet published
    other: object  # another body's published month
    token: str  # an upload waiting for its mapping


def spending_make(body: Body, other: Body, *, lines: int = 3) -> SpendingWorld:
    from openpcc.spending import services as s

    published = s.spending_file_import_now(
        body=body, month=date(2020, 4, 1), name="april.csv", data=spending_csv(date(2020, 4, 1), lines), user=actor()
    )
    published = s.spending_file_publish(file=published, expected_version=published.version, user=actor())
    draft = s.spending_file_import_now(
        body=body,
        month=date(2020, 5, 1),
        name="may.csv",
        data=spending_csv(date(2020, 5, 1), lines, marker=DRAFT_MARKER),
        user=actor(),
    )
    other_month = s.spending_file_import_now(
        body=other,
        month=date(2020, 4, 1),
        name="other.csv",
        data=spending_csv(date(2020, 4, 1), lines, marker=OTHER_BODY_MARKER),
        user=actor(),
    )
    token = s.spending_upload_stage(
        body=body, month=date(2020, 6, 1), name="june.csv", data=spending_csv(date(2020, 6, 1), lines), user=actor()
    )
    return SpendingWorld(published=published, draft=draft, other=other_month, token=token)


# --- funds, grants, services and bids ------------------------------------------------------------

INDIVIDUAL_CANARY = "Ms Canary Z-Grantholder"


@dataclass
class FundingWorld:
    fund: object
    org: object
    individual: object  # named INDIVIDUAL_CANARY: never public
    published: object  # awarded, published, varied once, part paid, serving V1
    to_individual: object  # awarded and published: "an individual"
    awarded: object  # awarded, not yet published (DRAFT_MARKER)
    draft: object  # DRAFT_MARKER
    service: object  # published contract
    draft_service: object  # DRAFT_MARKER
    bid: object  # published
    draft_bid: object  # DRAFT_MARKER
    other_grant: object  # another body's published grant


def funding_make(body: Body, other: Body, plan: Plan) -> FundingWorld:
    from openpcc.funding import services as f

    user = actor()
    fund = f.fund_create(
        body=body,
        fields={"name": "Victims Fund", "starts_on": date(2020, 4, 1), "budget": Decimal("100000.00")},
        user=user,
    )
    org = f.recipient_create(
        body=body, kind="organisation", name="Fenside Youth Trust", identifier="GB-CHC-999001", user=user
    )
    individual = f.recipient_create(body=body, kind="individual", name=INDIVIDUAL_CANARY, user=user)

    def grant(recipient, title, amount, *, award=True, publish=True, priorities=()):
        g = f.grant_create(
            body=body,
            fields={
                "fund": fund,
                "recipient": recipient,
                "title": title,
                "purpose": f"Purpose of {title}",
                "amount": Decimal(amount),
                "start_date": date(2020, 4, 1),
                "end_date": date(2021, 3, 31),
            },
            priorities=priorities,
            user=user,
        )
        if award:
            g = f.grant_award(grant=g, on=date(2020, 4, 1), user=user)
        if publish:
            g = f.grant_publish(grant=g, when=timezone.now() - timedelta(days=5), user=user)
        return g

    published = grant(org, "Victim outreach", "20000.10", priorities=plan.priorities.filter(code="V1"))
    f.grant_vary(
        grant=published,
        expected_version=published.version,
        what_changed="More outreach sessions",
        reason="Demand rose.",
        new_amount=Decimal("25000.15"),
        new_start=date(2020, 4, 1),
        new_end=date(2021, 3, 31),
        user=user,
    )
    published.refresh_from_db()
    f.payment_record(grant=published, paid_on=date(2020, 5, 1), amount=Decimal("10000.05"), user=user)
    to_individual = grant(individual, "Volunteer bursary", "500")
    awarded = grant(org, f"Awarded {DRAFT_MARKER}", "1000", publish=False)
    draft = grant(org, f"Draft {DRAFT_MARKER}", "1000", award=False, publish=False)
    service = f.service_create(
        body=body,
        fields={
            "provider": org,
            "name": "Victim referral service",
            "fund": fund,
            "value": Decimal("30000"),
            "start_date": date(2020, 4, 1),
            "end_date": date(2021, 3, 31),
            "procurement_route": "open_tender",
            "is_contract": True,
        },
        priorities=plan.priorities.filter(code="V1"),
        user=user,
    )
    service = f.service_publish(service=service, when=timezone.now() - timedelta(days=5), user=user)
    draft_service = f.service_create(
        body=body,
        fields={
            "provider": individual,
            "name": f"Service {DRAFT_MARKER}",
            "value": Decimal("900"),
            "start_date": date(2020, 4, 1),
            "end_date": date(2020, 6, 30),
            "procurement_route": "quotations",
            "is_contract": False,
        },
        user=user,
    )
    bid_fields = {
        "funder": "Home Office",
        "scheme": "Safer Streets Fund",
        "amount_sought": Decimal("545000"),
        "submitted_on": date(2020, 3, 2),
        "outcome": "successful",
        "amount_secured": Decimal("500000"),
    }
    bid = f.bid_create(body=body, fields=bid_fields, grants=[published, awarded], services=[service], user=user)
    bid = f.bid_publish(bid=bid, when=timezone.now() - timedelta(days=5), user=user)
    draft_bid = f.bid_create(
        body=body,
        fields={**bid_fields, "scheme": f"Scheme {DRAFT_MARKER}", "outcome": "pending", "amount_secured": None},
        user=user,
    )
    other_fund = f.fund_create(
        body=other, fields={"name": "Other Fund", "starts_on": date(2020, 4, 1), "budget": Decimal("5000")}, user=user
    )
    other_org = f.recipient_create(body=other, kind="organisation", name="Other Recipient", user=user)
    other_grant = f.grant_create(
        body=other,
        fields={
            "fund": other_fund,
            "recipient": other_org,
            "title": "Other body grant",
            "purpose": "Elsewhere.",
            "amount": Decimal("100"),
            "start_date": date(2020, 4, 1),
            "end_date": date(2020, 5, 1),
        },
        user=user,
    )
    other_grant = f.grant_publish(grant=f.grant_award(grant=other_grant, user=user), user=user)
    return FundingWorld(
        fund=fund,
        org=org,
        individual=individual,
        published=published,
        to_individual=to_individual,
        awarded=awarded,
        draft=draft,
        service=service,
        draft_service=draft_service,
        bid=bid,
        draft_bid=draft_bid,
        other_grant=other_grant,
    )
