"""A body's published grants in the 360Giving Data Standard (1.4): a JSON data package and the
same grants as a spreadsheet with the standard's flattened column titles.

Decisions, in one place:

- **Which grants.** Published grants that were awarded (awarded or since closed), at their
  amounts after variations; never drafts. ``year`` is a financial year by its starting year:
  ``year=2020`` is every grant whose award date falls from 1 April 2020 to 31 March 2021 (the
  award date is what 360Giving files are cut by; it is the grant's start when no award date was
  recorded). No year: every year.
- **Identifiers.** A grant is ``<prefix>-<grant id>``, the prefix being the one 360Giving
  registered for the body (``GivingPublisher``). Until a body records one it publishes under the
  provisional ``360G-openpcc-<body slug>``, which the package's description says. A recipient
  organisation is its org-id (``GB-CHC-…``, ``GB-COH-…``); one recorded without an org-id is
  ``<prefix>-ORG-<recipient id>``, as the standard advises for organisations with no register
  number. The funder is the body's org-id from ``GivingPublisher`` (a body with no charity or
  company number records, say, its ``GB-GOR-`` code); without one, the body's 360Giving prefix
  stands for it.
- **Individuals** follow the standard's rules for grants to individuals: ``recipientIndividual``
  with an anonymised identifier (``<prefix>-IND-<grant id>``: one per grant, so that nothing in
  the file links two grants to the same person) and the generic name "Individual Recipient"; a
  generic title and description (the grant's own may describe the person), no payments, no
  location. ``toIndividualsDetails`` is left out: the office records no reason or purpose codes.
- **Amounts** are JSON numbers in pounds (GBP), exact to the penny.
- ``grantProgramme`` is the fund (with its financial year), ``classifications`` the Police and
  Crime Plan priorities the grant serves, ``plannedDates`` its planned start and end, ``url`` its
  public page. No ``beneficiaryLocation`` or ``relatedActivity``: the office records neither.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import DateField, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse

from openpcc.core.exports import spreadsheet_safe
from openpcc.core.models import Body
from openpcc.core.params import year_value
from openpcc.plans.models import Priority

from .models import GivingPublisher, Grant, Payment, financial_year_label
from .selectors import MONEY, in_pennies

VERSION = "1.4"
CURRENCY = "GBP"
INDIVIDUAL_NAME = "Individual Recipient"
INDIVIDUAL_TITLE = "Grant to an individual"
PROVISIONAL_PREFIX = "360G-openpcc-"
CHARITY_LISTS = ("GB-CHC-", "GB-SC-", "GB-NIC-")
COMPANY_LISTS = ("GB-COH-",)
YEAR_MESSAGE = (
    "The year must be a financial year given by the year it starts, as four digits: "
    "year=2020 is 1 April 2020 to 31 March 2021."
)


class BadYear(ValueError):
    """The ``year`` parameter is not a financial year (the message says what to give)."""


def year_param(value: str) -> int | None:
    """The financial year asked for (None: every year); raises BadYear for anything else."""
    if not value:
        return None
    year = year_value(value)
    if year is None:
        raise BadYear(YEAR_MESSAGE)
    return year


def year_label(year: int | None) -> str:
    return financial_year_label(date(year, 4, 1)) if year is not None else "all years"


@dataclass(frozen=True)
class Publisher:
    prefix: str
    org_id: str
    registered: bool


def publisher_get(*, body: Body) -> Publisher:
    """The body's 360Giving prefix and funder org-id (one query)."""
    row = GivingPublisher.objects.filter(body=body).first()
    if row is None:
        prefix = PROVISIONAL_PREFIX + body.slug
        return Publisher(prefix=prefix, org_id=prefix, registered=False)
    return Publisher(prefix=row.prefix, org_id=row.org_id or row.prefix, registered=True)


