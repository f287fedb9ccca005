"""Two officers saving the same update at the same moment, in real parallel transactions."""

from __future__ import annotations

import threading

import pytest
from django.db import close_old_connections, connection

from openpcc.core.writing import ConflictError
from openpcc.plans import services
from openpcc.plans.models import Activity, Update
from tests.factories import world_make

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_saves_one_wins_one_is_told(db):
    world = world_make()
    activity = Activity.objects.get(priority__plan=world.plan, code="V1.1")
    start = Update.objects.get(round=world.open_round, activity=activity).version
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(name: str, user) -> None:
        try:
            barrier.wait(timeout=10)
            services.update_record(
                round=world.open_round,
                activity=activity,
                user=user,
                status="green",
                narrative=f"Text from {name}",
                expected_version=start,
            )
            outcomes[name] = "saved"
        except ConflictError as exc:
            outcomes[name] = f"conflict:{exc.current.narrative}"
        except Exception as exc:
            outcomes[name] = f"error:{exc!r}"
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=save, args=("editor", world.editor)),
        threading.Thread(target=save, args=("approver", world.approver)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(v.split(":")[0] for v in outcomes.values()) == ["conflict", "saved"], outcomes
    winner = next(k for k, v in outcomes.items() if v == "saved")
    loser = next(k for k, v in outcomes.items() if v != "saved")
    assert outcomes[loser] == f"conflict:Text from {winner}"  # the loser is shown what won
    saved = Update.objects.get(round=world.open_round, activity=activity)
    assert saved.narrative == f"Text from {winner}" and saved.version == start + 1
