"""Benchmark of the agenda pack (issue 16): not a timed test. In one run, on the same files:

  - about 300 pages of existing PDFs (30 papers of 10 pages, made once with WeasyPrint, under
    ten agenda items);
  - a bare merge of them with pypdf (PdfWriter.append, then write) and with pikepdf
    (pages.extend, then save);
  - OpenPCC's pack of them (openpcc.meetings.pack.pack_pdf: contents page by WeasyPrint, merge,
    page labels, bookmarks and the visible "Agenda pack page N of M" stamp on every page), the
    same without the stamp (what the stamp costs), and its contents page alone (WeasyPrint's
    fixed cost: the pack less it is the merge with its labels, bookmarks and stamps).

Each is run several times (BENCH_PACK_REPS, default 7), round-robin, and the median taken; the
target is the pack at most 1.5x a bare merge. Figures go to stdout and
bench/results/<date>-pack.json.
Run: .venv/bin/python bench/pack_bench.py
"""

from __future__ import annotations

import io
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAPERS, PAGES_EACH, ITEMS = 30, 10, 10
WORDS = (
    "The panel received the report on the delivery of the plan for the quarter, with the figures "
    "for each priority, the risks the office sees and the work planned with its partners. "
)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openpcc.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("OPENPCC_ALLOW_INSECURE_KEY", "1")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    import django

    django.setup()


def make_papers() -> list[bytes]:
    """PAPERS PDFs of PAGES_EACH pages each, made once (WeasyPrint: real fonts, real text) and kept
    under var/bench-pack/ for the next run."""
    from weasyprint import HTML

    folder = ROOT / "var" / "bench-pack"
    kept = [folder / f"paper-{n + 1:02d}.pdf" for n in range(PAPERS)]
    if all(k.exists() for k in kept):
        return [k.read_bytes() for k in kept]
    folder.mkdir(parents=True, exist_ok=True)
    papers = []
    for n in range(PAPERS):
        pages = "".join(
            f'<section style="page-break-after: always"><h1>Paper {n + 1}, part {p + 1}</h1>'
            + f"<p>{WORDS * 12}</p><p>{WORDS * 8}</p></section>"
            for p in range(PAGES_EACH)
        )
        papers.append(HTML(string=f"<html lang='en'><body>{pages}</body></html>").write_pdf())
        kept[n].write_bytes(papers[-1])
    return papers


