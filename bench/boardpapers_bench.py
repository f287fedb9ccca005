"""Board papers out (issue 16), side by side in one run: a delivery-monitoring appendix of about
100 pages (a synthetic paper of the plan paper's shape: a status key, then per theme a heading and
a seven-column table of activities) written

  - as Word by OpenPCC's renderer (boardpapers.render.paper_docx) against bare python-docx writing
    the same headings, paragraphs and tables (target: at most 2x);
  - as PDF by OpenPCC's renderer (paper_pdf: its HTML, print.css, PDF/UA-1) against WeasyPrint
    rendering the same HTML with the same stylesheet on its own (target: at most 1.5x); WeasyPrint
    is timed both plain and asked for the same PDF/UA-1 variant;

and both again in a body's paper style (logo, colours, font, footer). Each is timed ``rounds``
times, alternating, and the ratio of the medians printed; the last line of output is the result
as JSON. Needs no database:

    .venv/bin/python bench/boardpapers_bench.py [rounds]
"""

from __future__ import annotations

import io
import json
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADINGS = (
    "Activity",
    "Priority for action",
    "Leads",
    "Key delivery activities",
    "Status",
    "Update",
    "Wider partnership opportunities",
)
WORDS = [
    "victims",
    "support",
    "partnership",
    "commissioning",
    "funding",
    "police",
    "crime",
    "community",
    "safety",
    "rural",
    "neighbourhood",
    "domestic",
    "abuse",
    "violence",
    "prevention",
    "offenders",
    "justice",
    "custody",
    "estates",
    "review",
    "delivery",
    "quarter",
    "progress",
    "board",
    "panel",
    "scrutiny",
    "public",
    "confidence",
    "training",
    "officers",
    "staff",
    "report",
    "outcome",
    "service",
    "contract",
    "evaluation",
    "workshop",
    "survey",
    "volunteers",
    "youth",
    "schools",
]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openpcc.settings")
    os.environ.setdefault("OPENPCC_ALLOW_INSECURE_KEY", "1")
    import django

    django.setup()


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def appendix_paper(themes: int = 12, rows_per_theme: int = 24, seed: int = 16):
    """A delivery appendix written in our own (random) words, of the plan paper's shape."""
    from openpcc.core.board_paper import (
        Appendix,
        Heading,
        Paper,
        PaperContent,
        PaperFrame,
        Paragraph,
        Section,
        StatusKey,
        Table,
    )

    rng = random.Random(seed)
    blocks: list = [
        StatusKey(
            "Delivery status key",
            (
                ("Green", "On track"),
                ("Amber", "Some delay; action in hand"),
                ("Red", "Off track"),
                ("Blue", "Complete"),
            ),
        )
    ]
    for t in range(1, themes + 1):
        blocks.append(Heading(f"Theme {t}: {_words(rng, 4)}"))
        rows = []
        for r in range(1, rows_per_theme + 1):
            code = f"T{t}.{r}"
            rows.append(
                (
                    code,
                    f"P{t}.{r} {_words(rng, 10)}\nPriority status: Green",
                    f"OPCC lead: {_words(rng, 2)}\n{_words(rng, 3)}",
                    _words(rng, 18),
                    rng.choice(("Green", "Amber", "Red", "Blue")),
                    _words(rng, 45),
                    _words(rng, 12),
                )
            )
        blocks.append(Table(f"Theme {t}, 2017/18 Q1", HEADINGS, tuple(rows)))
    content = PaperContent(
        title="Police and Crime Plan: delivery report, 2017/18 Q1",
        purpose=_words(rng, 30),
        recommendations=(_words(rng, 15), _words(rng, 15)),
        sections=(Section("Summary", tuple(Paragraph(_words(rng, 40)) for _ in range(4))),),
        appendices=(Appendix("Actions to deliver the plan's priorities, 2017/18 Q1", tuple(blocks)),),
    )
    frame = PaperFrame(
        body_name="Bench Police and Crime Commissioner",
        to="Business Coordination Board",
        author="Chief Executive",
        date=date(2017, 9, 21),
        contact_officer="Bench Officer",
        classification="OFFICIAL",
    )
    return Paper(frame=frame, content=content, kind="plan-delivery")


def bench_look():
    """A body's style as the renderer receives it: logo, colours, font and footer."""
    from PIL import Image

    from openpcc.boardpapers.render import PaperLook

    logo = io.BytesIO()
    Image.new("RGB", (240, 80), (29, 79, 145)).save(logo, "PNG")
    return PaperLook(
        heading_colour="#1d4f91",
        accent_colour="#005a30",
        font_family="DejaVu Serif",
        footer="Bench office, 1 High Street",
        logo=logo.getvalue(),
        logo_type="image/png",
        logo_width=240,
        logo_height=80,
    )


