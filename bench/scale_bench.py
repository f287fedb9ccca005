"""The benchmark suite on the national-scale data set (openpcc.demo.scale): every figure is
a ratio measured in the same run, printed as a table and written to bench/results/<date>.json.

  - public pages (plan, priority, meetings, meeting, actions, decisions, decision, search):
    p50/p95 through gunicorn on 127.0.0.1 with a bounded load generator, side by side with
    Datasette serving the equivalent tables and `_search` of the same SQLite file;
  - the stack's floor: a trivial Django view (/healthz) on the same server;
  - search: search.backends.search() against the raw FTS5/tsvector query on the same index;
  - extraction: pages/second against `pdftotext` on the same PDF;
  - the spending import: a million-line month (BENCH_IMPORT_ROWS) against a bare pyarrow read of
    the same CSV (bench/spending_bench.py);
  - the search index: `rebuild_search_index`'s rebuild, and its full-text pass alone, against a
    bare build of the same titles and texts (SQLite: a plain FTS5 table filled by one
    INSERT ... SELECT; PostgreSQL: to_tsvector and GIN indexes over a plain table), in the same run
    (BENCH_SKIP_REBUILD=1 skips it).

  make bench                        # SQLite: var/scale.sqlite3, generated on first run
  BENCH_PRESET=small make bench     # a quick run on the small preset
  DATABASE_URL=postgres://... make bench   # PostgreSQL (no Datasette: it serves SQLite); its search
                                           # is also measured on var/scale.sqlite3 in the same run
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.documents_bench import percentile  # noqa: E402

PRESET = os.environ.get("BENCH_PRESET", "national")
SQLITE_PATH = ROOT / "var" / ("scale.sqlite3" if PRESET == "national" else f"scale-{PRESET}.sqlite3")
MEDIA = ROOT / "var" / ("scale-media" if PRESET == "national" else f"scale-media-{PRESET}")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "60"))  # per page and server
CONCURRENCY = 2  # the machine has two cores; the load generator shares them
PAGE_SECONDS = 60  # no page is measured for longer than this
OPENPCC_PORT, DATASETTE_PORT = 8765, 8766
QUERIES = ["domestic abuse", "witness", "rural crime"]
GENERATION: dict[str, float | None] = {}  # this run's generation: seconds for the records, and for the search index


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}"


def server_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        {
            "DATABASE_URL": database_url(),
            "DATABASE_CONN_MAX_AGE": "600",
            "OPENPCC_MEDIA_ROOT": str(MEDIA),
            "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-deployment-0123456789",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_COOKIES": "0",
            "OPENPCC_PLAIN_STATIC": "1",
            "DJANGO_SETTINGS_MODULE": "openpcc.settings",
        }
    )
    return env


def ensure_database() -> None:
    """On PostgreSQL, make the data set's database (DATABASE_URL's) when the server has none of that name."""
    url = urlsplit(database_url())
    if not url.scheme.startswith("postgres"):
        return
    import psycopg
    from psycopg import sql

    name = url.path.lstrip("/")
    with psycopg.connect(urlunsplit(url._replace(path="/postgres")), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            print(f"==> making the database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def ensure_data() -> None:
    """Generate the data set's records once (later runs reuse them; a stopped generation goes on
    from where it stopped). Its search index is built by the benchmark's own rebuild
    (``bench_index_build``), so a first run builds the index once, not twice; with
    BENCH_SKIP_REBUILD set, by ``rebuild_search_index`` here. What this run spent goes in
    GENERATION."""
    env = {**server_env(), "DJANGO_DEBUG": "1"}
    manage = [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "manage.py")]
    ensure_database()
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    probe = "from openpcc.search.models import SearchEntry; print(SearchEntry.objects.exists())"
    found = subprocess.run([*manage, "shell", "-c", probe], env=env, check=True, capture_output=True, text=True)
    if found.stdout.strip().splitlines()[-1] == "True":
        print(f"==> reusing the {PRESET} data set at {database_url()}")
        return
    print(f"==> generating the {PRESET} data set's records (once; later runs reuse them)")
    started = time.perf_counter()
    done = subprocess.run([*manage, "generate_scale", "--preset", PRESET, "--no-index"], env=env, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"generate_scale stopped (exit status {done.returncode}); run make bench again to go on")
    GENERATION["records_s"] = time.perf_counter() - started
    if os.environ.get("BENCH_SKIP_REBUILD"):
        print("==> building its search index")
        started = time.perf_counter()
        subprocess.run([*manage, "rebuild_search_index"], env=env, check=True, cwd=ROOT)
        GENERATION["index_s"] = time.perf_counter() - started
    else:
        GENERATION["index_s"] = None  # the rebuild measured below builds it


def bench_index_build() -> dict:
    """The search index rebuilt as `rebuild_search_index` does it, against a bare full-text build
    of the same titles and texts in the same run: the floor for "build the index once".

    The bare build is what any full-text index of these texts costs at least, with nothing of
    OpenPCC in it: the entries' titles and texts, already assembled, copied by one
    INSERT ... SELECT into a plain FTS5 table that keeps its own copy of them (SQLite, the same
    tokenizer as the index), or by one CREATE TABLE ... AS SELECT computing the same weighted
    tsvector, then the same two GIN indexes (PostgreSQL). The rebuild does more on top: it reads
    the records of every kind and assembles their entries (only the public ones), writes the
    entries table, builds the full-text index over it and counts the vocabulary. Django's URL
    configuration is loaded first (as in any running process; the rebuild's URLs need it), so its
    one-off import is not counted as index building."""
    from django.db import connection, transaction
    from django.test.utils import override_settings
    from django.urls import get_resolver

    from openpcc.core.writing import bulk_cache
    from openpcc.search.index import rebuild

    print("==> search index rebuild against a bare full-text build of the same texts")
    get_resolver().url_patterns  # noqa: B018 (the URL configuration, imported once per process)
    # as the command runs in production: without DEBUG's query log, which on SQLite quotes every
    # parameter of every query it records (thousands of ids a chunk) with a query of its own
    with override_settings(DEBUG=False):
        return _index_build(connection, transaction, rebuild, bulk_cache)


def _index_build(connection, transaction, rebuild, bulk_cache) -> dict:
    heard: list[str] = []

    def progress(line: str) -> None:
        heard.append(line)
        print(f"  {line}", flush=True)

    started, cpu = time.perf_counter(), time.process_time()
    entries = sum(rebuild(progress=progress).values())
    rebuild_s, rebuild_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    if "index_s" in GENERATION and GENERATION["index_s"] is None:  # this rebuild was the data set's first index
        GENERATION["index_s"] = rebuild_s
    # its full-text pass (what it does once the entries are written), as the rebuild reports it
    built = [re.match(r"search index: full-text index built \((\d+(?:\.\d+)?) s\)", line) for line in heard]
    fulltext_s = next(float(m.group(1)) for m in built if m)
    started, cpu = time.perf_counter(), time.process_time()
    # the floor gets the rebuild's page cache too (bulk_cache: SQLite's default 2 MB doubles an FTS5 build)
    with transaction.atomic(), bulk_cache(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cursor.execute(
                "CREATE TABLE bench_bare_fts AS SELECT id, title, "
                "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
                "setweight(to_tsvector('english', coalesce(text, '')), 'B') AS v FROM documents_searchentry"
            )
            cursor.execute("CREATE INDEX bench_bare_fts_v ON bench_bare_fts USING GIN (v)")
            cursor.execute("CREATE INDEX bench_bare_fts_t ON bench_bare_fts USING GIN (to_tsvector('english', title))")
        else:
            cursor.execute(
                "CREATE VIRTUAL TABLE bench_bare_fts USING fts5(title, text, "
                "tokenize='porter unicode61 remove_diacritics 2')"
            )
            cursor.execute(
                "INSERT INTO bench_bare_fts(rowid, title, text) SELECT id, title, text FROM documents_searchentry"
            )
    bare_s, bare_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_bare_fts")
    out = {
        "entries": entries,
        "rebuild_s": rebuild_s,
        "fulltext_s": fulltext_s,
        "bare_s": bare_s,
        "rebuild_ratio": rebuild_s / bare_s,
        "fulltext_ratio": fulltext_s / bare_s,
    }
    if connection.vendor == "sqlite":  # SQLite runs in this process: its CPU time is the work done
        out.update(rebuild_cpu_s=rebuild_cpu_s, bare_cpu_s=bare_cpu_s, rebuild_cpu_ratio=rebuild_cpu_s / bare_cpu_s)
    print(
        f"  {entries:,} entries: rebuild {rebuild_s:.1f} s (its full-text pass {fulltext_s:.1f} s), "
        f"bare build {bare_s:.1f} s; ratio {rebuild_s / bare_s:.2f}"
        + (f" (CPU {rebuild_cpu_s:.1f} s against {bare_cpu_s:.1f} s)" if connection.vendor == "sqlite" else "")
    )
    return out


def dataset_size() -> int | None:
    """Bytes of the SQLite data set (with its write-ahead log), or None on PostgreSQL."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return None
    return sum(p.stat().st_size for p in (SQLITE_PATH, Path(f"{SQLITE_PATH}-wal")) if p.exists())


def setup_django() -> None:
    for k, v in server_env().items():
        os.environ[k] = v
    os.environ["DJANGO_DEBUG"] = "1"
    os.environ["OPENPCC_TASKS_BACKEND"] = "immediate"
    import django

    django.setup()


def pick() -> dict:
    """The records whose pages are measured: the busiest office's latest records."""
    from django.db.models import Count

    from openpcc.core.models import Body
    from openpcc.decisions.models import Decision
    from openpcc.meetings.models import Meeting
    from openpcc.plans.models import Plan
    from openpcc.spending.models import SpendingFile

    office = Body.objects.filter(kind__in=["pcc", "pfcc"]).order_by("id").first()
    plan = Plan.objects.published().filter(body=office).order_by("-period_start").first()
    priority = plan.priorities.order_by("order").first()
    meeting = (
        Meeting.objects.published()
        .filter(body=office, status="minutes_approved")
        .annotate(n=Count("items"))
        .order_by("-n", "-date")
        .first()
    )
    decision = Decision.objects.published().filter(body=office).order_by("-decision_date").first()
    spending = SpendingFile.objects.published().filter(body=office).order_by("-month").first()
    return {
        "body": office.slug,
        "body_id": office.pk,
        "plan_id": plan.pk,
        "priority": priority.code,
        "priority_id": priority.pk,
        "meeting_id": meeting.pk,
        "decision": decision.reference_slug,
        "decision_id": decision.pk,
        "spending_month": f"{spending.month:%Y-%m}",
        "spending_file_id": spending.pk,
    }


def pages(p: dict) -> list[tuple[str, str, str | None]]:
    """(page, OpenPCC path, the equivalent Datasette path)."""
    b, ds = p["body"], "/scale"
    out = [
        ("plan", f"/{b}/plan/", f"{ds}/plans_priority?plan_id={p['plan_id']}&_size=100"),
        ("priority", f"/{b}/plan/{p['priority']}/", f"{ds}/plans_priority/{p['priority_id']}"),
        (
            "meetings",
            f"/{b}/meetings/",
            f"{ds}/meetings_meeting?body_id={p['body_id']}&publication_status=published&_sort_desc=date&_size=50",
        ),
        ("meeting", f"/{b}/meetings/{p['meeting_id']}/", f"{ds}/meetings_agendaitem?meeting_id={p['meeting_id']}"),
        ("actions", f"/{b}/actions/", f"{ds}/meetings_action?body_id={p['body_id']}&_size=50"),
        (
            "decisions",
            f"/{b}/decisions/",
            f"{ds}/decisions_decision?body_id={p['body_id']}&publication_status=published"
            "&_sort_desc=decision_date&_size=50",
        ),
        ("decision", f"/{b}/decisions/{p['decision']}/", f"{ds}/decisions_decision/{p['decision_id']}"),
        (
            "grants",
            f"/{b}/grants/",
            f"{ds}/funding_grant?body_id={p['body_id']}&publication_status=published&status__in=awarded,closed"
            "&_sort_desc=start_date&_size=50",
        ),
        (
            "spending month",
            f"/{b}/spending/{p['spending_month']}/",
            f"{ds}/spending_spendingline?file_id={p['spending_file_id']}&_sort=date&_size=50",
        ),
    ]
    for q in QUERIES:
        plus = q.replace(" ", "+")
        out.append((f"search “{q}”", f"/search/?q={plus}", f"{ds}/documents_searchentry?_search={plus}&_size=20"))
    return out


def get(port: int, path: str) -> tuple[int, float, int]:
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Connection": "close"})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    return response.status, time.perf_counter() - started, len(body)


def measure(port: int, path: str) -> dict:
    for _ in range(3):  # warm up: first requests fill caches and open connections
        status, _, _ = get(port, path)
        if status != 200:
            raise RuntimeError(f"{path} on port {port} answered {status}")
    deadline = time.monotonic() + PAGE_SECONDS
    times: list[float] = []
    sizes: list[int] = []

    def one(_):
        if time.monotonic() > deadline:
            return
        status, seconds, size = get(port, path)
        if status != 200:
            raise RuntimeError(f"{path} on port {port} answered {status}")
        times.append(seconds)
        sizes.append(size)

    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(one, range(REQUESTS)))
    return {
        "p50_ms": percentile(times, 0.5) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "requests": len(times),
        "bytes": int(sum(sizes) / len(sizes)),
    }


