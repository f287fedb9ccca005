"""The column-by-column reader (``columnar``) against the rule (``parsing.parse_row``): the same
lines, value for value, on every form of cell it decides; and ``None`` — the row-by-row path —
for every file it must not decide (problems, odd shapes, other encodings)."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from openpcc.spending import columnar, parsing, services
from openpcc.spending.models import SpendingLine
from openpcc.spending.redaction import rules
from tests.factories import actor

MONTH = date(2020, 4, 1)
HEADER = ["Date", "Supplier", "Supplier Type", "Expense Type", "Amount", "Description", "Reference"]
GOOD = [
    ["01/04/2020", "A Ltd", "Company", "Fees", "1234.56", "Work", "X1"],
    ["01/04/2020", "  B   Ltd ", "", "Fees", "£1,234.56", " two  spaces ", "X2"],
    ["2020-04-02", "Mr J Smith", "", "Fees", "600.00", "Names him", "X3"],
    ["02/04/2020", "C Ltd", "Individual", "Fees", "(1,000.01)", "", ""],
    ["03/04/2020", "D Ltd", "", "Compensation payment", "1,000.01 CR", "x", "1"],
    ["03/04/2020", "E Ltd", "", "Fees", "500.00", "at the threshold", ""],
    ["03/04/2020", "E Ltd", "", "Fees", "-500.01", "a credit", ""],
    ["04/04/2020", "F\u00a0Ltd", "", "Fees\tand charges", "£12,345,678.90", "non\u2003breaking", "R 7"],
    ["04/04/2020", "G Ltd", "", "Fees", "900", "a whole amount", ""],
    ["43925", "I Ltd", "", "Fees", "0000700.10", "serial as text", "R"],
    ["05/04/2020 00:00:00", "A Ltd", "Company", "Fees", "999999999999.00", "largest", "X9"],
    ["30/04/2020", "dr who", "", "Fees", "-£1,000.00", "a title in lower case", ""],
    ["30/04/2020", "Drummond Ltd", "", "Fees", "+501.00", "not a title", ""],
]


def _csv(rows: list[list[str]], *, delimiter: str = ",", newline: str = "\n", bom: bool = False) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows([HEADER, *rows])
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode()


def _by_the_rule(data: bytes) -> list[tuple]:
    table = parsing.read_table("x.csv", data)
    mapping = parsing.guess_mapping(table.headers)
    lines = []
    for number, cells in table.rows:
        row = parsing.parse_row(number, cells, mapping=mapping, headers=table.headers, month=MONTH, rules=rules())
        assert row is not None and not row.problems, row
        if not row.skipped:
            lines.append((number, *(row.values[k] for k in parsing.LINE_FIELDS[1:])))
    return lines


def _decide(data: bytes) -> columnar.Decided | None:
    mapping = parsing.guess_mapping(parsing.read_table("x.csv", data).headers)
    return columnar.decide(data, name="x.csv", mapping=mapping, month=MONTH, rules=rules())


@pytest.mark.parametrize(
    "shape",
    [{}, {"delimiter": ";"}, {"delimiter": "\t"}, {"newline": "\r\n"}, {"bom": True}],
    ids=["comma", "semicolon", "tab", "crlf", "bom"],
)
def test_the_columns_give_exactly_what_the_rule_gives(shape):
    data = _csv(GOOD, **shape)
    expected = _by_the_rule(data)
    decided = _decide(data)
    assert decided is not None, "this file should be decided column by column"
    got = list(zip(*(array.to_pylist() for array in decided.columns.values()), strict=True))
    assert got == expected
    assert [tuple(map(type, line)) for line in got] == [tuple(map(type, line)) for line in expected]
    assert decided.count == len(expected) and decided.skipped == len(GOOD) - len(expected)
    assert decided.total == sum(line[7] for line in expected) and str(decided.total).endswith(".50") is False
    assert decided.redacted == sum(line[9] for line in expected) == 4
    assert all(str(a[7]) == str(b[7]) for a, b in zip(got, expected, strict=True))  # exact to the penny


@pytest.mark.parametrize(
    "data",
    [
        _csv([*GOOD, ["31/02/2020", "F Ltd", "", "Fees", "900", "", ""]]),  # not a date
        _csv([*GOOD, ["01/05/2020", "F Ltd", "", "Fees", "900", "", ""]]),  # another month
        _csv([*GOOD, ["04/04/2020", "", "", "Fees", "900", "", ""]]),  # no supplier
        _csv([*GOOD, ["04/04/2020", "G Ltd", "", "Fees", "12x", "", ""]]),  # not an amount
        _csv([*GOOD, ["04/04/2020", "G Ltd", "", "Fees", "600.001", "", ""]]),  # a fraction of a penny
        _csv([*GOOD, ["04/04/2020", "G Ltd" * 80, "", "Fees", "700", "", ""]]),  # too long
        _csv([*GOOD, ["", "", "", "", "", "", ""]]),  # an empty row (the rule leaves it out)
        _csv(GOOD) + b"\n05/04/2020,H Ltd\n",  # a blank line, then a short row
        _csv([*GOOD, ["05/04/2020", "H Ltd", "", "Fees", "700", "two\nlines", ""]]),  # a line break inside
        _csv(GOOD).replace("£".encode(), b"\xa3"),  # Windows-1252, not UTF-8
        b"\n" + _csv(GOOD),  # the header is not the first line
        _csv(GOOD) + b"05/04/2020,H Ltd,,Fees,700,x,y,an extra column\n",
    ],
    ids=[
        "bad-date",
        "other-month",
        "no-supplier",
        "bad-amount",
        "fraction",
        "too-long",
        "empty-row",
        "blank-line",
        "newline-in-value",
        "cp1252",
        "preamble",
        "wide-row",
    ],
)
def test_what_the_columns_cannot_decide_goes_to_the_rule(data):
    assert _decide(data) is None


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["columns", "rows"])
def test_both_paths_store_the_same_lines(world, monkeypatch, path):
    """The same file imported column by column and row by row gives the same stored lines (on
    PostgreSQL the first is COPY from CSV, the second COPY row by row)."""
    if path == "rows":
        monkeypatch.setattr(columnar, "decide", lambda *a, **k: None)
    else:
        real = columnar.decide
        monkeypatch.setattr(columnar, "decide", lambda *a, **k: real(*a, **k) or pytest.fail("not decided"))
    data = _csv(GOOD)
    made = services.spending_file_import_now(body=world.body, month=MONTH, name="x.csv", data=data, user=actor())
    stored = list(
        SpendingLine.objects.filter(file=made)
        .order_by("row_number")
        .values_list("row_number", *parsing.LINE_FIELDS[1:])
    )
    assert stored == _by_the_rule(data)
    assert made.row_count == len(stored) and made.total == sum(line[7] for line in stored)
    assert made.redacted_count == 4 and made.skipped_count == 1
    assert all(isinstance(line[7], Decimal) for line in stored)
