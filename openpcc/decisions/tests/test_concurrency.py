"""Two approvers signing at the same moment get consecutive references, in real parallel
transactions, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection

from openpcc.decisions import services
from openpcc.decisions.models import Decision
from tests.factories import actor, body_make, user_make

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("signers", [2, 6])
def test_parallel_signing_gives_consecutive_references(signers):
    body = body_make("race-pcc")
    services.scheme_set(body=body, prefix="RACE", user=actor())
    approver = user_make("race-approver", (body, "approver"))
    drafts = [
        services.decision_create(body=body, user=actor(), fields={"subject": f"D{i}", "decision": "Decided."})
        for i in range(signers)
    ]
    barrier = threading.Barrier(signers)
    results: list[str] = []
    errors: list[str] = []

    def sign(draft: Decision) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(services.decision_sign(decision=draft, user=approver, on=date(2024, 5, 1)).reference)
        except Exception as exc:  # report any failure, not just the expected kind
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert sorted(results) == [f"RACE 2024-{n:03d}" for n in range(1, signers + 1)]
    assert Decision.objects.filter(body=body, status="signed").count() == signers
