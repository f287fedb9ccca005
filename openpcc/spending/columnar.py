"""The spending import's fast path: a CSV export read column by column (pyarrow) and checked with
exactly the rules ``parsing.parse_row`` applies, row for row.

``parsing.Lines`` reads a file row by row in Python; a national month of a million lines takes it
tens of seconds. Here the same file is read by pyarrow's CSV reader and every column is decided
at once: the common forms (a plain or pound-signed amount, a text without stray whitespace) in
pyarrow's compute kernels, and every other value — each distinct date, each unusual amount, each
supplier with its type and expense type for the redaction rules, each text with whitespace to
tidy — by the rule itself, once per distinct value. The lines are identical to the row-by-row
path's, field for field.

The fast path only answers when it can decide the whole file outright. Anything else — a value the
rule refuses (a problem to name, with its row), a file that is not UTF-8, blank lines, line breaks
inside values, rows of differing widths, a quote character other than ``"`` — returns ``None``
and the caller reads the file row by row, which names every problem exactly."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .models import REDACTED_SUPPLIER, THRESHOLD
from .parsing import LINE_FIELDS, MAX_LENGTHS, month_end, parse_amount, parse_date
from .redaction import Rules

# Texts the rule (" ".join(text.split())) would change: a space at either end, two together, or any
# other character Python's str.split() splits on.
_UNTIDY = r"^ | $|  |[\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
# The amounts ``parsing.Lines`` reads straight into a Decimal: "-1234.56", "£1,234.56"
_PLAIN = r"^-?\d{1,11}\.\d\d$"
_POUNDS = r"^£?(?:\d{1,3}(?:,\d{3}){1,2}|\d{1,11})\.\d\d$"
MONEY = (14, 2)  # SpendingLine.amount
TEXTS = ("supplier", "supplier_type", "expense_type", "service_area", "description", "transaction_reference")


@dataclass
class Decided:
    """A whole file's lines over £500 as columns (``LINE_FIELDS`` order), with the file's counts."""

    columns: dict[str, Any]  # pyarrow arrays, by LINE_FIELDS name
    count: int
    skipped: int
    redacted: int
    total: Decimal


def decide(data: bytes, *, name: str, mapping: dict[str, int | None], month: date, rules: Rules) -> Decided | None:
    """Every line of a CSV export decided at once, or None when only the row-by-row rule can."""
    if not name.lower().endswith((".csv", ".txt")):
        return None
    if any(mapping.get(key) is None for key in ("date", "supplier", "amount")):
        return None
    table = _read(data)
    if table is None:
        return None
    return _decide(table, mapping=mapping, month=month, rules=rules)


def _read(data: bytes) -> Any:
    """The rows after the header line as string columns, or None when the file's shape is one the
    row-by-row reader must handle (its row numbers would otherwise differ)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    body = memoryview(data)[start:]
    newline = data.find(b"\n")
    if newline <= start or b"\r" in data[start:newline].rstrip(b"\r") or b"\x00" in data:
        return None  # no line break, or old Mac line ends, or binary data
    try:
        first = data[start:newline].decode("utf-8").rstrip("\r")
        dialect: Any = csv.Sniffer().sniff(bytes(body[:8192]).decode("utf-8", errors="ignore"), delimiters=",;\t|")
    except (UnicodeDecodeError, csv.Error):
        return None
    if dialect.quotechar != '"' or dialect.escapechar or dialect.skipinitialspace:
        return None
    if not dialect.doublequote and b'""' in data:
        return None  # the row-by-row reader reads "" as its sniffed dialect says; no doubt without one
    headers = next(csv.reader([first], dialect), [])
    if sum(1 for h in headers if h.strip()) < 2:
        return None  # the header is not on the first line: the row-by-row reader finds it
    names = [f"c{n}" for n in range(len(headers))]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(body),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=8 << 20),
            parse_options=pacsv.ParseOptions(
                delimiter=dialect.delimiter, quote_char='"', double_quote=True, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeDecodeError):
        return None
    # one row a line: no blank lines, no line breaks inside values (row numbers are line numbers)
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if table.num_rows == 0 or lines != table.num_rows + 1:
        return None
    return table


def _by_value(column: Any, rule: Any, kind: Any) -> Any:
    """``rule`` applied once per distinct value of ``column``, spread back over its rows; raises
    whatever the rule raises."""
    import pyarrow as pa
    import pyarrow.compute as pc

    distinct = pc.unique(column)
    decided = pa.array([rule(v) for v in distinct.to_pylist()], type=kind)
    return pc.take(decided, pc.index_in(column, value_set=distinct))


