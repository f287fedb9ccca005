"""Benchmarks for documents and search (not timed tests): figures are ratios measured in
the same run, printed as a table and written to bench/results/<date>-documents-<database>.json.

  - extraction: pages/second of OpenPCC's extractor (pypdfium2) against `pdftotext`
    (poppler) on the same generated PDF;
  - import: pages/second read and parsed into proposals (the seed panel pack as a PDF, every
    parser on), against `pdftotext` on the same file (target: at least 0.5) and against our own
    extraction alone; in wall time and in CPU time;
  - search: p50/p95 latency of search.backends.search() against the raw index query
    (FTS5 MATCH or tsvector @@) on the same data.

Run with `make bench` (SQLite, a scratch database under var/) or with DATABASE_URL set.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

VOCAB = [
    "police",
    "crime",
    "commissioner",
    "panel",
    "victims",
    "offenders",
    "communities",
    "transformation",
    "constabulary",
    "partnership",
    "domestic",
    "abuse",
    "sexual",
    "violence",
    "safeguarding",
    "commissioning",
    "budget",
    "precept",
    "collaboration",
    "estates",
    "custody",
    "mental",
    "health",
    "restorative",
    "justice",
    "neighbourhood",
    "watch",
    "rural",
    "crime",
    "burglary",
    "anti-social",
    "behaviour",
    "hub",
    "witness",
    "service",
    "integrated",
    "offender",
    "management",
    "youth",
    "offending",
    "fire",
    "governance",
    "scrutiny",
    "decision",
    "report",
    "recommendation",
    "consultation",
    "response",
    "performance",
    "indicator",
    "outcome",
    "monitoring",
    "grant",
    "fund",
]


def _corpus() -> list[str]:
    """Words in their natural frequencies, from the seed board papers when they are beside
    the project (shared/seeds), otherwise from a short list of board-paper words."""
    import re

    seeds = ROOT.parent / "shared" / "seeds"
    words: list[str] = []
    if seeds.is_dir():
        for path in sorted(seeds.glob("*.txt")):
            words.extend(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]{1,}", path.read_text(errors="ignore")))
    return words or VOCAB


CORPUS: list[str] = []


def sentence(rng: random.Random, words: int = 14) -> str:
    if not CORPUS:
        CORPUS.extend(_corpus())
    return " ".join(rng.choice(CORPUS) for _ in range(words)).capitalize() + "."


def make_paper(pages: int, seed: int = 7) -> bytes:
    from tests.papers import make_pdf

    rng = random.Random(seed)
    return make_pdf([[sentence(rng) for _ in range(45)] for _ in range(pages)])


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def bench_extraction(pages: int = 200, rounds: int = 3) -> dict:
    from openpcc.documents.extraction import extract

    data = make_paper(pages)
    ours = []
    for _ in range(rounds):
        started = time.perf_counter()
        result = extract("bench.pdf", data)
        ours.append(time.perf_counter() - started)
    assert result.pages == pages and result.pages_with_text == pages
    figures = {"pages": pages, "openpcc_pages_per_s": pages / min(ours)}
    tool = shutil.which("pdftotext")
    if tool:
        with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
            fh.write(data)
            fh.flush()
            theirs = []
            for _ in range(rounds):
                started = time.perf_counter()
                subprocess.run([tool, "-q", fh.name, "-"], check=True, stdout=subprocess.DEVNULL)
                theirs.append(time.perf_counter() - started)
        figures["pdftotext_pages_per_s"] = pages / min(theirs)
        figures["ratio"] = figures["openpcc_pages_per_s"] / figures["pdftotext_pages_per_s"]
    else:
        figures["pdftotext_pages_per_s"] = None
        figures["ratio"] = None
    return figures


def _pdftotext_times(data: bytes, rounds: int) -> tuple[float, float] | None:
    """(best wall seconds, best CPU seconds) of `pdftotext` reading ``data``, or None without it.
    Its CPU time is the child process's own (user + system), read from getrusage."""
    import resource

    tool = shutil.which("pdftotext")
    if not tool:
        return None
    walls, cpus = [], []
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(data)
        fh.flush()
        for _ in range(rounds):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run([tool, "-q", fh.name, "-"], check=True, stdout=subprocess.DEVNULL)
            walls.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return min(walls), min(cpus)


def bench_import(rounds: int = 5) -> dict:
    """Archive import: reading and parsing the 87-page seed panel pack (as a PDF) into
    proposals with every parser on, against `pdftotext` extracting the same file's text alone
    (the target: at least half its pages a second), and against our own extraction alone.
    Wall time is what a person waits; CPU time is the same measure with the machine's other
    work taken out (`pdftotext`'s is its process's own), so it holds steady on a busy machine."""
    from openpcc.documents.extraction import extract
    from openpcc.imports.parsing import parse
    from tests.papers import seed_pdf

    data = seed_pdf("004")
    extract_only, whole, whole_cpu = [], [], []
    for _ in range(rounds):
        started, cpu = time.perf_counter(), time.process_time()
        result = extract("pack.pdf", data)
        extract_only.append(time.perf_counter() - started)
        found = parse(result.text.split("\f"))
        whole.append(time.perf_counter() - started)
        whole_cpu.append(time.process_time() - cpu)
    proposals = sum(1 + len(f.children) for f in found)
    pages = result.pages
    figures = {
        "pages": pages,
        "proposals": proposals,
        "extract_pages_per_s": pages / min(extract_only),
        "import_pages_per_s": pages / min(whole),
        "import_cpu_pages_per_s": pages / min(whole_cpu),
        "pdftotext_pages_per_s": None,
        "pdftotext_cpu_pages_per_s": None,
        "ratio": None,
        "cpu_ratio": None,
    }
    theirs = _pdftotext_times(data, rounds)
    if theirs:
        wall, cpu = theirs
        figures["pdftotext_pages_per_s"] = pages / wall
        figures["ratio"] = figures["import_pages_per_s"] / figures["pdftotext_pages_per_s"]
        if cpu > 0:
            figures["pdftotext_cpu_pages_per_s"] = pages / cpu
            figures["cpu_ratio"] = figures["import_cpu_pages_per_s"] / figures["pdftotext_cpu_pages_per_s"]
    return figures


