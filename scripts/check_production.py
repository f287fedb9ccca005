"""Start OpenPCC in production mode (scripts/serve-production.sh: DEBUG off, collected static files,
gunicorn and the background worker) on a fresh SQLite database with the demo loaded, then crawl it
as the public: every page and every stylesheet and script it links must answer 200, each kind of
public page must be among them, and the security headers must be there. Run by .ci/run.

    .venv/bin/python scripts/check_production.py
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.crawl import internal_links  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
MAX_PAGES = 1500
# Each kind of public page (a URL pattern of the public site) the crawl must reach on the demo.
KINDS = [
    r"^/$",
    r"^/accessibility/$",
    r"^/search/$",
    r"^/[a-z-]+/$",
    r"^/[a-z-]+/plan/$",
    r"^/[a-z-]+/plan/[A-Z]+[0-9]+/$",
    r"^/[a-z-]+/plan/rounds/$",
    r"^/[a-z-]+/plan/rounds/[a-z0-9-]+/$",
    r"^/[a-z-]+/plan\.csv$",
    r"^/[a-z-]+/plan\.json$",
    r"^/[a-z-]+/meetings/$",
    r"^/[a-z-]+/meetings/[0-9]+/$",
    r"^/[a-z-]+/meetings\.ics$",
    r"^/[a-z-]+/committees/[a-z0-9-]+/$",
    r"^/[a-z-]+/reports/[0-9]+/$",
    r"^/[a-z-]+/actions/$",
    r"^/[a-z-]+/work-programme/$",
    r"^/[a-z-]+/feed/$",
    r"^/[a-z-]+/decisions/$",
    r"^/[a-z-]+/decisions/[a-z0-9-]+/$",
    r"^/[a-z-]+/decisions\.csv$",
    r"^/[a-z-]+/decisions\.json$",
    r"^/[a-z-]+/decisions/feed/$",
    r"^/brand/[0-9a-f]{6}\.css$",
    r"^/static/.+\.css$",
    r"^/static/.+\.js$",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="openpcc-production-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{work / 'openpcc.sqlite3'}",
        "OPENPCC_MEDIA_ROOT": str(work / "media"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    env.pop("OPENPCC_ALLOW_INSECURE_KEY", None)
    for name in ("DJANGO_SETTINGS_MODULE",):
        env.pop(name, None)
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PY, "manage.py", "load_demo", "--allow-production", "--quiet"], cwd=ROOT, env=env, check=True)
    log = (work / "server.log").open("w")
    server = subprocess.Popen(
        ["scripts/serve-production.sh"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    problems: list[str] = []
    try:
        for _ in range(120):
            try:
                if get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None:
                raise SystemExit("The production server stopped:\n" + (work / "server.log").read_text()[-4000:])
            time.sleep(0.5)
        else:
            raise SystemExit("The production server did not answer /healthz within 60 seconds.")
        seen: dict[str, int] = {}
        queue = ["/", "/search/?q=police+and+crime", "/search/?q=victims&kind=decision"]
        while queue and len(seen) < MAX_PAGES:
            path = queue.pop(0)
            if path in seen:
                continue
            status, headers, body = get(base + path)
            seen[path] = status
            if status != 200:
                problems.append(f"{path}: {status}")
                continue
            kind = headers.get("content-type", "")
            if path.startswith("/static/") and path.endswith(".css") and "text/css" not in kind:
                problems.append(f"{path}: served as {kind}, not text/css")
            if "text/html" not in kind:
                continue
            for header in ("content-security-policy", "permissions-policy", "x-content-type-options"):
                if header not in headers:
                    problems.append(f"{path}: no {header} header")
            if "unsafe-inline" in headers.get("content-security-policy", ""):
                problems.append(f"{path}: the Content-Security-Policy allows unsafe-inline")
            for full in internal_links(body.decode("utf-8", "replace"), base + path, f"127.0.0.1:{port}"):
                if full not in seen and full not in queue:
                    queue.append(full)
        reached = {k for k in KINDS if any(re.match(k, p.split("?")[0]) for p in seen)}
        for kind in KINDS:
            if kind not in reached:
                problems.append(f"no page of the kind {kind} was reached")
        status, _, _ = get(base + "/", {"Host": "evil.example"})
        if status != 400:
            problems.append(f"a request for another host (Host: evil.example) got {status}, not 400")
        print(f"Production mode: crawled {len(seen)} public pages and files as the public; {len(reached)} kinds.")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    if problems:
        print("Problems:\n  " + "\n  ".join(problems[:50]), file=sys.stderr)
        return 1
    print("Every page answered 200, styled, with the security headers.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
