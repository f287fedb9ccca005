"""Reading finance exports: amounts exactly as Decimal, the date forms, the header guesses."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from openpcc.spending import parsing
from openpcc.spending.redaction import rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("£1,234.56", "1234.56"),
        ("1234.5", "1234.50"),
        ("(1,234.56)", "-1234.56"),
        ("1,234.56 CR", "-1234.56"),
        ("-600", "-600.00"),
        (" 501 ", "501.00"),
        ("£ 12,000", "12000.00"),
        (1234.56, "1234.56"),  # a workbook's float, exactly what the cell shows
        (0.1 + 0.2, "0.30"),  # a computed cell: float noise below a millionth of a pound is rounded off
        (600, "600.00"),
        (Decimal("700.10"), "700.10"),
    ],
)
def test_amounts_parse_exactly(text, expected):
    value = parsing.parse_amount(text)
    assert isinstance(value, Decimal) and value == Decimal(expected) and str(value) == expected


@pytest.mark.parametrize("text", ["", None, "abc", "12,34x", "1.234.5", "NaN", "Infinity", "1e5", "12.345", "£", True])
def test_bad_amounts_say_why(text):
    with pytest.raises(ValueError) as exc:
        parsing.parse_amount(text)
    assert str(exc.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01/04/2020", date(2020, 4, 1)),
        ("1/4/2020", date(2020, 4, 1)),
        ("2020-04-01", date(2020, 4, 1)),
        ("01/04/2020 00:00:00", date(2020, 4, 1)),
        ("2020-04-01T00:00:00", date(2020, 4, 1)),
        ("01-Apr-2020", date(2020, 4, 1)),
        ("43922", date(2020, 4, 1)),  # an Excel serial day written out as text
        (43922, date(2020, 4, 1)),
        (43922.0, date(2020, 4, 1)),
        (datetime(2020, 4, 1, 9, 30), date(2020, 4, 1)),
        (date(2020, 4, 1), date(2020, 4, 1)),
    ],
)
def test_dates_in_every_form(value, expected):
    assert parsing.parse_date(value) == expected


@pytest.mark.parametrize("value", ["", None, "31/02/2020", "04/31/2020", "yesterday", "0", "99999999", -5])
def test_bad_dates_say_why(value):
    with pytest.raises(ValueError):
        parsing.parse_date(value)


def test_the_mapping_is_guessed_from_each_systems_header_names():
    headers = [
        "Transaction Date",
        "Vendor Name",
        "Expense Area",
        "Expenditure Category",
        "Net Amount",
        "Trans No",
        "Narrative",
    ]
    guessed = parsing.guess_mapping(headers)
    assert guessed["date"] == 0 and guessed["supplier"] == 1 and guessed["amount"] == 4
    assert guessed["service_area"] == 2 and guessed["expense_type"] == 3 and guessed["description"] == 6
    other = parsing.guess_mapping(["Payee", "Date Paid", "Value (£)", "Cost Centre", "Purpose"])
    assert (other["supplier"], other["date"], other["amount"], other["service_area"], other["description"]) == (
        0,
        1,
        2,
        3,
        4,
    )
    assert parsing.guess_mapping(["Colour", "Shape"]) == dict.fromkeys(parsing.LABELS)


def test_mapping_problems_name_the_field():
    headers = ["Date", "Supplier", "Amount"]
    assert parsing.mapping_problems({"date": 0, "supplier": 1, "amount": 2}, headers) == {}
    problems = parsing.mapping_problems({"date": 0, "supplier": 0, "amount": None}, headers)
    assert "already used for the date" in problems["supplier"] and "amount" in problems["amount"]


def test_csv_and_xlsx_read_the_same_rows():
    csv_table = parsing.read_table("x.csv", b'\xef\xbb\xbfDate,Supplier,Amount\r\n01/04/2020,A Ltd,"1,000.00"\r\n')
    assert csv_table.headers == ["Date", "Supplier", "Amount"]
    assert list(csv_table.rows) == [(2, ["01/04/2020", "A Ltd", "1,000.00"])]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date", "Supplier", "Amount"])
    sheet.append([datetime(2020, 4, 1), "A Ltd", 1000])
    out = io.BytesIO()
    book.save(out)
    table = parsing.read_table("x.xlsx", out.getvalue())
    assert table.headers == ["Date", "Supplier", "Amount"]
    assert list(table.rows) == [(2, [datetime(2020, 4, 1), "A Ltd", 1000])]


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("x.pdf", b"%PDF", "CSV file"),
        ("x.csv", b"", "empty"),
        ("x.csv", b"just one\n", "header row"),
        ("x.xlsx", b"not a zip", "not a readable Excel workbook"),
        ("x.csv", b"PK\x03\x04\x00\x00binary", "binary"),
    ],
)
def test_unreadable_files_are_named(name, data, words):
    with pytest.raises(parsing.FileProblem, match=words):
        parsing.read_table(name, data)


def test_redaction_rules():
    r = rules()
    assert r.reason(supplier="Mr J Smith")
    assert r.reason(supplier="MRS. JONES")
    assert r.reason(supplier="dr a patel")
    assert r.reason(supplier="Acme Ltd", supplier_type="Individual")
    assert r.reason(supplier="Acme Ltd", expense_type="Compensation Payment")
    assert not r.reason(supplier="Mrs Smith's Bakery Ltd".replace("Mrs ", "Mrsmith "))
    assert not r.reason(supplier="Drayton Parish Council")  # "Dr" only as a title with a space
    assert not r.reason(supplier="Mr")  # a title alone names nobody
    assert not r.reason(supplier="Acme Ltd", supplier_type="Company", expense_type="Consultancy")


def test_the_rules_can_be_configured(settings):
    settings.OPENPCC_SPENDING_REDACTION = {"name_prefixes": ["Cllr "]}
    r = rules()
    assert r.reason(supplier="Cllr A Person") and not r.reason(supplier="Mr A Person")


def _by_the_rule(table_of, mapping, month, r):
    """Lines and problems as ``parse_row`` makes them, row by row."""
    table = table_of()
    lines, problems = [], []
    for number, cells in table.rows:
        row = parsing.parse_row(number, cells, mapping=mapping, headers=table.headers, month=month, rules=r)
        if row is None or row.skipped:
            continue
        if row.problems:
            problems.extend(str(p) for p in row.problems)
            continue
        lines.append((number, *(row.values[k] for k in parsing.LINE_FIELDS[1:])))
    return lines, problems


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_fast_reader_gives_exactly_what_the_rule_gives(kind):
    """``Lines`` (the import's fast path) against ``parse_row`` (the rule) on every kind of cell."""
    header = ["Date", "Supplier", "Supplier Type", "Expense Type", "Amount", "Description", "Reference"]
    rows = [
        ["01/04/2020", "A Ltd", "Company", "Fees", "1234.56", "Work", "X1"],
        ["01/04/2020", "  B   Ltd ", "", "Fees", "£1,234.56", " two  spaces ", "X2"],
        ["2020-04-02", "Mr J Smith", "", "Fees", "600.00", "Names him", "X3"],
        ["02/04/2020", "C Ltd", "Individual", "Fees", "(1,000.01)", "", ""],
        ["03/04/2020", "D Ltd", "", "Compensation payment", "1,000.01 CR", "x", "1"],
        ["03/04/2020", "E Ltd", "", "Fees", "500.00", "at the threshold", ""],
        ["03/04/2020", "E Ltd", "", "Fees", "-500.01", "a credit", ""],
        ["31/02/2020", "F Ltd", "", "Fees", "900", "", ""],
        ["01/05/2020", "F Ltd", "", "Fees", "900", "", ""],
        ["04/04/2020", "", "", "Fees", "900", "", ""],
        ["04/04/2020", "G Ltd", "", "Fees", "12x", "", ""],
        ["04/04/2020", "G Ltd", "", "Fees", "600.001", "", ""],
        ["04/04/2020", "G Ltd" * 80, "", "Fees", "700", "", ""],
        ["", "", "", "", "", "", ""],
        ["05/04/2020", "H Ltd"],  # a short row
        ["43925", "I Ltd", "", "Fees", "0000700.10", "serial as text", "R"],
        ["05/04/2020", "A Ltd", "Company", "Fees", "999999999999.99", "largest", "X9"],
    ]
    if kind == "csv":
        out = io.StringIO()
        csv.writer(out).writerows([header, *rows])
        data, name = out.getvalue().encode(), "x.csv"
    else:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        sheet.append([datetime(2020, 4, 6), "J Ltd", None, "Fees", 1234.56, 17, 1001])  # workbook values
        sheet.append([43927, "K Ltd", True, "Fees", 600, 2.5, 1002.0])
        sheet.append([43927.0, "L Ltd", 1, "Fees", 0.1 + 600.2, None, 7])
        out_bytes = io.BytesIO()
        book.save(out_bytes)
        data, name = out_bytes.getvalue(), "x.xlsx"
    month, r = date(2020, 4, 1), rules()
    mapping = parsing.guess_mapping(parsing.read_table(name, data).headers)
    expected_lines, expected_problems = _by_the_rule(lambda: parsing.read_table(name, data), mapping, month, r)
    assert expected_lines and expected_problems
    fast = parsing.Lines(parsing.read_table(name, data), mapping=mapping, month=month, rules=r, max_problems=1000)
    consumed = list(fast)
    assert [str(p) for p in fast.problems] == expected_problems
    assert fast.problem_count == len(expected_problems)
    first_bad = min(p.row for p in fast.problems)
    assert consumed == [line for line in expected_lines if line[0] < first_bad]  # none after a problem
    assert fast.count == len(expected_lines) and fast.total == sum(line[7] for line in expected_lines)
    assert fast.redacted == sum(line[9] for line in expected_lines)
    # with the problem rows left out, every line comes through, equal value for value and type
    bad_rows = {p.row for p in fast.problems}
    clean = parsing.Lines(parsing.read_table(name, data), mapping=mapping, month=month, rules=r)
    clean.table.rows = ((n, cells) for n, cells in clean.table.rows if n not in bad_rows)
    got = list(clean)
    assert got == expected_lines
    assert [tuple(map(type, line)) for line in got] == [tuple(map(type, line)) for line in expected_lines]
    assert all(str(a[7]) == str(b[7]) for a, b in zip(got, expected_lines, strict=True))  # exact to the penny
