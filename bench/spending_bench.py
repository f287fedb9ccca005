"""The spending import against a bare pyarrow read of the same CSV.

A month's finance export of ``rows`` lines is generated (the columns and values of a real
system's export: day-first dates, amounts with pound signs and thousands separators, credits,
lines of £500 or less, payments to individuals), then imported through
``spending.services.spending_file_import_now`` into a scratch SQLite database, and the same file
is read by ``pyarrow.csv.read_csv``. Printed as one JSON line (the last line of the output):

  .venv/bin/python bench/spending_bench.py 1000000            # a scratch database in var/
  .venv/bin/python bench/spending_bench.py 100000 --parse-only # the reading path alone, no database
  .venv/bin/python bench/spending_bench.py 1000000 --postgres postgres://postgres@127.0.0.1:5432

``parse_s`` is the import's reading path (``spending.columnar``: every value read and checked
exactly, nothing written) and ``import_s`` the whole import (that, the duplicate checks and
writing the lines over £500 in the import's transaction); ``row_by_row_s`` is the reader the
import falls back to for a file the columns cannot decide. Target: <= 3 against pyarrow's bare
read, which checks and writes nothing.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MONTH = date(2024, 4, 1)
HEADER = "Body,Service Area,Expense Type,Date,Transaction Number,Amount,Supplier Name,Supplier Type,Purpose\n"
SERVICES = ["Commissioning", "Estates", "Victims Services", "Information Technology", "Fleet", "Corporate"]
EXPENSES = [
    "Grants to voluntary bodies",
    "Professional fees",
    "Building maintenance",
    "Computer software",
    "Vehicle repairs",
    "Consultancy",
    "Compensation payment",  # paid to people: redacted by rule
]
SUPPLIERS = [f"Supplier {n} Ltd" for n in range(400)] + ["Mr A Person", "Mrs B Person", "Dr C Person"]


def make_csv(path: Path, rows: int, *, seed: int = 14) -> int:
    """Write a month's export of ``rows`` lines; returns its size in bytes."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(HEADER)
        chunk: list[str] = []
        for n in range(rows):
            day = 1 + n % 30
            pounds = rng.choice((rng.randrange(100, 500), rng.randrange(501, 9_999), rng.randrange(10_000, 250_000)))
            pence = rng.randrange(100)
            if n % 50 == 7:
                amount = f'"({pounds:,}.{pence:02d})"'  # a credit
            elif n % 3 == 0:
                amount = f'"£{pounds:,}.{pence:02d}"'
            else:
                amount = f"{pounds}.{pence:02d}"
            supplier = rng.choice(SUPPLIERS)
            kind = "Individual" if n % 97 == 5 else "Company"
            chunk.append(
                f"Office of the PCC,{rng.choice(SERVICES)},{rng.choice(EXPENSES)},{day:02d}/04/2024,"
                f"TX{100000 + n},{amount},{supplier},{kind},Payment for services in April\n"
            )
            if len(chunk) >= 10_000:
                out.write("".join(chunk))
                chunk = []
        out.write("".join(chunk))
    return path.stat().st_size


def time_pyarrow(path: Path, repeats: int = 3) -> float:
    import pyarrow.csv

    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        started = time.perf_counter()
        table = pyarrow.csv.read_csv(str(path))
        best = min(best, time.perf_counter() - started)
        del table
    return best


def setup_django(db: Path, postgres: str = "") -> None:
    """Django on a scratch database: a SQLite file, or (``postgres``: a server's address without a
    database name) a fresh PostgreSQL database made for the run."""
    url = f"sqlite:///{db}"
    if postgres:
        import psycopg

        with psycopg.connect(f"{postgres}/postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS openpcc_spending_bench")
            conn.execute("CREATE DATABASE openpcc_spending_bench")
        url = f"{postgres}/openpcc_spending_bench"
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "openpcc.settings",
            "OPENPCC_TASKS_BACKEND": "immediate",
        }
    )
    import django

    django.setup()


def time_parse(data: bytes) -> tuple[float, float, int]:
    """The reading path alone, nothing written: the column-by-column reader the import uses for a
    CSV it can decide outright, and the row-by-row reader it falls back to (for reference)."""
    from openpcc.spending import columnar, parsing
    from openpcc.spending.redaction import rules

    table = parsing.read_table("april.csv", data)
    mapping = parsing.guess_mapping(table.headers)
    gc.collect()
    started = time.perf_counter()
    decided = columnar.decide(data, name="april.csv", mapping=mapping, month=MONTH, rules=rules())
    columns_s = time.perf_counter() - started
    if decided is None:
        raise SystemExit("the generated file was not decided column by column")
    gc.collect()
    started = time.perf_counter()
    lines = parsing.Lines(table, mapping=mapping, month=MONTH, rules=rules())
    count = sum(1 for _ in lines)
    rows_s = time.perf_counter() - started
    if lines.problems or count != decided.count:
        raise SystemExit(f"the generated file has problems: {lines.problems[:3]}")
    return columns_s, rows_s, count


def time_import(data: bytes) -> tuple[float, int]:
    from django.conf import settings
    from django.core.management import call_command

    from openpcc.core.models import Body
    from openpcc.core.permissions import system_actor
    from openpcc.spending import services

    call_command("migrate", verbosity=0)
    # a national month is a few MB; the million-line file is larger than an upload may be
    settings.OPENPCC_SPENDING_MAX_BYTES = len(data) + 1
    body = Body.objects.create(slug="bench", name="Bench office", short_name="Bench", kind=Body.Kind.PCC)
    gc.collect()
    started = time.perf_counter()
    made = services.spending_file_import_now(
        body=body, month=MONTH, name="april.csv", data=data, user=system_actor("spending benchmark")
    )
    return time.perf_counter() - started, made.row_count


def run(rows: int, *, parse_only: bool = False, postgres: str = "") -> dict:
    with tempfile.TemporaryDirectory(dir=ROOT / "var") as tmp:
        csv_path = Path(tmp) / "april.csv"
        size = make_csv(csv_path, rows)
        arrow = time_pyarrow(csv_path)
        setup_django(Path(tmp) / "import.sqlite3", postgres)
        data = csv_path.read_bytes()
        parse_s, rows_s, lines = time_parse(data)
        result = {
            "rows": rows,
            "database": "postgresql" if postgres else "sqlite",
            "bytes": size,
            "pyarrow_s": round(arrow, 3),
            "parse_s": round(parse_s, 3),
            "parse_ratio": round(parse_s / arrow, 2),
            "row_by_row_s": round(rows_s, 3),
            "lines_over_500": lines,
        }
        if not parse_only:
            import_s, imported = time_import(data)
            result.update(
                {"import_s": round(import_s, 3), "import_ratio": round(import_s / arrow, 2), "imported": imported}
            )
        return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=int, nargs="?", default=1_000_000)
    parser.add_argument("--parse-only", action="store_true")
    parser.add_argument(
        "--postgres", default="", help="import into PostgreSQL at this address, e.g. postgres://postgres@127.0.0.1:5432"
    )
    args = parser.parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    print(json.dumps(run(args.rows, parse_only=args.parse_only, postgres=args.postgres)))


if __name__ == "__main__":
    main()
