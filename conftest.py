"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests.factories import PASSWORD, World, world_make


def pytest_configure(config):
    # The suite must pass on any date. CI proves it by running it again with the clock moved
    # ahead (OPENPCC_TEST_CLOCK_SHIFT_DAYS=400); the clock keeps ticking from there.
    shift = int(os.environ.get("OPENPCC_TEST_CLOCK_SHIFT_DAYS", "0") or 0)
    if shift:
        time_machine.travel(datetime.now(UTC) + timedelta(days=shift), tick=True).start()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    """Every test: its own media folder, tasks run inline, the page cache off, fast password hashing
    and no sign-in throttling (each is tested on its own, where it matters)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests run inside a transaction that never commits, so the public cache would never hear
    # of their changes; it is tested on its own (core/tests/test_public_cache.py) and in the
    # browser tests, which commit.
    settings.OPENPCC_PUBLIC_CACHE_SECONDS = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test client's login() gives the backends no request, which sign-in throttling needs; it
    # is tested on its own (core/tests/test_security.py) and through the sign-in form in browsers.
    settings.AXES_ENABLED = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# A fixed "now" for tests whose data follow the calendar (the scale generator lays out a year of
# meetings, rounds and decisions up to today): a Wednesday in June, clear of bank holidays.
PINNED_NOW = datetime(2026, 6, 17, 9, 30, tzinfo=UTC)


@pytest.fixture
def pinned_now():
    """Run the test at PINNED_NOW (the clock ticks on from there); OPENPCC_TEST_PINNED_NOW moves the
    pin, to show that what these tests check holds at other dates too."""
    override = os.environ.get("OPENPCC_TEST_PINNED_NOW")
    when = datetime.fromisoformat(override) if override else PINNED_NOW
    with time_machine.travel(when, tick=True):
        yield when


@pytest.fixture
def world(db, request) -> World:
    """Two bodies with plans and staff; meetings and decisions are made when a test first asks
    for them, or at once for a test marked ``whole_world`` (it relies on all of them)."""
    made = world_make()
    if request.node.get_closest_marker("whole_world"):
        made.whole()
    return made


@pytest.fixture
def login(client):
    def _login(user):
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return _login
