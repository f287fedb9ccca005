"""bulk_cache: SQLite's page cache made large for a bulk write, and put back after it."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openpcc.core.writing import bulk_cache

pytestmark = pytest.mark.django_db


def _cache_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return int(cursor.fetchone()[0])


def test_the_page_cache_is_large_during_a_bulk_write_and_put_back_after():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's own page cache; on PostgreSQL the server's shared buffers hold pages")
    before = _cache_size()
    with bulk_cache(kb=64 * 1024):
        assert _cache_size() == -64 * 1024  # negative: kilobytes, not pages
        with bulk_cache(kb=128 * 1024):  # nested: the inner one, then the outer one again
            assert _cache_size() == -128 * 1024
        assert _cache_size() == -64 * 1024
    assert _cache_size() == before
    with pytest.raises(RuntimeError), bulk_cache():
        raise RuntimeError("the write failed")
    assert _cache_size() == before


def test_nothing_changes_on_other_databases(monkeypatch):
    if connection.vendor == "sqlite":
        monkeypatch.setattr(connection, "vendor", "postgresql")
    with CaptureQueriesContext(connection) as sent, bulk_cache():
        pass
    assert len(sent) == 0