def _tidy(values: Any, limit: int) -> Any:
    """The texts as the rule tidies them (" ".join(text.split())), or None when one is longer than
    ``limit`` characters (a problem for the rule to name)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    untidy = pc.match_substring_regex(values, _UNTIDY)
    if pc.any(untidy).as_py():
        only = pc.if_else(untidy, values, pa.scalar(""))  # the rule once per distinct untidy text
        values = pc.if_else(untidy, _by_value(only, lambda v: " ".join(v.split()), pa.string()), values)
    if len(values) and pc.max(pc.utf8_length(values)).as_py() > limit:
        return None
    return values


def _decide(table: Any, *, mapping: dict[str, int | None], month: date, rules: Rules) -> Decided | None:
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = table.num_rows

    def column(key: str) -> Any:
        index = mapping.get(key)
        return table.column(index) if index is not None and index < table.num_columns else None

    # the date: each distinct value by the rule, in this file's month
    first, last = month, month_end(month)

    def day(value: str) -> date:
        parsed = parse_date(value)
        if not first <= parsed <= last:
            raise ValueError("not in the month")
        return parsed

    try:
        days = _by_value(column("date"), day, pa.date32())
    except ValueError:
        return None

    # the amount: the plain forms in the kernels, the rest by the rule once per distinct value
    raw = column("amount")
    fast = pc.or_(pc.match_substring_regex(raw, _PLAIN), pc.match_substring_regex(raw, _POUNDS))
    money = pa.decimal128(*MONEY)
    cleaned = pc.replace_substring(pc.replace_substring(raw, "£", ""), ",", "")
    amounts = pc.cast(pc.if_else(fast, cleaned, pa.scalar("0.00")), money)
    if not pc.all(fast).as_py():
        unusual = pc.if_else(fast, pa.scalar("0.00"), raw)  # the plain ones all read as one value
        try:
            by_rule = _by_value(unusual, parse_amount, money)
        except (ValueError, ArithmeticError, pa.ArrowInvalid):
            return None
        amounts = pc.if_else(fast, amounts, by_rule)

    # the texts, tidied as the rule tidies them, within their lengths
    texts: dict[str, Any] = {}
    for key in TEXTS:
        values = column(key)
        if values is None:
            texts[key] = pa.repeat("", rows)
            continue
        distinct = pc.unique(values)
        if len(distinct) * 4 < rows:  # a column of repeated values (suppliers, types): each value once
            tidied = _tidy(distinct, MAX_LENGTHS[key])
            texts[key] = tidied if tidied is None else pc.take(tidied, pc.index_in(values, value_set=distinct))
        else:
            texts[key] = _tidy(values, MAX_LENGTHS[key])
        if texts[key] is None:
            return None
    if not pc.all(pc.not_equal(texts["supplier"], "")).as_py():
        return None  # a missing supplier is a problem (or an empty row): the rule names it

    # £500 or less is left out
    keep = pc.greater(pc.abs(amounts), pa.scalar(Decimal(THRESHOLD), money))
    count = pc.sum(keep).as_py() or 0

    # the redaction rules: once per distinct supplier, supplier type and expense type together
    def kept(values: Any) -> Any:
        return pc.filter(values, keep)

    supplier, kind, expense = kept(texts["supplier"]), kept(texts["supplier_type"]), kept(texts["expense_type"])
    joined = pc.binary_join_element_wise(supplier, kind, expense, "\x00")
    reasons = _by_value(
        joined,
        lambda v: rules.reason(
            **dict(zip(("supplier", "supplier_type", "expense_type"), v.split("\x00"), strict=True))
        ),
        pa.string(),
    )
    redacted = pc.not_equal(reasons, "")
    amount = kept(amounts)
    description = kept(texts["description"])
    numbers = pa.array(range(2, rows + 2), pa.int64())  # the header is line 1
    columns = {
        "row_number": kept(numbers),
        "date": kept(days),
        "supplier": supplier,
        "supplier_type": kind,
        "expense_type": expense,
        "service_area": kept(texts["service_area"]),
        "description": description,
        "amount": amount,
        "transaction_reference": kept(texts["transaction_reference"]),
        "is_redacted": redacted,
        "redaction_reason": reasons,
        "public_supplier": pc.if_else(redacted, REDACTED_SUPPLIER, supplier),
        "public_description": pc.if_else(redacted, "", description),
    }
    assert tuple(columns) == LINE_FIELDS
    total = pc.sum(pc.cast(amount, pa.decimal128(38, 2))).as_py() if count else Decimal(0)
    return Decided(
        columns=columns,
        count=count,
        skipped=rows - count,
        redacted=pc.sum(redacted).as_py() or 0,
        total=Decimal(total).quantize(Decimal("0.01")),
    )


def as_rows(decided: Decided, head: tuple) -> Any:
    """The lines as tuples ``head + LINE_FIELDS`` (for a database driver's executemany): dates as
    ISO text and amounts as their exact decimal text, which is how the driver would write them."""
    from itertools import repeat

    import pyarrow as pa
    import pyarrow.compute as pc

    values = []
    for key, array in decided.columns.items():
        if key in ("date", "amount"):
            array = pc.cast(array, pa.string())
        values.append(array.to_pylist())
    return zip(*(repeat(h) for h in head), *values, strict=False)


def as_csv(decided: Decided, head: tuple) -> bytes:
    """The lines as CSV (no header) for PostgreSQL's COPY, ``head + LINE_FIELDS`` in order; every
    text quoted, so an empty text is an empty text, never NULL."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    n = decided.count
    arrays = [pa.repeat(pa.scalar(h, pa.int64()), n) for h in head] + list(decided.columns.values())
    names = [f"h{i}" for i in range(len(head))] + list(decided.columns)
    sink = io.BytesIO()
    pacsv.write_csv(pa.table(arrays, names=names), sink, pacsv.WriteOptions(include_header=False))
    return sink.getvalue()
