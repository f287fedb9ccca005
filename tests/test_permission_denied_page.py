"""The 403 page says once, accurately, what was refused: the roles the page or action needs at
that body (as core.permissions.require_role words it), whether the account has some other role
there or none, and the ways on."""

from __future__ import annotations

import pytest
from django.urls import reverse

from openpcc.core.models import Role
from tests.factories import user_make

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(response.content.decode().split())


@pytest.mark.parametrize("who", ["a role here that cannot edit", "a role at another body only"])
def test_the_page_names_the_roles_needed_once(client, world, login, settings, who):
    settings.DEBUG = False
    if who == "a role here that cannot edit":
        user = user_make("panel-here", (world.body, Role.PANEL_MEMBER))
    else:
        user = user_make("elsewhere", (world.other, Role.EDITOR))
    login(user)
    response = client.get(reverse("plans_staff:index", args=[world.body.slug]))
    assert response.status_code == 403
    text = _text(response)
    roles = "Administrator, Approver, OPCC officer (editor)"
    reason = f"You need one of these roles at {world.body.display_name} to see this page: {roles}."
    assert text.count(reason) == 1, text[text.find("<h1") : text.find("<h1") + 700]
    assert "does not have a role" not in text and "You do not have a role" not in text
    assert f"ask {world.body.display_name}'s administrator to give your account the role you need" in text
    assert "Where to go next" in text and 'href="/staff/"' in text and f'href="/{world.body.slug}/"' in text


def test_a_refused_action_is_named(client, world, login, settings):
    """A refusal's own reason (here the review page's, for publishing) is what the page says."""
    settings.DEBUG = False
    login(world.editor)  # an editor may read the review page but not publish the round
    url = reverse("plans_staff:round_publish", args=[world.body.slug, world.plan.slug, world.open_round.slug])
    response = client.post(url)
    assert response.status_code == 403
    text = _text(response)
    assert text.count("Only an approver can publish a reporting round.") == 1
    assert "does not have a role" not in text and "You need one of these roles" not in text