def serve(cmd: list[str], port: int, env: dict) -> subprocess.Popen:
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(300):
        try:
            get(port, "/healthz" if port == OPENPCC_PORT else "/-/versions.json")
            return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(f"{cmd[0]} stopped: {proc.stderr.read().decode()[-2000:]}") from None
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"{cmd[0]} did not start on port {port}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def bench_openpcc(page_list, *, cached: bool) -> dict:
    """Every page through gunicorn; ``cached`` with the public page cache as deployed (the
    warm-up requests fill it), otherwise with it off, so each request renders the page."""
    cmd = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "openpcc.wsgi:application",
        "--bind",
        f"127.0.0.1:{OPENPCC_PORT}",
        "--workers",
        "2",
        "--log-level",
        "warning",
    ]
    env = {**server_env(), "OPENPCC_PUBLIC_CACHE_SECONDS": "300" if cached else "0"}
    proc = serve(cmd, OPENPCC_PORT, env)
    label = "cached" if cached else "rendered"
    try:
        out = {"floor": measure(OPENPCC_PORT, "/healthz")}
        for name, path, _ in page_list:
            out[name] = measure(OPENPCC_PORT, path)
            print(f"  OpenPCC ({label}) {name:28} p95 {out[name]['p95_ms']:8.1f} ms")
        return out
    finally:
        stop(proc)


