"""No service runs without an acting user (issue 12): every write in every app's services takes
``user`` as a required keyword, and refuses before it does anything when there is none. Processes
(the demo loader, the generator, the importer, the worker) act as a named system actor, which the
records' history shows."""

from __future__ import annotations

import importlib
import inspect
from unittest import mock

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

from openpcc.core.models import User
from openpcc.core.permissions import STAFF_ROLES, roles_for, system_actor

pytestmark = pytest.mark.django_db

# Modules whose public functions are writes: every app's services, and the importer's reading.
EXTRA_WRITE_MODULES = ["openpcc.imports.reading"]


def _services():
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("openpcc."):
            try:
                modules.append(importlib.import_module(f"{config.name}.services"))
            except ModuleNotFoundError:
                continue
    modules += [importlib.import_module(m) for m in EXTRA_WRITE_MODULES]
    return [
        (f"{m.__name__}.{name}", f)
        for m in modules
        for name, f in inspect.getmembers(m, inspect.isfunction)
        if f.__module__ == m.__name__ and not name.startswith("_")
    ]


SERVICES = _services()


def test_there_are_services_to_check():
    assert len(SERVICES) > 50


@pytest.mark.parametrize(("name", "service"), SERVICES, ids=[n for n, _ in SERVICES])
def test_every_service_needs_the_acting_user(name, service):
    user = inspect.signature(service).parameters.get("user")
    assert user is not None, f"{name} takes no acting user"
    assert user.kind is inspect.Parameter.KEYWORD_ONLY and user.default is inspect.Parameter.empty, (
        f"{name} must take user as a required keyword"
    )


@pytest.mark.parametrize(("name", "service"), SERVICES, ids=[n for n, _ in SERVICES])
def test_every_service_refuses_without_one_before_doing_anything(name, service):
    required = {
        p.name: mock.MagicMock(name=p.name)
        for p in inspect.signature(service).parameters.values()
        if p.default is inspect.Parameter.empty and p.name != "user"
    }
    with pytest.raises(TypeError, match="user"):
        service(**required)
    before = {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.app_label != "sessions"}
    with pytest.raises(PermissionDenied):
        service(**required, user=None)
    after = {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.app_label != "sessions"}
    assert after == before


def test_a_system_actor_acts_in_its_own_name_and_cannot_sign_in(client):
    from tests.factories import body_make

    actor = system_actor("demo loader")
    assert actor == system_actor("demo loader") and str(actor) == "OpenPCC (demo loader)"
    assert not actor.is_active and not actor.has_usable_password()
    body = body_make("actor-pcc")
    assert roles_for(actor, body) == STAFF_ROLES
    assert not client.login(username=actor.username, password="")
    assert body.history.first().history_user == User.objects.get(username="system-test-data")
