"""Reading a finance system's export (CSV or XLSX): the table, a guess of which column holds
which field (from the header names, tolerant of each system's words), and each value parsed
exactly (money as Decimal, never float), with what is wrong named by row and column."""

from __future__ import annotations

import calendar
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from .models import THRESHOLD
from .redaction import Rules, public_values

# (key, label, required)
FIELDS: list[tuple[str, str, bool]] = [
    ("date", "Date", True),
    ("supplier", "Supplier", True),
    ("amount", "Amount", True),
    ("expense_type", "Expense type", False),
    ("service_area", "Service area", False),
    ("description", "Purpose or description", False),
    ("transaction_reference", "Transaction reference", False),
    ("supplier_type", "Supplier type", False),
]
LABELS = {key: label for key, label, _ in FIELDS}
REQUIRED = [key for key, _, required in FIELDS if required]
MAX_LENGTHS = {
    "supplier": 300,
    "supplier_type": 120,
    "expense_type": 200,
    "service_area": 200,
    "description": 500,
    "transaction_reference": 100,
}

# Header names each system uses for a field, compared without case, spaces or punctuation.
SYNONYMS: dict[str, list[str]] = {
    "date": [
        "date",
        "transactiondate",
        "paymentdate",
        "datepaid",
        "paiddate",
        "dateofpayment",
        "postingdate",
        "posted",
        "dateposted",
        "invoicedate",
        "transdate",
        "chequedate",
        "effectivedate",
    ],
    "supplier": [
        "supplier",
        "suppliername",
        "vendor",
        "vendorname",
        "payee",
        "payeename",
        "recipient",
        "recipientname",
        "beneficiary",
        "merchant",
        "merchantname",
        "creditor",
        "paidto",
    ],
    "amount": [
        "amount",
        "amountgbp",
        "amountexvat",
        "netamount",
        "net",
        "netvalue",
        "value",
        "valuegbp",
        "amountpaid",
        "paymentamount",
        "transactionamount",
        "grossamount",
        "gross",
        "total",
    ],
    "expense_type": [
        "expensetype",
        "expensecategory",
        "expendituretype",
        "expenditurecategory",
        "expensesubtype",
        "category",
        "accountdescription",
        "subjectivedescription",
        "subjective",
        "costtype",
    ],
    "service_area": [
        "servicearea",
        "expensearea",
        "service",
        "department",
        "directorate",
        "division",
        "costcentre",
        "costcentredescription",
        "costcenter",
        "businessunit",
    ],
    "description": [
        "description",
        "purpose",
        "purposeofexpenditure",
        "narrative",
        "details",
        "transactiondescription",
        "itemdescription",
        "linedescription",
    ],
    "transaction_reference": [
        "transactionnumber",
        "transactionreference",
        "transactionref",
        "transactionno",
        "transactionid",
        "reference",
        "ref",
        "invoicenumber",
        "invoiceno",
        "documentnumber",
        "paymentreference",
    ],
    "supplier_type": [
        "suppliertype",
        "suppliercategory",
        "payeetype",
        "vendortype",
        "recipienttype",
        "suppliergroup",
    ],
}

EXCEL_EPOCH = date(1899, 12, 30)
MAX_AMOUNT = Decimal("999999999999")
PENNY = Decimal("0.01")
# Whole or part days: Excel's serial dates from 1 January 1900 to 31 December 9999.
MAX_SERIAL = 2958465


class FileProblem(ValueError):
    """The file as a whole cannot be read (not CSV or XLSX, no header row, ...)."""


@dataclass
class Table:
    headers: list[str]
    rows: Iterator[tuple[int, list[Any]]]  # (row number in the file, values)