def bench_datasette(page_list) -> dict | None:
    datasette = ROOT / ".venv-bench" / "bin" / "datasette"
    if not datasette.exists() or os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return None
    # Datasette reads the same file; it is told which FTS table indexes the entries.
    meta = {
        "databases": {
            "scale": {"tables": {"documents_searchentry": {"fts_table": "documents_search_fts", "fts_pk": "id"}}}
        }
    }
    with tempfile.TemporaryDirectory() as tmp:
        link = Path(tmp) / "scale.db"
        link.symlink_to(SQLITE_PATH)
        (Path(tmp) / "metadata.json").write_text(json.dumps(meta))
        cmd = [
            str(datasette),
            "serve",
            "-i",
            str(link),
            "--host",
            "127.0.0.1",
            "--port",
            str(DATASETTE_PORT),
            "--metadata",
            str(Path(tmp) / "metadata.json"),
            "--setting",
            "sql_time_limit_ms",
            "10000",
        ]
        proc = serve(cmd, DATASETTE_PORT, dict(os.environ))
        try:
            out = {}
            for name, _, path in page_list:
                out[name] = measure(DATASETTE_PORT, path)
                print(f"  Datasette {name:28} p95 {out[name]['p95_ms']:8.1f} ms")
            return out
        finally:
            stop(proc)


