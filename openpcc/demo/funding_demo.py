"""Demo funds, grants, commissioned services and bids, through the funding services.

The funds, budgets, awards and bids are the ones the seed papers name, with their figures (West
Midlands: Victims Fund, Community Safety Fund, External Commissioning, a £4.4m bid to a Ministry of
Justice emergency fund for charities; Cambridgeshire: the Youth and Community Fund's £32,675 awarded
from 1 April to 30 September 2020, the Casualty Reduction and Support Fund, a Safer Streets Fund bid
of over £545k). The recipients, their org-ids (in number ranges no register uses) and the split of
the totals between them are invented for the demonstration; the wording is the project's own."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpcc.core.models import Body, User
from openpcc.core.permissions import system_actor
from openpcc.funding import services as funding
from openpcc.funding.models import CommissionedService, FundingBid, Recipient
from openpcc.plans.models import Priority

LONDON = ZoneInfo("Europe/London")
APRIL_2020 = date(2020, 4, 1)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=LONDON)


def _org(body: Body, name: str, identifier: str, user: User) -> Recipient:
    return funding.recipient_create(
        body=body, kind=Recipient.Kind.ORGANISATION, name=name, identifier=identifier, user=user
    )


def _grant(body, fund, recipient, title, purpose, amount, start, end, *, officer, approver, priorities=(), **extra):
    grant = funding.grant_create(
        body=body,
        fields={
            "fund": fund,
            "recipient": recipient,
            "title": title,
            "purpose": purpose,
            "amount": Decimal(amount),
            "start_date": start,
            "end_date": end,
            **extra,
        },
        priorities=Priority.objects.filter(plan__body=body, code__in=priorities),
        user=officer,
    )
    grant = funding.grant_award(grant=grant, on=start, user=officer)
    return funding.grant_publish(grant=grant, when=_at(start), user=approver)


def _returns(grant, contact: str, received: list, officer: User) -> None:
    """Quarterly monitoring returns for ``grant``, the periods listed received (period end, date
    received, figures, narrative); the later ones are left due (or overdue)."""
    grant = funding.monitoring_set(
        record=grant,
        expected_version=grant.version,
        return_frequency="quarterly",
        return_due_days=30,
        contact_email=contact,
        user=officer,
    )
    for period_end, received_on, figures, narrative in received:
        start = next(r.period_start for r in grant.returns.all() if r.period_end == period_end)
        funding.return_record(
            record=grant,
            period_start=start,
            period_end=period_end,
            received_on=received_on,
            narrative=narrative,
            figures=figures,
            user=officer,
        )


def load_funding(bodies: dict[str, Body], users: dict[str, User]) -> None:
    _cambridgeshire(bodies["cambridgeshire-pcc"], users["officer"], users["approver"])
    _west_midlands(bodies["west-midlands-pcc"], users["wm-officer"])


def _cambridgeshire(body: Body, officer: User, approver: User) -> None:
    youth = funding.fund_create(
        body=body,
        fields={
            "name": "Youth and Community Fund",
            "starts_on": APRIL_2020,
            "budget": Decimal("50000"),
            "description": "Small grants for diversionary activities and community projects for young people. "
            "The budget is illustrative; the £32,675 awarded for April to September 2020 is the seed's figure.",
        },
        user=officer,
    )
    casualty = funding.fund_create(
        body=body,
        fields={
            "name": "Casualty Reduction and Support Fund",
            "starts_on": APRIL_2020,
            "budget": Decimal("100000"),
            "description": "Road safety education and support for people affected by road collisions "
            "(illustrative budget).",
        },
        user=officer,
    )
    orgs = {
        "fenside": _org(body, "Fenside Youth Project", "GB-CHC-999101", officer),
        "ouse": _org(body, "Ouse Valley Detached Youth Work", "GB-CHC-999102", officer),
        "nene": _org(body, "Nene Riverside Boxing Academy", "GB-COH-99000101", officer),
        "wisbech": _org(body, "Wisbech Young Leaders", "GB-CHC-999103", officer),
        "st-neots": _org(body, "St Neots Skatepark Collective", "GB-CHC-999104", officer),
        "roadpeace": _org(body, "Fens Road Victims Support Network", "GB-CHC-999105", officer),
        "drive": _org(body, "Young Drivers Education Partnership", "GB-COH-99000102", officer),
    }
    individual = funding.recipient_create(
        body=body, kind=Recipient.Kind.INDIVIDUAL, name="Demo Individual Recipient", user=officer
    )
    end = date(2020, 9, 30)
    youth_awards = [  # together the £32,675 the fund awarded from 1 April to 30 September 2020
        ("fenside", "Summer diversionary sessions", "Evening sports and arts sessions in Wisbech.", "9500", ["O5"]),
        ("ouse", "Detached youth work in Huntingdon", "Street-based youth workers on Friday nights.", "7850", ["O5"]),
        ("nene", "Boxing for better choices", "Coached sessions and mentoring for young people.", "6200", ["O5", "C7"]),
        ("wisbech", "Young leaders' community project", "Young people lead a neighbourhood clean-up.", "5125", ["C7"]),
        ("st-neots", "Skatepark safety and inclusion", "Volunteer-led sessions at the skatepark.", "3500", ["C7"]),
    ]
    first_youth = None
    for i, (key, title, purpose, amount, codes) in enumerate(youth_awards):
        start = date(2020, 4 + i, 1)
        grant = _grant(
            body,
            youth,
            orgs[key],
            title,
            purpose,
            amount,
            start,
            end,
            officer=officer,
            approver=approver,
            priorities=codes,
            conditions="Quarterly monitoring return; acknowledge the Commissioner's support.",
        )
        funding.payment_record(grant=grant, paid_on=start, amount=Decimal(amount) / 2, user=officer)
        first_youth = first_youth or grant
    _grant(
        body,
        youth,
        individual,
        "Youth volunteering bursary",
        "A bursary for a young volunteer's training as a sports coach.",
        "500",
        date(2020, 9, 1),
        end,
        officer=officer,
        approver=approver,
        priorities=["C7"],
    )
    summer = _grant(
        body,
        casualty,
        orgs["roadpeace"],
        "Support after a road collision",
        "Practical and emotional support for families bereaved or injured on the roads.",
        "24000",
        APRIL_2020,
        date(2021, 3, 31),
        officer=officer,
        approver=approver,
        priorities=["V5", "V6"],
    )
    funding.grant_vary(
        grant=summer,
        expected_version=summer.version,
        what_changed="Support moved to telephone and video calls",
        reason="Face-to-face visits stopped during the emergency; the grant pays for the extra call handling.",
        new_amount=Decimal("26500"),
        new_start=APRIL_2020,
        new_end=date(2021, 3, 31),
        on=date(2020, 5, 6),
        user=officer,
    )
    _returns(
        first_youth,
        "returns@fenside-youth.example.org",
        [
            (
                date(2020, 6, 30),
                date(2020, 7, 20),
                [("young people taking part", "64"), ("sessions held", "22")],
                "Sessions moved outdoors in June; most of those taking part came every week.",
            )
        ],
        officer,
    )
    summer.refresh_from_db()
    _returns(
        summer,
        "grants@fens-road-victims.example.org",
        [
            (
                date(2020, 6, 30),
                date(2020, 7, 28),
                [("families supported", "31"), ("support calls", "412")],
                "Almost all support was by telephone and video call; referrals from the police rose in May.",
            ),
            (
                date(2020, 9, 30),
                date(2020, 10, 26),
                [("families supported", "38"), ("support calls", "377")],
                "Some home visits resumed in September, with distancing.",
            ),
        ],
        officer,
    )
    _grant(
        body,
        casualty,
        orgs["drive"],
        "Young driver education",
        "Workshops on the risks of speed, distraction and drink driving for sixth-form students.",
        "18000",
        date(2020, 9, 1),
        date(2021, 7, 31),
        officer=officer,
        approver=approver,
        priorities=["C8"],
    )
    bid = funding.bid_create(
        body=body,
        fields={
            "funder": "Home Office",
            "scheme": "Safer Streets Fund",
            "amount_sought": Decimal("545000"),
            "amount_note": "over",
            "submitted_on": date(2020, 3, 2),
            "outcome": FundingBid.Outcome.PENDING,
            "summary": "Target hardening and street lighting in a Peterborough neighbourhood with high acquisitive "
            "crime.",
        },
        user=officer,
    )
    funding.bid_publish(bid=bid, when=_at(date(2020, 3, 3)), user=approver)


def _west_midlands(body: Body, officer: User) -> None:
    actor = system_actor("demo loader")
    funds = {
        name: funding.fund_create(
            body=body,
            fields={"name": name, "starts_on": APRIL_2020, "budget": Decimal(budget), "description": about},
            user=actor,
        )
        for name, budget, about in [
            ("Victims Fund", "3460000", "Commissioned support services for victims of crime."),
            ("Community Safety Fund", "3879957", "Grants to community safety partnerships and local projects."),
            ("External Commissioning", "2300000", "Services commissioned with partners."),
            ("Community Initiatives Fund", "200000", "Emergency small grants for the first half of 2020/21."),
        ]
    }
    providers = {
        "hub": _org(body, "Midlands Victim Care Hub", "GB-CHC-999201", actor),
        "sv": _org(body, "Sexual Violence Support Alliance", "GB-CHC-999202", actor),
        "da": _org(body, "Domestic Abuse Advocacy Partnership", "GB-COH-99000201", actor),
        "rj": _org(body, "Restorative Justice Midlands", "GB-CHC-999203", actor),
        "substance": _org(body, "Custody Substance Misuse Services", "GB-COH-99000202", actor),
        "csp": _org(body, "West Midlands Community Safety Consortium", "GB-CHC-999204", actor),
        "food": _org(body, "Neighbourhood Food Link", "GB-CHC-999205", actor),
        "elders": _org(body, "Elders' Phone Friends", "GB-CHC-999206", actor),
    }
    year_end = date(2021, 3, 31)
    for key, name, fund, value, route in [  # the Victims Fund's £3,460,000, all commissioned
        ("hub", "Victim assessment and referral service", "Victims Fund", "1450000", "open_tender"),
        ("sv", "Sexual violence counselling and advocacy", "Victims Fund", "980000", "open_tender"),
        ("da", "Independent domestic abuse advocates", "Victims Fund", "630000", "framework"),
        ("rj", "Restorative justice service", "Victims Fund", "400000", "restricted"),
        ("substance", "Drug and alcohol workers in custody", "External Commissioning", "2300000", "collaboration"),
    ]:
        service = funding.service_create(
            body=body,
            fields={
                "provider": providers[key],
                "name": name,
                "fund": funds[fund],
                "value": Decimal(value),
                "start_date": APRIL_2020,
                "end_date": year_end,
                "procurement_route": route,
                "is_contract": True,
                "description": "Provided under contract; the provider had a variation letter during the emergency.",
            },
            user=actor,
        )
        funding.service_publish(service=service, when=_at(APRIL_2020), user=officer)
    grant = _grant(
        body,
        funds["Community Safety Fund"],
        providers["csp"],
        "Community safety partnership programme",
        "Local projects agreed with the community safety partnerships.",
        "3879957",
        APRIL_2020,
        year_end,
        officer=officer,
        approver=officer,
    )
    funding.grant_vary(
        grant=grant,
        expected_version=grant.version,
        what_changed="Delivery plan revised for the emergency",
        reason="A variation letter to every provider let projects move to remote delivery; the amount is unchanged "
        "and the end date moves to the end of June 2021.",
        new_amount=Decimal("3879957"),
        new_start=APRIL_2020,
        new_end=date(2021, 6, 30),
        on=date(2020, 4, 20),
        user=officer,
    )
    for key, title, amount in [
        ("food", "Food parcels for isolated households", "12500"),
        ("elders", "Telephone befriending for older people", "8000"),
    ]:
        _grant(
            body,
            funds["Community Initiatives Fund"],
            providers[key],
            title,
            "A quick-turnaround grant from the emergency fund for the first two quarters.",
            amount,
            date(2020, 4, 15),
            date(2020, 9, 30),
            officer=officer,
            approver=officer,
        )
    bid = funding.bid_create(
        body=body,
        fields={
            "funder": "Ministry of Justice",
            "scheme": "Emergency funding for charities supporting victims",
            "amount_sought": Decimal("4400000"),
            "submitted_on": date(2020, 5, 12),
            "outcome": FundingBid.Outcome.PENDING,
            "summary": "For the extra demand on victim services during the emergency.",
        },
        services=CommissionedService.objects.filter(body=body, fund=funds["Victims Fund"]),
        user=actor,
    )
    funding.bid_publish(bid=bid, when=_at(date(2020, 5, 13)), user=officer)
