"""Demo spending over £500 for Cambridgeshire: three months of invented lines (our own, not from
any published file), imported through the services as the finance system's CSV export would
be, with one payment to an individual that the rules redact, then published by the approver."""

from __future__ import annotations

import csv
import io
from datetime import date

from openpcc.core.models import Body, User
from openpcc.core.permissions import system_actor
from openpcc.spending import services as spending

HEADER = [
    "Transaction Date",
    "Supplier Name",
    "Supplier Type",
    "Expense Type",
    "Service Area",
    "Description",
    "Net Amount",
    "Transaction No",
]
# (day, supplier, supplier type, expense type, service area, description, amount)
MONTHS: dict[date, list[tuple]] = {
    date(2020, 4, 1): [
        (
            2,
            "Fenland Victim Support Trust",
            "Charity",
            "Grants to voluntary bodies",
            "Victims",
            "Quarterly grant instalment",
            "12,500.00",
        ),
        (
            6,
            "Ouse Valley IT Services Ltd",
            "Company",
            "Computer software",
            "Office of the PCC",
            "Case management licences",
            "3,240.00",
        ),
        (
            9,
            "Eastern Counties Legal LLP",
            "Company",
            "Legal fees",
            "Office of the PCC",
            "Advice on a collaboration agreement",
            "1,875.50",
        ),
        (
            14,
            "Granta Print and Design",
            "Company",
            "Printing and stationery",
            "Communications",
            "Annual report print run",
            "612.40",
        ),
        (
            21,
            "Fen Edge Stationers",
            "Company",
            "Printing and stationery",
            "Office of the PCC",
            "Office supplies",
            "148.20",
        ),
        (
            28,
            "Peterborough Youth Mentoring CIC",
            "Community interest company",
            "Grants to voluntary bodies",
            "Community safety",
            "Youth mentoring project",
            "8,000.00",
        ),
    ],
    date(2020, 5, 1): [
        (
            5,
            "Fenland Victim Support Trust",
            "Charity",
            "Grants to voluntary bodies",
            "Victims",
            "Quarterly grant instalment",
            "12,500.00",
        ),
        (
            7,
            "Cambridge Mediation Partnership",
            "Charity",
            "Commissioned services",
            "Restorative justice",
            "Restorative justice sessions",
            "4,650.00",
        ),
        (
            12,
            "Mr A Canary-Example",
            "Individual",
            "Compensation payment",
            "Office of the PCC",
            "Settlement paid to Mr A Canary-Example",
            "2,300.00",
        ),
        (
            18,
            "Ouse Valley IT Services Ltd",
            "Company",
            "Computer software",
            "Office of the PCC",
            "Credit for unused licences",
            "(1,080.00)",
        ),
        (26, "St Ives Venue Hire", "Company", "Room hire", "Engagement", "Public meeting, St Ives", "550.00"),
    ],
    date(2020, 6, 1): [
        (
            3,
            "Fenland Victim Support Trust",
            "Charity",
            "Grants to voluntary bodies",
            "Victims",
            "Quarterly grant instalment",
            "12,500.00",
        ),
        (
            10,
            "Eastern Counties Audit Services",
            "Company",
            "Audit fees",
            "Office of the PCC",
            "Internal audit, first quarter",
            "6,125.00",
        ),
        (
            15,
            "Huntingdon Domestic Abuse Service",
            "Charity",
            "Commissioned services",
            "Victims",
            "Independent domestic violence advisers",
            "21,750.00",
        ),
        (22, "Granta Print and Design", "Company", "Printing and stationery", "Communications", "Leaflets", "499.99"),
        (
            30,
            "Peterborough Youth Mentoring CIC",
            "Community interest company",
            "Grants to voluntary bodies",
            "Community safety",
            "Youth mentoring project",
            "8,000.00",
        ),
    ],
}


def _csv(month: date, rows: list[tuple]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for n, (day, supplier, kind, expense, area, description, amount) in enumerate(rows, start=1):
        when = date(month.year, month.month, day)
        writer.writerow(
            [f"{when:%d/%m/%Y}", supplier, kind, expense, area, description, amount, f"AP{month:%y%m}{n:03d}"]
        )
    return out.getvalue().encode()


def load_spending(body: Body, users: dict[str, User]) -> None:
    actor = system_actor("demo loader")
    for month, rows in MONTHS.items():
        made = spending.spending_file_import_now(
            body=body, month=month, name=f"ap-payments-over-500-{month:%Y-%m}.csv", data=_csv(month, rows), user=actor
        )
        spending.spending_file_publish(file=made, expected_version=made.version, user=users["approver"])