def bench_spending_import() -> dict:
    """A month's export of BENCH_IMPORT_ROWS lines (a million by default) imported into a
    scratch database, against a bare pyarrow read of the same CSV (bench/spending_bench.py, in a
    process of its own so the scratch database never touches the data set)."""
    rows = os.environ.get("BENCH_IMPORT_ROWS", "1000000")
    print(f"==> spending import of {int(rows):,} rows against pyarrow.csv.read_csv")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "bench" / "spending_bench.py"), rows],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ensure_data()
    setup_django()
    from django.db import connection

    from bench.documents_bench import bench_extraction, bench_import, bench_search

    vendor = connection.vendor
    index_build = None if os.environ.get("BENCH_SKIP_REBUILD") else bench_index_build()
    print("==> extraction and search, in process")
    extraction = bench_extraction(int(os.environ.get("BENCH_PDF_PAGES", "200")))
    importing = bench_import()
    rounds = int(os.environ.get("BENCH_SEARCH_ROUNDS", "10"))
    searching = bench_search(repeats=rounds)
    if vendor == "postgresql" and SQLITE_PATH.exists():
        # The same data set on SQLite, measured in the same run: PostgreSQL's search against it.
        env = {**server_env(), "DATABASE_URL": f"sqlite:///{SQLITE_PATH}"}
        done = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "bench" / "search_only.py"), str(rounds)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        searching["sqlite"] = json.loads(done.stdout.strip().splitlines()[-1])
        searching["p95_vs_sqlite"] = searching["openpcc_p95_ms"] / searching["sqlite"]["openpcc_p95_ms"]
    spending_import = bench_spending_import()
    picked = pick()
    connection.close()
    page_list = pages(picked)
    print("==> public pages through gunicorn, rendered on every request (page cache off)")
    ours = bench_openpcc(page_list, cached=False)
    print("==> the same with the public page cache on (as deployed)")
    cached = bench_openpcc(page_list, cached=True)
    print("==> the same pages from Datasette")
    theirs = bench_datasette(page_list)
    rows = []
    for name, _, _ in page_list:
        row = {"page": name, "openpcc": ours[name], "openpcc_cached": cached[name]}
        if theirs:
            row["datasette"] = theirs[name]
            row["p95_ratio"] = ours[name]["p95_ms"] / theirs[name]["p95_ms"]
            row["cached_p95_ratio"] = cached[name]["p95_ms"] / theirs[name]["p95_ms"]
        row["floor_ratio"] = ours[name]["p95_ms"] / ours["floor"]["p95_ms"]
        rows.append(row)
    result = {
        "date": date.today().isoformat(),
        "database": vendor,
        "preset": PRESET,
        "requests_per_page": REQUESTS,
        "concurrency": CONCURRENCY,
        "records": picked,
        "floor": ours["floor"],
        "pages": rows,
        "search": searching,
        "extraction": extraction,
        "import": importing,
        "spending_import": spending_import,
        "index_build": index_build,
        "dataset": {**GENERATION, "bytes": dataset_size()},
    }
    out = ROOT / "bench" / "results" / f"{date.today().isoformat()}-{vendor}-{PRESET}.json"
    out.write_text(json.dumps(result, indent=2))
    print_table(result)
    print(f"\n  written to {out.relative_to(ROOT)}")


