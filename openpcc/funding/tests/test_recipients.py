"""Correcting a recipient (staff): checked as on creation, refused on a stale page, kept in the
history, and an individual's name still never reaches the public."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from openpcc.core.writing import ConflictError
from openpcc.funding import services as f
from openpcc.funding.models import Recipient
from openpcc.search import index as search_index
from tests.factories import INDIVIDUAL_CANARY, actor, funding_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def fw(world):
    made = funding_make(world.body, world.other, world.plan)
    search_index.rebuild()
    return made


def _state(r: Recipient) -> tuple:
    r = Recipient.objects.get(pk=r.pk)
    return r.kind, r.name, r.identifier, r.version, r.history.count()


def _update(r: Recipient, **changes) -> Recipient:
    fields = {"kind": r.kind, "name": r.name, "identifier": r.identifier, **changes}
    return f.recipient_update(recipient=r, expected_version=r.version, user=actor(), **fields)


def test_a_correction_is_saved_with_its_history(fw):
    org = fw.org
    saved = _update(org, name="  Fenside Youth Trust (Wisbech) ", identifier="GB-COH-01234567")
    assert (saved.name, saved.identifier, saved.version) == ("Fenside Youth Trust (Wisbech)", "GB-COH-01234567", 2)
    latest = saved.history.first()
    assert latest.history_change_reason == "Corrected" and latest.name == "Fenside Youth Trust (Wisbech)"
    assert saved.history.count() == 2
    # its own identifier is not "already recorded"; an organisation may become an individual at once
    _update(saved, name="Fenside Youth Trust")
    assert _update(Recipient.objects.get(pk=org.pk), kind="individual", identifier="").is_individual


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"identifier": "GB-CHC-12"}, "identifier", "not a valid GB-CHC identifier"),
        ({"identifier": "CHC-1012345"}, "identifier", "does not start with a known org-id list"),
        ({"name": "  "}, "name", "Give the recipient's name"),
        ({"kind": "robot"}, "kind", "Choose an organisation or an individual"),
        ({"kind": "individual"}, "identifier", "An individual has no org-id identifier"),
    ],
)
def test_bad_input_is_named_and_nothing_saved(fw, changes, field, words):
    before = _state(fw.org)
    with pytest.raises(ValidationError) as exc:
        _update(fw.org, **changes)
    assert words in " ".join(exc.value.message_dict[field])
    assert _state(fw.org) == before


def test_another_recipients_identifier_is_refused(fw):
    other = f.recipient_create(body=fw.org.body, kind="organisation", name="Second Trust", user=actor())
    with pytest.raises(ValidationError, match="GB-CHC-999001 is already recorded"):
        _update(other, identifier="GB-CHC-999001")
    # the same number at another body is a different body's record: allowed
    elsewhere = f.recipient_create(body=fw.other_grant.body, kind="organisation", name="Elsewhere", user=actor())
    assert _update(elsewhere, identifier="GB-CHC-999001").identifier == "GB-CHC-999001"


def test_a_stale_page_is_refused_and_nothing_saved(fw):
    stale = Recipient.objects.get(pk=fw.org.pk)
    _update(fw.org, name="First correction")
    before = _state(fw.org)
    with pytest.raises(ConflictError):
        _update(stale, name="Second correction")
    assert _state(fw.org) == before and before[1] == "First correction"


def test_an_individual_becomes_an_organisation_only_when_confirmed(fw):
    before = _state(fw.individual)
    with pytest.raises(ValidationError) as exc:
        _update(fw.individual, kind="organisation")
    assert "whose name is never published" in exc.value.message_dict["name_may_be_published"][0]
    assert _state(fw.individual) == before
    saved = _update(fw.individual, kind="organisation", name="Canary Community Garden", name_may_be_published=True)
    assert saved.kind == "organisation" and saved.is_public


def test_only_the_bodys_editors_may_correct(fw, world):
    with pytest.raises(PermissionDenied):
        f.recipient_update(
            recipient=fw.org,
            expected_version=fw.org.version,
            kind="organisation",
            name="X",
            identifier="",
            user=world.other_editor,
        )
    assert Recipient.objects.get(pk=fw.org.pk).name == "Fenside Youth Trust"


# --- the staff page --------------------------------------------------------------------------------


def _url(world, r) -> str:
    return reverse("funding_staff:recipient_edit", args=[world.body.slug, r.pk])


def _post(client, world, r, **changes):
    data = {"kind": r.kind, "name": r.name, "identifier": r.identifier, "version": r.version, **changes}
    return client.post(_url(world, r), data)


def test_the_page_corrects_a_recipient_and_the_public_pages_follow(client, world, fw):
    client.force_login(world.editor)
    page = client.get(_url(world, fw.org)).content.decode()
    assert "Fenside Youth Trust" in page and "GB-CHC-999001" in page and "History of changes" in page
    assert "its name may be published" not in page  # the confirmation is only for an individual
    response = _post(client, world, fw.org, name="Fenside Young People's Trust")
    assert response.status_code == 302 and response["Location"].endswith(
        reverse("funding_staff:index", args=[world.body.slug])
    )
    assert Recipient.objects.get(pk=fw.org.pk).name == "Fenside Young People's Trust"
    public = client.get(reverse("funding:detail", args=[world.body.slug, fw.published.pk])).content.decode()
    assert "Fenside Young People&#x27;s Trust" in public
    found = client.get(reverse("public:search") + "?q=Young").content.decode()
    assert "Victim outreach" in found  # the grant's search entry names the corrected recipient
    # staff reach the page from the recipients list, the grant and the service
    for url in (
        reverse("funding_staff:index", args=[world.body.slug]),
        reverse("funding_staff:grant", args=[world.body.slug, fw.published.pk]),
        reverse("funding_staff:service_edit", args=[world.body.slug, fw.service.pk]),
    ):
        assert _url(world, fw.org) in client.get(url).content.decode(), url


def test_the_page_names_bad_input_and_a_stale_version_and_saves_nothing(client, world, fw):
    client.force_login(world.editor)
    before = _state(fw.org)
    response = _post(client, world, fw.org, identifier="GB-COH-123")
    text = response.content.decode()
    assert response.status_code == 200 and "not a valid GB-COH identifier" in text and "There is a problem" in text
    assert _state(fw.org) == before
    response = _post(client, world, fw.org, name="Renamed", version=fw.org.version - 1)
    assert response.status_code == 200 and "Someone else changed this record" in response.content.decode()
    assert _state(fw.org) == before
    response = _post(client, world, fw.org, version="")
    assert response.status_code == 200 and _state(fw.org) == before


def test_an_individual_stays_unnamed_in_public(client, world, fw):
    client.force_login(world.editor)
    page = client.get(_url(world, fw.individual)).content.decode()
    assert "its name may be published" in page and "never by name" in page
    response = _post(client, world, fw.individual, kind="organisation")
    assert response.status_code == 200 and "whose name is never published" in response.content.decode()
    assert Recipient.objects.get(pk=fw.individual.pk).is_individual
    response = _post(client, world, fw.individual, name=f"{INDIVIDUAL_CANARY} Jr")
    assert response.status_code == 302
    client.logout()
    for url in (
        reverse("funding:detail", args=[world.body.slug, fw.to_individual.pk]),
        reverse("funding:csv", args=[world.body.slug]),
        reverse("public:search") + "?q=Jr",
    ):
        assert "Canary" not in client.get(url).content.decode(), url


def test_another_bodys_recipient_is_not_found(client, world, fw):
    client.force_login(world.editor)
    other = fw.other_grant.recipient
    assert client.get(reverse("funding_staff:recipient_edit", args=[world.body.slug, other.pk])).status_code == 404
    response = client.post(
        reverse("funding_staff:recipient_edit", args=[world.body.slug, other.pk]),
        {"kind": "organisation", "name": "Taken over", "identifier": "", "version": other.version},
    )
    assert response.status_code == 404 and Recipient.objects.get(pk=other.pk).name == "Other Recipient"
    client.force_login(world.other_editor)
    assert client.get(_url(world, fw.org)).status_code == 403