def bare_pypdf(papers: list[bytes]) -> bytes:
    import pypdf

    writer = pypdf.PdfWriter()
    for data in papers:
        writer.append(pypdf.PdfReader(io.BytesIO(data)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bare_pikepdf(papers: list[bytes]) -> bytes:
    import pikepdf

    out = pikepdf.new()
    opened = [pikepdf.open(io.BytesIO(data)) for data in papers]
    for pdf in opened:
        out.pages.extend(pdf.pages)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def sections(papers: list[bytes]):
    from openpcc.meetings.pack import PackPaperSource, PackSection

    per_item = PAPERS // ITEMS
    return [
        PackSection(
            f"{i + 1}. Agenda item {i + 1}",
            [
                PackPaperSource(f"Paper {i * per_item + k + 1}", "pdf", data=papers[i * per_item + k])
                for k in range(per_item)
            ],
        )
        for i in range(ITEMS)
    ]


def contents_only(papers: list[bytes]) -> bytes:
    """The pack's contents page alone (laid out and written by WeasyPrint), for the same papers."""
    from openpcc.meetings.pack import PackedPaper, _contents

    secs = sections(papers)
    packed = [
        PackedPaper(source=p, heading=s.heading, order=n * 10_000 + k, first_page=1, last_page=PAGES_EACH)
        for n, s in enumerate(secs)
        for k, p in enumerate(s.papers)
    ]
    return _contents("Bench meeting", "Bench", secs, packed, 1).write_pdf()


def main() -> None:
    reps = int(os.environ.get("BENCH_PACK_REPS", "7"))
    setup_django()
    from openpcc.meetings.pack import pack_pdf

    made = time.perf_counter()
    papers = make_papers()
    made = time.perf_counter() - made
    from openpcc.meetings.pack import PackPaperSource, PackSection

    warm = [PackSection("Warm-up", [PackPaperSource("Warm-up", "pdf", data=papers[0])])]
    pack_pdf(title="Warm-up", subtitle="", sections=warm)  # load pango and the fonts once, untimed
    runs = {
        "bare_pypdf": lambda: bare_pypdf(papers),
        "bare_pikepdf": lambda: bare_pikepdf(papers),
        "openpcc_pack": lambda: pack_pdf(title="Bench meeting", subtitle="Bench", sections=sections(papers)).data,
        "openpcc_pack_no_stamp": lambda: (
            pack_pdf(title="Bench meeting", subtitle="Bench", sections=sections(papers), stamp=False).data
        ),
    }
    runs["contents_page_only"] = lambda: contents_only(papers)
    # round-robin, so a change in the machine's load falls on every variant alike
    times: dict[str, list[float]] = {name: [] for name in runs}
    outputs: dict[str, bytes] = {}
    for _ in range(reps):
        for name, fn in runs.items():
            started = time.perf_counter()
            outputs[name] = fn()
            times[name].append(time.perf_counter() - started)
    import pikepdf

    results = {}
    for name in runs:
        with pikepdf.open(io.BytesIO(outputs[name])) as pdf:
            pages = len(pdf.pages)
        results[name] = {
            "median_s": round(statistics.median(times[name]), 4),
            "runs_s": [round(t, 4) for t in times[name]],
            "pages": pages,
        }
    pack = results["openpcc_pack"]["median_s"]
    ratios = {
        "pack_vs_pypdf": round(pack / results["bare_pypdf"]["median_s"], 3),
        "pack_vs_pikepdf": round(pack / results["bare_pikepdf"]["median_s"], 3),
        "pack_no_stamp_vs_pikepdf": round(
            results["openpcc_pack_no_stamp"]["median_s"] / results["bare_pikepdf"]["median_s"], 3
        ),
        "stamp_cost_s": round(pack - results["openpcc_pack_no_stamp"]["median_s"], 4),
        "pack_minus_contents_vs_pikepdf": round(
            (pack - results["contents_page_only"]["median_s"]) / results["bare_pikepdf"]["median_s"], 3
        ),
    }
    out = ROOT / "bench" / "results" / f"{date.today().isoformat()}-pack.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "date": date.today().isoformat(),
                "papers": PAPERS,
                "pages_each": PAGES_EACH,
                "reps": reps,
                "make_papers_s": round(made, 2),
                "results": results,
                "ratios": ratios,
            },
            indent=2,
        )
    )
    print(f"\nAgenda pack benchmark: {PAPERS} PDFs of {PAGES_EACH} pages under {ITEMS} items, median of {reps} runs")
    for name, r in results.items():
        print(f"  {name:24} {r['median_s'] * 1000:8.1f} ms  ({r['pages']} pages)")
    print(f"  pack / bare pypdf merge    {ratios['pack_vs_pypdf']:6.2f}x  (target <= 1.5)")
    print(
        f"  pack / bare pikepdf merge  {ratios['pack_vs_pikepdf']:6.2f}x  (pack includes the WeasyPrint contents page)"
    )
    print(
        f"  pack without stamp / bare pikepdf {ratios['pack_no_stamp_vs_pikepdf']:6.2f}x;"
        f" the stamp on every page costs {ratios['stamp_cost_s'] * 1000:.1f} ms"
    )
    print(
        f"  pack less its contents page / bare pikepdf {ratios['pack_minus_contents_vs_pikepdf']:6.2f}x"
        " (the merge with labels, bookmarks and stamps)"
    )
    print(f"  written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
