"""Fixtures shared by the whole suite."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, World, world_make


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests run inside a transaction that never commits, so the public cache would never hear
    # of their changes; it is tested on its own (core/tests/test_public_cache.py) and in the
    # browser tests, which commit.
    settings.OPENPCC_PUBLIC_CACHE_SECONDS = 0
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["default"]}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def world(db) -> World:
    return world_make()


@pytest.fixture
def login(client):
    def _login(user):
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return _login