def giving_grants(*, body: Body, year: int | None) -> list[Grant]:
    """The body's published, awarded grants (awarded in financial year ``year`` when given),
    each with ``award_date`` and ``paid``: two queries whatever the number of grants."""
    qs: QuerySet[Grant] = (
        Grant.objects.for_body(body)
        .published()
        .annotate(award_date=Coalesce("awarded_on", "start_date", output_field=DateField()))
    )
    if year is not None:
        qs = qs.filter(award_date__gte=date(year, 4, 1), award_date__lt=date(year + 1, 4, 1))
    paid = Payment.objects.filter(grant=OuterRef("pk")).order_by().values("grant").annotate(t=Sum("amount"))
    return list(
        qs.annotate(paid=Subquery(paid.values("t")[:1], output_field=MONEY))
        .select_related("fund", "recipient", "body")
        .prefetch_related(
            Prefetch("priorities", queryset=Priority.objects.select_related("plan__body").order_by("order", "id"))
        )
        .order_by("award_date", "id")
    )


def _number(value: Decimal) -> int | float:
    """An amount as a JSON number: whole pounds as an integer, pence exactly (a float prints the
    shortest form that reads back as the same number, so 1234.56 stays 1234.56)."""
    value = Decimal(value).quantize(Decimal("0.01"))
    return int(value) if value == value.to_integral_value() else float(value)


def _organisation(grant: Grant, publisher: Publisher) -> dict[str, str]:
    recipient = grant.recipient
    org_id = recipient.identifier or f"{publisher.prefix}-ORG-{recipient.pk}"
    record = {"id": org_id, "name": recipient.name}
    for lists, key in ((CHARITY_LISTS, "charityNumber"), (COMPANY_LISTS, "companyNumber")):
        for prefix in lists:
            if recipient.identifier.startswith(prefix):
                record[key] = recipient.identifier[len(prefix) :]
    return record


def grant_record(grant: Grant, *, publisher: Publisher, absolute: Any) -> dict[str, Any]:
    """One grant in the 360Giving schema. ``absolute`` makes a path an absolute address."""
    body, fund = grant.body, grant.fund
    individual = grant.recipient.is_individual
    fund_path = reverse("funding:list", args=[body.slug]) + f"?fund={fund.pk}"
    record: dict[str, Any] = {
        "id": f"{publisher.prefix}-{grant.pk}",
        "title": INDIVIDUAL_TITLE if individual else grant.title,
        "description": (
            f"A grant to an individual from the {fund.name} {fund.financial_year}." if individual else grant.purpose
        ),
        "currency": CURRENCY,
        "amountAwarded": _number(grant.amount),
        "awardDate": grant.award_date.isoformat(),
        "url": absolute(reverse("funding:detail", args=[body.slug, grant.pk])),
        "plannedDates": [{"startDate": grant.start_date.isoformat(), "endDate": grant.end_date.isoformat()}],
    }
    if individual:
        record["recipientIndividual"] = {"id": f"{publisher.prefix}-IND-{grant.pk}", "name": INDIVIDUAL_NAME}
    else:
        record["recipientOrganization"] = [_organisation(grant, publisher)]
        if grant.paid:
            record["amountDisbursed"] = _number(in_pennies(grant.paid))
    record["fundingOrganization"] = [{"id": publisher.org_id, "name": body.name}]
    record["grantProgramme"] = [
        {
            "code": f"{publisher.prefix}-FUND-{fund.pk}",
            "title": f"{fund.name} {fund.financial_year}",
            "url": absolute(fund_path),
        }
    ]
    priorities = list(grant.priorities.all())
    if priorities:
        record["classifications"] = [
            {
                "vocabulary": f"{publisher.prefix}-plan-priority",
                "code": p.code,
                "title": p.text,
                "url": absolute(reverse("plans:priority", args=[p.plan.body.slug, p.code])),
            }
            for p in priorities
        ]
    return record