def _norm(text: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", str(text or "").lower())


def read_table(name: str, data: bytes) -> Table:
    """The file's header row and its data rows, streamed (an XLSX is read in read-only mode)."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return _read_xlsx(data)
    if lower.endswith(".csv") or lower.endswith(".txt"):
        return _read_csv(data)
    raise FileProblem("Upload the export as a CSV file (.csv) or an Excel workbook (.xlsx).")


def _with_header(rows: Iterator[tuple[int, list[Any]]]) -> Table:
    for number, values in rows:
        if any(_present(v) for v in values):
            headers = [str(v).strip() if v is not None else "" for v in values]
            while headers and not headers[-1]:
                headers.pop()
            if sum(1 for h in headers if h) < 2:
                raise FileProblem(
                    f"Row {number} should be the header row naming the columns, but it has fewer than two names."
                )
            return Table(headers=headers, rows=rows)
    raise FileProblem("The file is empty: it has no header row and no rows.")


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text[:4096]:
        raise FileProblem("This is not a CSV file (it holds binary data): export the spending as CSV or XLSX.")
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for values in reader:
                yield reader.line_num, values
        except csv.Error as exc:
            raise FileProblem(f"Row {reader.line_num} of the CSV cannot be read: {exc}.") from None

    return _with_header(rows())


def _read_xlsx(data: bytes) -> Table:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileProblem(f"This is not a readable Excel workbook (.xlsx): {exc}".rstrip(".") + ".") from None
    sheet = book.worksheets[0]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(values)
        finally:
            book.close()

    return _with_header(rows())


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """Which column (by position) holds each field: an exact synonym first, then a header that
    contains one (“Supplier Name (Payee)”); each column is given to one field at most."""
    normed = [_norm(h) for h in headers]
    taken: set[int] = set()
    mapping: dict[str, int | None] = {}
    for key, _, _ in FIELDS:
        mapping[key] = None
        for synonym in SYNONYMS[key]:
            exact = [i for i, h in enumerate(normed) if h == synonym and i not in taken]
            if exact:
                mapping[key] = exact[0]
                taken.add(exact[0])
                break
    for key, _, _ in FIELDS:
        if mapping[key] is not None:
            continue
        for synonym in SYNONYMS[key]:
            if len(synonym) < 4:
                continue  # "net", "ref": too short to find inside other words
            inside = [i for i, h in enumerate(normed) if synonym in h and i not in taken]
            if inside:
                mapping[key] = inside[0]
                taken.add(inside[0])
                break
    return mapping


def mapping_problems(mapping: dict[str, int | None], headers: list[str]) -> dict[str, str]:
    """What is wrong with a mapping, per field: a required field without a column, a column
    used twice, or a column the file does not have."""
    problems: dict[str, str] = {}
    used: dict[int, str] = {}
    for key, label, required in FIELDS:
        column = mapping.get(key)
        if column is None:
            if required:
                problems[key] = f"Choose the column that holds the {label.lower()}: it is needed for every line."
            continue
        if not 0 <= column < len(headers):
            problems[key] = f"Choose one of the file's columns for the {label.lower()}."
        elif column in used:
            problems[key] = (
                f"Column “{headers[column]}” is already used for the {LABELS[used[column]].lower()}: "
                "choose a different column for each field."
            )
        else:
            used[column] = key
    return problems


# --- values ---------------------------------------------------------------------------------------


def _present(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def parse_amount(value: Any) -> Decimal:
    """Pounds and pence, exactly: "£1,234.56", "1234.5", "(1,234.56)" and "1,234.56 CR" (credits,
    negative), numbers from a workbook. Raises ValueError with the reason."""
    if isinstance(value, bool) or not _present(value):
        raise ValueError("the amount is missing")
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
    elif isinstance(value, float):
        # a workbook's number: its shortest decimal form, which is what the cell shows
        amount = Decimal(repr(value))
        if amount.is_finite() and abs(amount.quantize(PENNY) - amount) < Decimal("0.000001"):
            amount = amount.quantize(PENNY)
    else:
        text = str(value).strip()
        negative = False
        if text.startswith("(") and text.endswith(")"):
            negative, text = True, text[1:-1].strip()
        if text.upper().endswith("CR"):
            negative, text = True, text[:-2].strip()
        text = text.replace("£", "").replace("GBP", "").replace(",", "").replace(" ", "").replace("\u00a0", "")
        if text.startswith("-"):
            negative, text = (not negative), text[1:]
        elif text.startswith("+"):
            text = text[1:]
        if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", text):
            raise ValueError(f"“{str(value)[:40]}” is not an amount of money (e.g. 1234.56 or £1,234.56)")
        amount = Decimal(text)
        if negative:
            amount = -amount
    if not amount.is_finite():
        raise ValueError(f"“{str(value)[:40]}” is not an amount of money")
    try:
        exact = amount.quantize(PENNY)
    except InvalidOperation:
        raise ValueError(f"“{str(value)[:40]}” is too large to be an amount") from None
    if exact != amount:
        raise ValueError(f"“{str(value)[:40]}” has fractions of a penny: give pounds and pence")
    if abs(exact) > MAX_AMOUNT:
        raise ValueError(f"“{str(value)[:40]}” is too large to be an amount")
    return exact


DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %b %Y", "%d-%b-%Y", "%d %B %Y", "%d/%m/%y")


def parse_date(value: Any) -> date:
    """DD/MM/YYYY, YYYY-MM-DD (and a few other day-first forms), a workbook's real date, or an
    Excel serial day number. Raises ValueError with the reason."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or not _present(value):
        raise ValueError("the date is missing")
    if isinstance(value, int | float | Decimal):
        return _serial(value)
    text = str(value).strip()
    if re.fullmatch(r"\d{1,7}(\.\d+)?", text):
        return _serial(Decimal(text))
    # "01/04/2020 00:00:00" and "2020-04-01T00:00:00": the day is what matters
    day_part = re.split(r"[ T](?=\d{1,2}:\d{2})", text, maxsplit=1)[0].strip()
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(day_part, form).date()
        except ValueError:
            continue
    raise ValueError(f"“{text[:40]}” is not a date: give it as DD/MM/YYYY or YYYY-MM-DD")


def _serial(value: Any) -> date:
    number = Decimal(str(value))
    if not number.is_finite() or not 1 <= number <= MAX_SERIAL:
        raise ValueError(f"“{value}” is not a date (as a spreadsheet day number it is out of range)")
    return EXCEL_EPOCH + timedelta(days=int(number))


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


# --- rows -----------------------------------------------------------------------------------------


@dataclass
class RowProblem:
    row: int
    column: str  # the file's header
    field: str  # our label
    message: str

    def __str__(self) -> str:
        column = f"column “{self.column}”" if self.column else "the file"
        return f"Row {self.row}, {column} ({self.field.lower()}): {self.message}."


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]  # the line's fields, parsed
    skipped: bool  # £500 or less: not published
    problems: list[RowProblem]