def import_line(importing: dict) -> str:
    """The import's line of the printed table."""
    line = (
        f"import      {importing['import_pages_per_s']:8.0f} pages/s read and parsed "
        f"({importing['pages']}-page panel pack, {importing['proposals']} proposals; "
        f"extraction alone {importing['extract_pages_per_s']:.0f} pages/s)"
    )
    if importing.get("ratio"):
        line += (
            f"\n  import vs pdftotext on the same pack: {importing['import_pages_per_s']:.0f} against "
            f"{importing['pdftotext_pages_per_s']:.0f} pages/s, ratio {importing['ratio']:.2f}  (target >= 0.5)"
        )
        if importing.get("cpu_ratio"):
            line += (
                f"\n  the same in CPU time (pdftotext's own process): {importing['import_cpu_pages_per_s']:.0f} "
                f"against {importing['pdftotext_cpu_pages_per_s']:.0f} pages/s, ratio {importing['cpu_ratio']:.2f}"
            )
    else:
        line += "\n  pdftotext not installed: no import ratio"
    return line


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openpcc.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("OPENPCC_TASKS_BACKEND", "immediate")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    import django

    django.setup()


def build_search_data(entries: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from openpcc.search.backends import after_rebuild
    from openpcc.search.models import SearchEntry

    call_command("migrate", verbosity=0)
    rng = random.Random(11)
    SearchEntry.objects.filter(kind="bench").delete()
    from openpcc.core.models import Body

    body, _ = Body.objects.get_or_create(slug="bench-pcc", defaults={"name": "Bench PCC", "kind": "pcc"})
    batch = []
    for n in range(entries):
        text = " ".join(sentence(rng, 18) for _ in range(rng.randint(20, 120)))  # ~2-15 KB
        batch.append(
            SearchEntry(
                body=body,
                kind="bench",
                object_id=n,
                title=sentence(rng, 8),
                text=text,
                url=f"/bench/{n}/",
                date=date(2015 + n % 10, 1 + n % 12, 1),
            )
        )
        if len(batch) == 1000:
            SearchEntry.objects.bulk_create(batch)
            batch = []
    SearchEntry.objects.bulk_create(batch)
    if connection.vendor == "sqlite":
        after_rebuild()


QUERIES = ["domestic abuse", '"rural crime"', "restorative justice hub", "precept budget", "witness", "fire governance"]


def bench_search(repeats: int = 30) -> dict:
    from django.db import connection

    from openpcc.search.backends import raw_search_sql, search, terms

    ours, raw = [], []
    for _ in range(repeats):
        for q in QUERIES:
            started = time.perf_counter()
            search(q)
            ours.append(time.perf_counter() - started)
            match = " ".join(f'"{t}"' for t in terms(q)) if connection.vendor == "sqlite" else q
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(raw_search_sql(), [match])
                cursor.fetchall()
            raw.append(time.perf_counter() - started)
    p = {
        "openpcc_p50_ms": percentile(ours, 0.5) * 1000,
        "openpcc_p95_ms": percentile(ours, 0.95) * 1000,
        "raw_p50_ms": percentile(raw, 0.5) * 1000,
        "raw_p95_ms": percentile(raw, 0.95) * 1000,
    }
    p["p95_ratio"] = p["openpcc_p95_ms"] / p["raw_p95_ms"] if p["raw_p95_ms"] else None
    p["mean_ratio"] = statistics.mean(ours) / statistics.mean(raw)
    return p


def main() -> None:
    entries = int(os.environ.get("BENCH_SEARCH_ENTRIES", "20000"))
    pages = int(os.environ.get("BENCH_PDF_PAGES", "200"))
    setup_django()
    from django.db import connection

    extraction = bench_extraction(pages)
    importing = bench_import()
    build_search_data(entries)
    searching = bench_search()
    result = {
        "date": date.today().isoformat(),
        "database": connection.vendor,
        "search_entries": entries,
        "extraction": extraction,
        "import": importing,
        "search": searching,
    }
    out = ROOT / "bench" / "results" / f"{date.today().isoformat()}-documents-{connection.vendor}.json"
    out.write_text(json.dumps(result, indent=2))
    print(f"\nDocuments and search benchmark ({connection.vendor}, {entries} index entries, {pages}-page PDF)")
    print(f"  extraction  OpenPCC {extraction['openpcc_pages_per_s']:8.0f} pages/s", end="")
    if extraction["ratio"]:
        print(
            f"   pdftotext {extraction['pdftotext_pages_per_s']:8.0f} pages/s   ratio {extraction['ratio']:.2f}"
            "  (target >= 0.5)"
        )
    else:
        print("   pdftotext not installed: no ratio")
    print(f"  {import_line(importing)}")
    print(f"  search p50  OpenPCC {searching['openpcc_p50_ms']:8.2f} ms   raw index {searching['raw_p50_ms']:8.2f} ms")
    print(
        f"  search p95  OpenPCC {searching['openpcc_p95_ms']:8.2f} ms   raw index {searching['raw_p95_ms']:8.2f} ms"
        f"   ratio {searching['p95_ratio']:.2f}  (target <= 1.5)"
    )
    print(f"  written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
