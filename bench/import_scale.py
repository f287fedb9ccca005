"""An archive of many pages imported through the real background path, measured: not a test.

Generates papers of our own (invented minutes of invented committees: a heading, attendance,
numbered items with minutes, resolutions and actions, page after page) as PDFs, stores them as
one import batch in a scratch database, and lets `manage.py db_worker` (the task worker, run as
its own process exactly as deployed) read them. While it reads, the progress the batch reports
and the worker's memory (its resident set, and with the children it forks to extract each file)
are sampled once a second. Printed and written to bench/results/<date>-import-scale.json:

  - pages a second read and parsed into proposals, with the worker running;
  - the worker's peak resident memory for a small archive and a large one (bounded: it should
    not grow with the archive);
  - a restart: the worker is killed part-way through the large archive and started again; the
    import carries on from where it stopped (the worker's own start-up check, no person running
    import_resume) and no file's proposals are stored twice.

  .venv/bin/python bench/import_scale.py [PAGES_LARGE] [PAGES_SMALL]   (defaults 10000 and 2000)

Everything lives under a temporary folder (database, stored files), removed afterwards.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES_PER_FILE = 20
STALLED_SECONDS = 20  # the worker's "a batch has stopped" limit for this run (default 300)

# Our own words, for invented papers.
COMMITTEES = ["Harbour Lights Working Group", "Moorland Safety Panel", "Riverside Scrutiny Board", "Valley Crime Panel"]
FIRST = ["Ada", "Ben", "Cara", "Dev", "Esme", "Finn", "Gwen", "Hari", "Iona", "Jude", "Kit", "Lena", "Milo", "Nia"]
LAST = ["Lantern", "Wick", "Ferry", "Moss", "Quarry", "Tallow", "Bracken", "Heron", "Cobble", "Rook", "Sedge", "Thorn"]
TOPICS = [
    "lighting on the harbour steps",
    "the rural patrol rota",
    "the victims' helpline figures",
    "the budget for the coming year",
    "repairs to the custody suite",
    "the youth diversion scheme",
    "the community speed watch",
    "the estates review",
]
SENTENCES = [
    "The group heard a short report on {topic} from the office.",
    "Members asked how the figures for {topic} compared with last year.",
    "The officer explained that work on {topic} was on time and within budget.",
    "A member asked that the next report on {topic} show the figures by district.",
    "It was noted that the public had been asked for their views on {topic}.",
    "The chair thanked the officers for their work on {topic}.",
]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def paper_pages(n: int, pages: int, rng: random.Random) -> list[list[str]]:
    """One invented set of minutes of ``pages`` pages (about 45 short lines a page)."""
    day = 1 + n % 28
    month = ["January", "March", "May", "July", "September", "November"][n % 6]
    year = 2012 + n % 12
    lines = [
        f"Minutes of the meeting of the {COMMITTEES[n % len(COMMITTEES)]} held on {day} {month} {year} "
        "at the Quay Office",
        "Present: " + ", ".join(f"Councillor {_name(rng)}" for _ in range(5)),
        f"Apologies were received from Councillor {_name(rng)}.",
    ]
    item = 0
    while len(lines) < pages * 45:
        item += 1
        topic = rng.choice(TOPICS)
        lines.append(f"{item}. Report on {topic}")
        for _ in range(rng.randint(4, 9)):
            lines.append(rng.choice(SENTENCES).format(topic=topic))
        if rng.random() < 0.6:
            lines.append(f"RESOLVED that the report on {topic} be noted.")
        if rng.random() < 0.3:
            lines.append(f"The officer agreed to circulate the figures on {topic} before the next meeting.")
    lines = lines[: pages * 45]
    return [lines[i : i + 45] for i in range(0, len(lines), 45)]


def make_archive(pages: int, seed: int) -> list[tuple[str, bytes]]:
    from tests.papers import make_pdf

    rng = random.Random(seed)
    files = []
    for n in range(pages // PAGES_PER_FILE):
        name = f"archive/{2012 + n % 12}/minutes-{seed}-{n:05d}.pdf"
        files.append((name, make_pdf(paper_pages(n, PAGES_PER_FILE, rng))))
    return files


def env_for(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "openpcc.settings",
            "DJANGO_DEBUG": "0",  # as deployed (DEBUG keeps every query in memory)
            "DJANGO_SECRET_KEY": "bench-" + "k" * 60,
            "OPENPCC_ALLOW_INSECURE_KEY": "1",
            "DATABASE_URL": f"sqlite:///{workdir / 'scale.sqlite3'}",
            "OPENPCC_MEDIA_ROOT": str(workdir / "media"),
            "OPENPCC_IMPORT_STALLED_SECONDS": str(STALLED_SECONDS),
        }
    )
    env.pop("OPENPCC_TASKS_BACKEND", None)  # the database task backend, as deployed
    return env


def rss_kb(pid: int) -> tuple[int, int]:
    """(resident KB of the process, resident KB of it and its children)."""

    def one(p: int) -> int:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    own = one(pid)
    total = own
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    for child in children:
        total += one(int(child))
    return own, total


WORKER_COMMAND = [sys.executable, "manage.py", "db_worker", "--queue-name", "default"]
WORKER_COMMAND += ["--interval", "0.2", "--no-startup-delay"]


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        WORKER_COMMAND,
        cwd=ROOT,
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )


def run(pages: int, workdir: Path, *, kill_at: float | None = None) -> dict:
    """Import an archive of ``pages`` pages with a worker running; kill the worker once that
    share of the files is read (``kill_at``) and start another."""
    from django.db.models import Count

    from openpcc.core.models import Body
    from openpcc.core.permissions import system_actor
    from openpcc.imports import services
    from openpcc.imports.models import ImportBatch, Proposal

    started = time.perf_counter()
    files = make_archive(pages, seed=pages)
    generated_s = time.perf_counter() - started
    body, _ = Body.objects.get_or_create(slug="scale-panel", defaults={"name": "Scale Panel", "kind": "panel"})
    user = system_actor("import scale bench")
    started = time.perf_counter()
    batch = services.batch_create(body=body, files=files, source_name=f"archive of {pages} pages", user=user)
    stored_s = time.perf_counter() - started
    del files
    env = env_for(workdir)
    log = workdir / f"worker-{pages}.log"
    worker = start_worker(env, log)
    t0 = time.perf_counter()
    samples: list[dict] = []
    peak_own = peak_tree = 0
    restart = None
    try:
        while True:
            time.sleep(1.0)
            batch.refresh_from_db()
            own, tree = rss_kb(worker.pid)
            peak_own, peak_tree = max(peak_own, own), max(peak_tree, tree)
            samples.append(
                {
                    "s": round(time.perf_counter() - t0, 1),
                    "files": batch.files_done,
                    "pages": batch.pages_done,
                    "rss_kb": own,
                    "rss_with_children_kb": tree,
                }
            )
            if kill_at is not None and restart is None and batch.files_done >= kill_at * batch.files_total:
                worker.send_signal(signal.SIGKILL)  # a crash: no chance to finish the file in hand
                worker.wait()
                killed_at = time.perf_counter() - t0
                files_then = batch.files_done
                print(f"    killed the worker at {killed_at:.0f} s with {files_then} of {batch.files_total} files read")
                worker = start_worker(env, log)
                restart = {"killed_at_s": round(killed_at, 1), "files_read_when_killed": files_then}
            read_on = restart is not None and batch.files_done > restart["files_read_when_killed"]
            if read_on and "resumed_at_s" not in restart:
                restart["resumed_at_s"] = round(time.perf_counter() - t0, 1)
                print(f"    the new worker read on at {restart['resumed_at_s']:.0f} s")
            if batch.status == ImportBatch.Status.DONE:
                break
            if time.perf_counter() - t0 > 3600:
                raise RuntimeError("the import took more than an hour")
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
    elapsed = time.perf_counter() - t0
    batch.refresh_from_db()
    twice = (
        Proposal.objects.filter(file__batch=batch)
        .values("file", "order")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    statuses = dict(batch.files.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    meetings = Proposal.objects.filter(file__batch=batch, kind="meeting").count()
    reading_s = batch.seconds  # time spent reading files (the worker's own account, per file)
    result = {
        "pages": batch.pages_done,
        "files": batch.files_total,
        "file_statuses": statuses,
        "proposals": Proposal.objects.filter(file__batch=batch).count(),
        "meetings_proposed": meetings,
        "proposals_stored_twice": twice,
        "generated_s": round(generated_s, 1),
        "stored_s": round(stored_s, 1),
        "elapsed_s": round(elapsed, 1),
        "reading_s": round(reading_s, 1),
        "pages_per_s_reading": round(batch.pages_done / reading_s, 1) if reading_s else None,
        "pages_per_s_elapsed": round(batch.pages_done / elapsed, 1),
        "peak_worker_rss_mb": round(peak_own / 1024, 1),
        "peak_worker_and_children_rss_mb": round(peak_tree / 1024, 1),
        "restart": restart,
        "samples": samples,
    }
    if restart:
        result["pages_per_s_elapsed_less_wait"] = round(
            batch.pages_done / (elapsed - (restart["resumed_at_s"] - restart["killed_at_s"])), 1
        )
    return result


def main() -> None:
    large = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    small = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000
    with tempfile.TemporaryDirectory(prefix="openpcc-import-scale-") as tmp:
        workdir = Path(tmp)
        os.environ.update(env_for(workdir))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        runs = {}
        for pages, kill_at in ((small, None), (large, 0.4)):
            print(f"==> {pages} pages ({pages // PAGES_PER_FILE} PDFs of {PAGES_PER_FILE} pages)")
            runs[str(pages)] = run(pages, workdir, kill_at=kill_at)
            r = runs[str(pages)]
            print(
                f"    {r['pages']} pages, {r['proposals']} proposals in {r['elapsed_s']} s: "
                f"{r['pages_per_s_reading']} pages/s reading, {r['pages_per_s_elapsed']} pages/s overall; "
                f"peak worker {r['peak_worker_rss_mb']} MB ({r['peak_worker_and_children_rss_mb']} MB with the "
                f"child reading a file); stored twice: {r['proposals_stored_twice']}; files {r['file_statuses']}"
            )
    out = ROOT / "bench" / "results" / f"{date.today().isoformat()}-import-scale.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"date": date.today().isoformat(), "runs": runs}, indent=1))
    print(f"  written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