def print_table(r: dict) -> None:
    print(f"\nOpenPCC benchmarks ({r['database']}, {r['preset']} data set, {r['requests_per_page']} requests a page)")
    print(f"  floor (/healthz): p50 {r['floor']['p50_ms']:.1f} ms, p95 {r['floor']['p95_ms']:.1f} ms\n")
    print(
        f"  {'page':26} {'rendered p50/p95':>18} {'cached p50/p95':>16} {'Datasette p50/p95':>19}"
        f" {'p95 ratio':>9} {'cached':>7} {'x floor':>8}"
    )
    for row in r["pages"]:
        o, c, d = row["openpcc"], row["openpcc_cached"], row.get("datasette")
        theirs = f"{d['p50_ms']:8.1f} /{d['p95_ms']:7.1f}" if d else f"{'-':>17}"
        ratio = f"{row['p95_ratio']:9.2f} {row['cached_p95_ratio']:7.2f}" if d else f"{'-':>9} {'-':>7}"
        print(
            f"  {row['page']:26} {o['p50_ms']:8.1f} /{o['p95_ms']:7.1f} {c['p50_ms']:6.1f} /{c['p95_ms']:7.1f}"
            f" {theirs:>19} {ratio} {row['floor_ratio']:8.1f}"
        )
    s, e = r["search"], r["extraction"]
    print(
        f"\n  search p95: OpenPCC {s['openpcc_p95_ms']:.1f} ms, raw index {s['raw_p95_ms']:.1f} ms, "
        f"ratio {s['p95_ratio']:.2f} (target <= 1.5)"
    )
    if "sqlite" in s:
        print(
            f"  search p95 on SQLite, same data, same run: {s['sqlite']['openpcc_p95_ms']:.1f} ms; "
            f"PostgreSQL / SQLite {s['p95_vs_sqlite']:.2f} (target <= 1.5)"
        )
    si = r.get("spending_import")
    if si:
        print(
            f"  spending import of {si['rows']:,} rows: {si['import_s']:.1f} s (parse alone {si['parse_s']:.1f} s), "
            f"pyarrow read {si['pyarrow_s']:.2f} s, ratio {si['import_ratio']:.1f} (target <= 3)"
        )
    if e.get("ratio"):
        print(
            f"  extraction: OpenPCC {e['openpcc_pages_per_s']:.0f} pages/s, pdftotext "
            f"{e['pdftotext_pages_per_s']:.0f} pages/s, ratio {e['ratio']:.2f} (target >= 0.5)"
        )
    if r.get("import"):
        from bench.documents_bench import import_line

        print(f"  {import_line(r['import'])}")
    ib = r.get("index_build")
    if ib:
        print(
            f"  search index rebuild of {ib['entries']:,} entries: {ib['rebuild_s']:.1f} s, its full-text pass "
            f"{ib['fulltext_s']:.1f} s; bare build of the same texts {ib['bare_s']:.1f} s; ratios "
            f"{ib['rebuild_ratio']:.1f} (rebuild) and {ib['fulltext_ratio']:.2f} (full-text pass) (target <= 2)"
        )
    d = r.get("dataset") or {}
    if d.get("records_s") is not None or d.get("bytes"):
        made = "reused"
        if d.get("records_s") is not None:
            index_s = d.get("index_s") or 0.0
            made = (
                f"generated in {(d['records_s'] + index_s) / 60:.1f} min this run ({d['records_s'] / 60:.1f} min the "
                f"records and their statistics, {index_s / 60:.1f} min the search index)"
            )
        size = f", {d['bytes'] / 1e9:.2f} GB on disk" if d.get("bytes") else ""
        print(f"  data set: {made}{size}")


if __name__ == "__main__":
    main()