def package(*, body: Body, year: int | None, absolute: Any) -> dict[str, Any] | None:
    """The 360Giving data package of the body's grants for ``year``, or None when there is no
    grant to put in it (the standard's package holds at least one)."""
    publisher = publisher_get(body=body)
    grants = giving_grants(body=body, year=year)
    if not grants:
        return None
    label = year_label(year)
    provisional = (
        ""
        if publisher.registered
        else f" The identifiers use the provisional prefix {publisher.prefix} until the office records the prefix "
        "360Giving registered for it."
    )
    query = f"?year={year}" if year is not None else ""
    meta: dict[str, Any] = {
        "version": VERSION,
        "title": f"{body.name}: grants awarded, {label}",
        "description": (
            f"Grants awarded by the {body.name} ({'financial year ' + label if year else label}), "
            "as published on its grants pages. Grants to individuals do not name them." + provisional
        ),
        "identifier": f"{publisher.prefix}-{year if year is not None else 'all'}",
        "publisher": {"name": body.name, "identifier": publisher.org_id},
        "downloadURL": absolute(reverse("funding:giving360_json", args=[body.slug]) + query),
        "accessURL": absolute(reverse("funding:list", args=[body.slug])),
    }
    if body.website:
        meta["publisher"]["website"] = body.website
    return {**meta, "grants": [grant_record(g, publisher=publisher, absolute=absolute) for g in grants]}


# --- the spreadsheet -----------------------------------------------------------------------------

# The standard's flattened column titles (the schema's "title"s joined by ":"), and where each
# reads from a grant of the JSON package. Lists with one item per grant roll up into the row;
# classifications, of which a grant may have several, go to a sheet of their own keyed by grant.
GRANT_COLUMNS: list[tuple[str, tuple]] = [
    ("Identifier", ("id",)),
    ("Title", ("title",)),
    ("Description", ("description",)),
    ("Currency", ("currency",)),
    ("Amount Awarded", ("amountAwarded",)),
    ("Amount Disbursed", ("amountDisbursed",)),
    ("Award Date", ("awardDate",)),
    ("URL", ("url",)),
    ("Planned Dates:Start Date", ("plannedDates", 0, "startDate")),
    ("Planned Dates:End Date", ("plannedDates", 0, "endDate")),
    ("Recipient Org:Identifier", ("recipientOrganization", 0, "id")),
    ("Recipient Org:Name", ("recipientOrganization", 0, "name")),
    ("Recipient Org:Charity Number", ("recipientOrganization", 0, "charityNumber")),
    ("Recipient Org:Company Number", ("recipientOrganization", 0, "companyNumber")),
    ("Recipient Ind:Identifier", ("recipientIndividual", "id")),
    ("Recipient Ind:Name", ("recipientIndividual", "name")),
    ("Funding Org:Identifier", ("fundingOrganization", 0, "id")),
    ("Funding Org:Name", ("fundingOrganization", 0, "name")),
    ("Grant Programme:Code", ("grantProgramme", 0, "code")),
    ("Grant Programme:Title", ("grantProgramme", 0, "title")),
    ("Grant Programme:URL", ("grantProgramme", 0, "url")),
]
CLASSIFICATION_COLUMNS: list[tuple[str, str]] = [
    ("Classifications:Vocabulary", "vocabulary"),
    ("Classifications:Code", "code"),
    ("Classifications:Title", "title"),
    ("Classifications:URL", "url"),
]


def _at(record: Any, path: tuple) -> Any:
    for step in path:
        try:
            record = record[step]
        except (KeyError, IndexError, TypeError):
            return None
    return record


def _cell(value: Any) -> Any:
    """Numbers stay numbers; text is made safe from being read as a formula."""
    if value is None or isinstance(value, int | float):
        return value
    return spreadsheet_safe(value)


def sheets(data: dict[str, Any]) -> dict[str, list[list[Any]]]:
    """The package as rows of cells, per sheet (a header row first)."""
    grants = [[title for title, _ in GRANT_COLUMNS]]
    classifications = [["Identifier"] + [title for title, _ in CLASSIFICATION_COLUMNS]]
    for g in data["grants"]:
        grants.append([_cell(_at(g, path)) for _, path in GRANT_COLUMNS])
        for c in g.get("classifications", []):
            classifications.append([_cell(g["id"])] + [_cell(c.get(key)) for _, key in CLASSIFICATION_COLUMNS])
    return {"grants": grants, "classifications": classifications}


def workbook(data: dict[str, Any]) -> bytes:
    """The package as an .xlsx file: a "grants" sheet and a "classifications" sheet."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    for name, rows in sheets(data).items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