def parse_row(
    number: int, cells: list[Any], *, mapping: dict[str, int | None], headers: list[str], month: date, rules: Rules
) -> ParsedRow | None:
    """One row of the file as a line, with every problem named; None for an empty row."""
    if not any(_present(c) for c in cells):
        return None
    problems: list[RowProblem] = []
    raw: dict[str, Any] = {}
    for key, _, _ in FIELDS:
        column = mapping.get(key)
        raw[key] = cells[column] if column is not None and column < len(cells) else None

    def problem(key: str, message: str) -> None:
        column = mapping.get(key)
        problems.append(RowProblem(number, headers[column] if column is not None else "", LABELS[key], message))

    values: dict[str, Any] = {}
    try:
        values["date"] = parse_date(raw["date"])
        if not month <= values["date"] <= month_end(month):
            problem("date", f"{values['date']:%d/%m/%Y} is not in {month:%B %Y}, the month of this file")
    except ValueError as exc:
        problem("date", str(exc))
    try:
        values["amount"] = parse_amount(raw["amount"])
    except ValueError as exc:
        problem("amount", str(exc))
    for key in MAX_LENGTHS:
        text = " ".join(str(raw[key]).split()) if _present(raw[key]) else ""
        if isinstance(raw[key], float) and raw[key].is_integer():
            text = str(int(raw[key]))  # a reference number in a workbook
        if len(text) > MAX_LENGTHS[key]:
            problem(key, f"longer than {MAX_LENGTHS[key]} characters")
        values[key] = text[: MAX_LENGTHS[key]]
    if not values["supplier"]:
        problem("supplier", "the supplier is missing: every item of expenditure names who was paid")
    skipped = "amount" in values and abs(values["amount"]) <= THRESHOLD
    reason = rules.reason(
        supplier=values["supplier"], supplier_type=values["supplier_type"], expense_type=values["expense_type"]
    )
    values["is_redacted"] = bool(reason)
    values["redaction_reason"] = reason
    values["public_supplier"], values["public_description"] = public_values(
        supplier=values["supplier"], description=values["description"], reason=reason
    )
    return ParsedRow(row=number, values=values, skipped=skipped, problems=problems)


