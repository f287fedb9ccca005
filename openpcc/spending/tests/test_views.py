"""Spending pages: the public months and a month's lines (filters, sorting, paging, CSV and JSON
with the same fields), the canary name of a person paid never public anywhere, and the staff
journey upload → mapping → import through the pages."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openpcc.search import index as search_index
from openpcc.spending import services
from openpcc.spending.models import REDACTED_SUPPLIER, SpendingFile, SpendingLine
from tests.factories import SPENDING_CANARY, actor, spending_csv

pytestmark = pytest.mark.django_db
APRIL = date(2020, 4, 1)


def _published(body, month=APRIL, lines=3):
    made = services.spending_file_import_now(
        body=body, month=month, name=f"{month}.csv", data=spending_csv(month, lines), user=actor()
    )
    return services.spending_file_publish(file=made, expected_version=made.version, user=actor())


def _month_url(name, f, **query):
    url = reverse(name, args=[f.body.slug, *f.url_args])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_months_and_a_month(client, world):
    april = _published(world.body)
    may = _published(world.body, date(2020, 5, 1), lines=1)
    page = client.get(reverse("spending:list", args=[world.body.slug])).content.decode()
    assert page.index("May 2020") < page.index("April 2020")
    assert "£3,500.50" in page and "£5,504.50" in page  # to the penny
    month = client.get(_month_url("spending:month", april)).content.decode()
    assert "Supplier 2 Ltd" in month and "£1,002.50" in month and REDACTED_SUPPLIER in month
    assert "Small Supplier Ltd" not in month  # £500 or less: not published
    assert april.total == Decimal("1000.50") + Decimal("1001.50") + Decimal("1002.50") + Decimal("2500.00")
    assert may.total == Decimal("3500.50")


def test_filters_sorting_and_paging(client, world):
    april = _published(world.body, lines=60)
    page = client.get(_month_url("spending:month", april, sort="amount")).content.decode()
    assert page.index("£2,500.00") < page.index("£1,059.50") < page.index("£1,058.50")
    assert "1 to 50 shown" in page
    page2 = client.get(_month_url("spending:month", april, sort="amount", page=2)).content.decode()
    assert "51 to 61 shown" in page2 and "£1,000.50" in page2
    only = client.get(_month_url("spending:month", april, supplier="supplier+5+ltd")).content.decode()
    assert "1 item, £1,005.50" in only
    by_type = client.get(_month_url("spending:month", april, expense_type="Compensation+payment")).content.decode()
    assert "1 item, £2,500.00" in by_type and REDACTED_SUPPLIER in by_type
    # searching for the person's name finds nothing: only the public label is searched
    assert "0 items" in client.get(_month_url("spending:month", april, supplier="Canary")).content.decode()


def test_sorting_by_supplier_never_reveals_a_redacted_name(world):
    from openpcc.spending.selectors import line_public_list

    data = (
        b"Date,Supplier,Expense Type,Amount\n"
        b"01/04/2020,Mr Aaron First,Compensation payment,900\n"
        b"01/04/2020,Mr Zed Last,Compensation payment,800\n"
        b"01/04/2020,Quayside Ltd,Fees,700\n"
        b"01/04/2020,Acme Ltd,Fees,600\n"
    )
    made = services.spending_file_import_now(body=world.body, month=APRIL, name="a.csv", data=data, user=actor())
    services.spending_file_publish(file=made, expected_version=1, user=actor())
    rows = line_public_list(file=made, sort="supplier", page="1").lines
    # the redacted lines sort by their label, between "Quayside" and nothing by name; ties by date then amount
    assert [r["public_supplier"] for r in rows] == ["Acme Ltd", "Quayside Ltd", REDACTED_SUPPLIER, REDACTED_SUPPLIER]
    assert [r["amount"] for r in rows[2:]] == [Decimal("800.00"), Decimal("900.00")]
    assert all("supplier" not in r and "description" not in r for r in rows)


def test_csv_and_json_have_the_same_fields_and_values(client, world):
    april = _published(world.body)
    text = client.get(_month_url("spending:month_csv", april)).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    data = json.loads(client.get(_month_url("spending:month_json", april)).content)
    assert [{k: str(v) for k, v in r.items()} for r in data["lines"]] == [
        {k: ("True" if v == "True" else "False" if v == "False" else v) for k, v in r.items()} for r in rows
    ]
    assert data["total"] == "5504.50" and data["count"] == 4
    assert sum(Decimal(r["amount"]) for r in rows) == Decimal(data["total"])
    months = json.loads(client.get(reverse("spending:json", args=[world.body.slug])).content)
    assert months["months"][0]["month"] == "2020-04" and months["months"][0]["total"] == "5504.50"


def test_the_person_paid_never_reaches_the_public(client, world):
    """The canary name is in a draft month and a published one; no public page, export, feed,
    search result or home page shows it, nor the description that repeats it."""
    with search_index.deferred():
        april = _published(world.body)
        services.spending_file_import_now(
            body=world.body, month=date(2020, 5, 1), name="may.csv", data=spending_csv(date(2020, 5, 1)), user=actor()
        )
    assert SpendingLine.objects.filter(supplier=SPENDING_CANARY).count() == 2
    b = world.body.slug
    urls = [
        reverse("public:body_home", args=[b]),
        reverse("public:body_feed", args=[b]),
        reverse("spending:list", args=[b]),
        reverse("spending:json", args=[b]),
        _month_url("spending:month", april),
        _month_url("spending:month", april, sort="supplier"),
        _month_url("spending:month_csv", april),
        _month_url("spending:month_json", april, sort="supplier"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert "Canary" not in content and "Leakwell" not in content, url
    for words in ("Canary", "Leakwell", "Compensation", "Supplier Ltd"):
        page = client.get(reverse("public:search"), {"q": words}).content.decode()
        results = page.split('aria-label="Results"')[-1]
        assert "Canary" not in results and "Leakwell" not in results, words
    assert "Spending over £500: April 2020" in client.get(reverse("public:search") + "?q=Supplier").content.decode()
    assert "Spending over £500: April 2020" in client.get(reverse("public:body_feed", args=[b])).content.decode()
    home = client.get(reverse("public:body_home", args=[b])).content.decode()
    assert "In April 2020: 4 items of expenditure over £500, totalling £5,504.50." in home
    # staff see the name, with the reason it is not public
    client.force_login(world.editor)
    staff = client.get(reverse("spending_staff:file", args=[b, april.pk])).content.decode()
    assert SPENDING_CANARY in staff and "Compensation payment" in staff


def test_the_staff_journey(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.editor)
    b = world.body.slug
    data = (
        b"Posted,Payee,Category,Gross,Net\n"
        b"01/04/2020,Acme Ltd,Fees,1200.00,1000.00\n"
        b"02/04/2020,Mrs P Person,Fees,700,600\n"
    )
    r = client.post(
        reverse("spending_staff:upload", args=[b]),
        {"month": "4", "year": "2020", "file": SimpleUploadedFile("april.csv", data)},
    )
    assert r.status_code == 302
    mapping_url = r["Location"]
    page = client.get(mapping_url).content.decode()
    assert "Acme Ltd" in page and REDACTED_SUPPLIER in page and "Mrs P Person" in page  # staff preview
    assert 'value="4" selected' in page and "£1,000.00" in page  # "Net" guessed for the amount
    # the officer corrects the amount to the gross column and previews
    choice = {"date": "0", "supplier": "1", "expense_type": "2", "amount": "3"}
    page = client.post(mapping_url, {**choice, "action": "preview"}).content.decode()
    assert "£1,200.00" in page and "£1,000.00" not in page
    # the same column twice is refused, naming it
    page = client.post(mapping_url, {**choice, "supplier": "0", "action": "import"}).content.decode()
    assert "already used for the date" in page and not SpendingFile.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(mapping_url, {**choice, "action": "import"})
    made = SpendingFile.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("spending_staff:file", args=[b, made.pk])
    assert made.total == Decimal("1900.00") and made.redacted_count == 1 and not made.is_public
    assert client.get(mapping_url).status_code == 404  # the staged upload is gone
    # the same file again is refused at upload
    r = client.post(
        reverse("spending_staff:upload", args=[b]),
        {"month": "5", "year": "2020", "file": SimpleUploadedFile("again.csv", data)},
    )
    assert "imported already, for April 2020" in r.content.decode()
    # an editor cannot publish; an approver can
    assert client.post(reverse("spending_staff:publish", args=[b, made.pk]), {"version": 1}).status_code == 403
    client.force_login(world.approver)
    client.post(reverse("spending_staff:publish", args=[b, made.pk]), {"version": made.version})
    made.refresh_from_db()
    assert made.is_public


def test_a_bad_file_is_refused_with_the_row_named(client, world):
    client.force_login(world.editor)
    b = world.body.slug
    data = b"Date,Supplier,Amount\n01/04/2020,Acme Ltd,900\n02/04/2020,Beta Ltd,nine hundred\n"
    r = client.post(
        reverse("spending_staff:upload", args=[b]),
        {"month": "4", "year": "2020", "file": SimpleUploadedFile("april.csv", data)},
    )
    page = client.post(
        r["Location"], {"date": "0", "supplier": "1", "amount": "2", "action": "import"}
    ).content.decode()
    assert "Nothing was imported: 1 problem in the file." in page
    assert "Row 3, column “Amount” (amount): “nine hundred” is not an amount of money" in page
    assert not SpendingFile.objects.exists()


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"month": "4", "year": "20"}, "Ensure this value is greater than or equal to 2000"),
        ({"month": "13", "year": "2020"}, "Select a valid choice"),
    ],
)
def test_bad_upload_input_is_named(client, world, fields, words):
    client.force_login(world.editor)
    r = client.post(
        reverse("spending_staff:upload", args=[world.body.slug]),
        {**fields, "file": SimpleUploadedFile("a.csv", spending_csv(APRIL))},
    )
    assert r.status_code == 200 and words in r.content.decode()


def test_a_file_that_is_not_a_spreadsheet_is_refused(client, world):
    client.force_login(world.editor)
    r = client.post(
        reverse("spending_staff:upload", args=[world.body.slug]),
        {"month": "4", "year": "2020", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")},
    )
    assert "Upload the export as a CSV file (.csv) or an Excel workbook (.xlsx)." in r.content.decode()
