"""The in-process search measurement alone, on the database DATABASE_URL names, printed as JSON:
``make bench`` on PostgreSQL runs it on the SQLite copy of the same data set in the same run, so
the two databases' search times are compared side by side.

    DATABASE_URL=sqlite:///var/scale.sqlite3 .venv/bin/python bench/search_only.py 10
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openpcc.settings")
    os.environ["DJANGO_DEBUG"] = "1"
    import django

    django.setup()
    from bench.documents_bench import bench_search

    print(json.dumps(bench_search(repeats=int(sys.argv[1]) if len(sys.argv) > 1 else 10)))


if __name__ == "__main__":
    main()