# --- the whole file, fast -------------------------------------------------------------------------

# The fields of a line in the order ``Lines`` gives them (after the head it is given).
LINE_FIELDS = (
    "row_number",
    "date",
    "supplier",
    "supplier_type",
    "expense_type",
    "service_area",
    "description",
    "amount",
    "transaction_reference",
    "is_redacted",
    "redaction_reason",
    "public_supplier",
    "public_description",
)
# "1234.56", "-600.00": the form most systems export, read straight into a Decimal. Eleven
# digits of pounds at most, so never beyond MAX_AMOUNT (larger ones go to the rule); two of
# pence, so never a fraction.
_PLAIN_AMOUNT = re.compile(r"-?\d{1,11}\.\d\d").fullmatch
# "£1,234.56", "12,000.00": the same with a pound sign and thousands separators
_POUNDS_AMOUNT = re.compile(r"£?(?:\d{1,3}(?:,\d{3}){1,2}|\d{1,11})\.\d\d").fullmatch
_CACHE_LIMIT = 50_000  # distinct values remembered per column (dates, suppliers, redaction)


class Lines:
    """Every row of a table as a line, in one pass: an iterator of tuples ``head + (LINE_FIELDS)``
    for the lines over £500, with the counts, the total and the problems kept as it goes.

    ``parse_row`` is the rule; this is the same rule made fast for a whole file. The common case
    (a plain amount, a date in the month, text within its length) is decided with converters
    fixed once per file and caches of the values a month's file repeats (its 30 dates, its
    suppliers and their redaction); any row the fast path cannot decide outright (a problem, an
    empty row, an unusual value) is given to ``parse_row``, so its lines and its problems are
    exactly what ``parse_row`` says. After the first problem no more lines are given (nothing
    will be saved) but every row is still read, to name every problem."""

    def __init__(
        self,
        table: Table,
        *,
        mapping: dict[str, int | None],
        month: date,
        rules: Rules,
        head: tuple = (),
        max_problems: int = 50,
    ):
        self.table, self.mapping, self.month, self.rules, self.head = table, mapping, month, rules, head
        self.max_problems = max_problems
        self.count = self.skipped = self.redacted = self.problem_count = 0
        self.total = Decimal(0)
        self.problems: list[RowProblem] = []

    def _slow(self, number: int, cells: list[Any]) -> tuple | None:
        """A row by the rule: its line, or None (empty, £500 or less, or a problem, counted)."""
        row = parse_row(
            number, cells, mapping=self.mapping, headers=self.table.headers, month=self.month, rules=self.rules
        )
        if row is None:
            return None
        if row.problems:
            self.problem_count += len(row.problems)
            self.problems.extend(row.problems[: max(0, self.max_problems - len(self.problems))])
            return None
        if row.skipped:
            self.skipped += 1
            return None
        values = row.values
        self.count += 1
        self.total += values["amount"]
        self.redacted += values["is_redacted"]
        return (*self.head, number, *(values[key] for key in LINE_FIELDS[1:]))

    def __iter__(self) -> Iterator[tuple]:
        m = self.mapping
        columns = [m.get(key) for key in ("date", "supplier", "amount")] + [m.get(key) for key in MAX_LENGTHS]
        if any(c is None for c in columns[:3]):
            # without a required column every row is a problem: the rule names them
            for number, cells in self.table.rows:
                line = self._slow(number, cells)
                if line is not None and not self.problem_count:
                    yield line
            return
        width = max(c for c in columns if c is not None) + 1
        d_col, s_col, a_col = columns[:3]
        # the optional text columns, in MAX_LENGTHS order; an unmapped one reads as ""
        optional = {key: m.get(key) for key in MAX_LENGTHS if key != "supplier"}
        t_col, e_col, v_col, x_col, r_col = (
            optional["supplier_type"],
            optional["expense_type"],
            optional["service_area"],
            optional["description"],
            optional["transaction_reference"],
        )
        lim = MAX_LENGTHS
        s_max, t_max, e_max, v_max, x_max, r_max = (
            lim["supplier"],
            lim["supplier_type"],
            lim["expense_type"],
            lim["service_area"],
            lim["description"],
            lim["transaction_reference"],
        )
        first, last = self.month, month_end(self.month)
        plain, pounds = _PLAIN_AMOUNT, _POUNDS_AMOUNT
        threshold = Decimal(THRESHOLD)
        dates: dict[Any, date | None] = {}
        redaction: dict[tuple[str, str, str], tuple[bool, str, str | None]] = {}
        head = self.head
        slow = self._slow
        reason_of = self.rules.reason
        str_ = str

        words: dict[str, str] = {}  # a cell's text as the rule makes it, by the cell's text

        def text(raw: Any) -> str | None:
            """The cell's text as the rule makes it, or None when only the rule can say."""
            try:
                return words[raw]
            except KeyError:
                pass
            except TypeError:  # unhashable: the rule decides
                return None
            kind = type(raw)
            if kind is not str_:  # only texts are remembered: 1, 1.0 and True are equal keys
                if raw is None:
                    return ""
                return str_(raw) if kind is int else None  # an int: a reference number in a workbook
            made = " ".join(raw.split())
            if len(words) > _CACHE_LIMIT:
                words.clear()
            words[raw] = made
            return made

        count = skipped = redacted = 0
        total = Decimal(0)
        try:
            for number, cells in self.table.rows:
                if len(cells) < width:
                    line = slow(number, cells)
                    if line is not None and not self.problem_count:
                        yield line
                    continue
                # the date: a month's file repeats some thirty values
                raw = cells[d_col]
                try:
                    day = dates[raw]
                except KeyError:
                    try:
                        day = parse_date(raw)
                        if not first <= day <= last:
                            day = None
                    except Exception:  # any value the rule refuses: it names the problem below
                        day = None
                    if len(dates) > _CACHE_LIMIT:
                        dates.clear()
                    dates[raw] = day
                except TypeError:  # unhashable
                    day = None
                if day is None:
                    line = slow(number, cells)
                    if line is not None and not self.problem_count:
                        yield line
                    continue
                raw = cells[a_col]
                if type(raw) is str_ and plain(raw):
                    amount = Decimal(raw)
                elif type(raw) is str_ and pounds(raw):
                    amount = Decimal(raw.replace("£", "").replace(",", ""))
                else:
                    try:
                        amount = parse_amount(raw)
                    except ValueError:
                        line = slow(number, cells)
                        if line is not None and not self.problem_count:
                            yield line
                        continue
                supplier = text(cells[s_col])
                kind = "" if t_col is None else text(cells[t_col])
                expense = "" if e_col is None else text(cells[e_col])
                area = "" if v_col is None else text(cells[v_col])
                description = "" if x_col is None else text(cells[x_col])
                reference = "" if r_col is None else text(cells[r_col])
                if (
                    not supplier
                    or kind is None
                    or expense is None
                    or area is None
                    or description is None
                    or reference is None
                    or len(supplier) > s_max
                    or len(kind) > t_max
                    or len(expense) > e_max
                    or len(area) > v_max
                    or len(description) > x_max
                    or len(reference) > r_max
                ):
                    line = slow(number, cells)
                    if line is not None and not self.problem_count:
                        yield line
                    continue
                if -threshold <= amount <= threshold:
                    skipped += 1
                    continue
                key = (supplier, kind, expense)
                try:
                    is_redacted, reason, shown = redaction[key]
                except KeyError:
                    reason = reason_of(supplier=supplier, supplier_type=kind, expense_type=expense)
                    is_redacted = bool(reason)
                    shown = public_values(supplier=supplier, description="", reason=reason)[0] if reason else None
                    if len(redaction) > _CACHE_LIMIT:
                        redaction.clear()
                    redaction[key] = (is_redacted, reason, shown)
                count += 1
                total += amount
                if is_redacted:
                    redacted += 1
                    if self.problem_count:
                        continue
                    yield (*head, number, day, supplier, kind, expense, area, description, amount, reference,
                           True, reason, shown, "")  # fmt: skip
                elif not self.problem_count:
                    yield (*head, number, day, supplier, kind, expense, area, description, amount, reference,
                           False, "", supplier, description)  # fmt: skip
        finally:
            self.count += count
            self.skipped += skipped
            self.redacted += redacted
            self.total += total