def bare_docx(paper) -> bytes:
    """python-docx writing the same headings, paragraphs and tables, with nothing else."""
    from docx import Document

    from openpcc.boardpapers.render import paper_view

    view = paper_view(paper)
    doc = Document()
    doc.add_heading(paper.content.title, level=1)
    for label, value in view["frame_rows"]:
        doc.add_paragraph(f"{label}: {value}")

    def blocks(items) -> None:
        for b in items:
            if b["t"] == "p":
                doc.add_paragraph(f"{b['number']} {b['text']}")
            elif b["t"] == "h":
                doc.add_heading(b["text"], level=3)
            elif b["t"] == "ul":
                for item in b["items"]:
                    doc.add_paragraph(item, style="List Bullet")
            elif b["t"] == "table":
                doc.add_paragraph(b["caption"], style="Caption")
                table = doc.add_table(rows=1 + len(b["rows"]), cols=len(b["headings"]))
                table.style = "Table Grid"
                for cell, text in zip(table.rows[0].cells, b["headings"], strict=True):
                    cell.text = text
                for row, (first, rest) in zip(table.rows[1:], b["rows"], strict=True):
                    for cell, text in zip(row.cells, (first, *rest), strict=False):
                        cell.text = text

    for s in view["sections"]:
        doc.add_heading(f"{s['number']}. {s['title']}", level=2)
        blocks(s["blocks"])
    for a in view["appendices"]:
        doc.add_heading(f"Appendix {a['number']}: {a['title']}", level=2)
        blocks(a["blocks"])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def bare_pdf(html: str, *, variant: str | None = None) -> bytes:
    from weasyprint import CSS, HTML

    from openpcc.boardpapers.render import PRINT_CSS

    options = {"pdf_variant": variant} if variant else {}
    return HTML(string=html, base_url=str(PRINT_CSS.parent)).write_pdf(
        stylesheets=[CSS(filename=str(PRINT_CSS))], **options
    )


def _time(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def pdf_pages(data: bytes) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(data))


def run(rounds: int = 3) -> dict:
    setup_django()
    from openpcc.boardpapers import render

    paper = appendix_paper()
    look = bench_look()
    html = render.paper_document(paper)
    styled_html = render.paper_document(paper, look=look)
    # warm up: imports, fonts, templates
    render.paper_docx(paper)
    bare_docx(paper)
    times: dict[str, list[float]] = {
        k: [] for k in ("docx", "docx_styled", "bare_docx", "pdf", "pdf_styled", "bare_pdf", "bare_pdf_ua")
    }
    pages = 0
    for _ in range(rounds):
        t, _out = _time(lambda: bare_docx(paper))
        times["bare_docx"].append(t)
        t, _out = _time(lambda: render.paper_docx(paper))
        times["docx"].append(t)
        t, _out = _time(lambda: render.paper_docx(paper, look=look))
        times["docx_styled"].append(t)
        t, _out = _time(lambda: bare_pdf(html))
        times["bare_pdf"].append(t)
        t, _out = _time(lambda: bare_pdf(html, variant="pdf/ua-1"))
        times["bare_pdf_ua"].append(t)
        t, pdf = _time(lambda: render.paper_pdf(paper))
        times["pdf"].append(t)
        pages = pdf_pages(pdf)
        t, _out = _time(lambda: render.paper_pdf(paper, look=look))
        times["pdf_styled"].append(t)
    del styled_html
    med = {k: statistics.median(v) for k, v in times.items()}
    result = {
        "date": date.today().isoformat(),
        "rounds": rounds,
        "pdf_pages": pages,
        "median_s": med,
        "all_s": times,
        "docx_ratio": med["docx"] / med["bare_docx"],
        "docx_styled_ratio": med["docx_styled"] / med["bare_docx"],
        "pdf_ratio": med["pdf"] / med["bare_pdf"],
        "pdf_ratio_vs_same_variant": med["pdf"] / med["bare_pdf_ua"],
        "pdf_styled_ratio": med["pdf_styled"] / med["bare_pdf"],
    }
    return result


def print_table(r: dict) -> None:
    m = r["median_s"]
    print(f"\nBoard papers: a delivery appendix of {r['pdf_pages']} PDF pages, median of {r['rounds']} rounds")
    print(
        f"  Word: OpenPCC {m['docx']:.2f} s, styled {m['docx_styled']:.2f} s; bare python-docx {m['bare_docx']:.2f} s"
    )
    print(f"        ratio {r['docx_ratio']:.2f}x, styled {r['docx_styled_ratio']:.2f}x (target <= 2x)")
    print(
        f"  PDF:  OpenPCC {m['pdf']:.2f} s, styled {m['pdf_styled']:.2f} s; bare WeasyPrint {m['bare_pdf']:.2f} s,"
        f" bare WeasyPrint PDF/UA-1 {m['bare_pdf_ua']:.2f} s"
    )
    print(
        f"        ratio {r['pdf_ratio']:.2f}x (vs PDF/UA-1 {r['pdf_ratio_vs_same_variant']:.2f}x),"
        f" styled {r['pdf_styled_ratio']:.2f}x (target <= 1.5x)"
    )


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_PAPER_ROUNDS", "3"))
    result = run(rounds)
    print_table(result)
    out = ROOT / "bench" / "results" / f"{result['date']}-boardpapers.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(json.dumps({k: v for k, v in result.items() if k != "all_s"}))


if __name__ == "__main__":
    main()
