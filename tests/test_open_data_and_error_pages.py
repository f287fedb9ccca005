"""The public's ways in and out, on the demo (issue 13): every CSV and its JSON give the same
fields with the same values; every body's footer links to open data that answers; and the
permission, not-found and error pages are pages in the site's look with a way on."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

from openpcc.core.exports import spreadsheet_safe
from openpcc.core.models import Body, User
from tests.crawl import internal_links

pytestmark = pytest.mark.django_db

# (CSV, JSON, the JSON list the CSV rows are) for each kind of body
OFFICE_PAIRS = [
    ("plans:plan_csv", "plans:plan_json", "priorities"),
    ("decisions:csv", "decisions:json", "decisions"),
]
EVERY_BODY_PAIRS = [
    ("meetings:csv", "meetings:json", "meetings"),
    ("meetings:actions_csv", "meetings:actions_json", "actions"),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for these tests (which only read it) and taken away after them."""
    with django_db_blocker.unblock():
        with override_settings(DEBUG=True):  # as `make run` loads it
            call_command("load_demo", quiet=True)
        yield
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def no_cached_pages():
    caches["default"].clear()


def _pairs(body: Body) -> list[tuple[str, str, str]]:
    return (OFFICE_PAIRS if body.kind != Body.Kind.PANEL else []) + EVERY_BODY_PAIRS


def _kind(value) -> str:
    """What sort of value a JSON value is, as a CSV cell can say it."""
    if value is None or value == "":
        return "empty"
    if isinstance(value, list):
        return "list"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return "absolute address"
    if isinstance(value, str) and value.startswith("/"):
        return "relative address"
    return "text"


def test_every_csv_and_its_json_give_the_same_fields_and_values(demo, client):
    checked = 0
    for body in Body.objects.filter(is_active=True):
        for csv_name, json_name, key in _pairs(body):
            csv_response = client.get(reverse(csv_name, args=[body.slug]))
            json_response = client.get(reverse(json_name, args=[body.slug]))
            assert csv_response.status_code == json_response.status_code == 200, (body.slug, csv_name)
            reader = csv.reader(io.StringIO(csv_response.content.decode()))
            header, *rows = list(reader)
            records = json_response.json()[key]
            assert len(rows) == len(records), (body.slug, csv_name)
            for row, record in zip(rows, records, strict=True):
                assert header == list(record), f"{csv_name} and {json_name} name different fields"
                for column, cell in zip(header, row, strict=True):
                    value = record[column]
                    assert not isinstance(value, dict), f"{json_name}: {column} is an object, which CSV cannot hold"
                    assert _kind(value) != "relative address", f"{json_name}: {column} is a relative address"
                    assert cell == spreadsheet_safe(value), f"{body.slug} {column}: CSV {cell!r}, JSON {value!r}"
                    if _kind(value) in ("number", "absolute address"):
                        assert _kind(value) == _kind(int(cell) if cell.isdigit() else cell), (column, cell)
                checked += 1
    assert checked > 50  # the demo's plans, decisions, meetings and actions, not an empty file


def test_decision_and_meeting_addresses_are_absolute_in_csv_and_json(demo, client):
    for slug, csv_name, json_name, key, field in [
        ("cambridgeshire-pcc", "decisions:csv", "decisions:json", "decisions", "url"),
        ("cambridgeshire-pcc", "meetings:csv", "meetings:json", "meetings", "url"),
        ("cambridgeshire-panel", "meetings:actions_csv", "meetings:actions_json", "actions", "meeting_url"),
    ]:
        rows = list(csv.DictReader(io.StringIO(client.get(reverse(csv_name, args=[slug])).content.decode())))
        records = client.get(reverse(json_name, args=[slug])).json()[key]
        assert rows and records
        assert all(r[field].startswith(f"http://testserver/{slug}/") for r in rows)
        assert [r[field] for r in rows] == [r[field] for r in records]
        for address in [r[field] for r in records][:3]:
            assert client.get(address.removeprefix("http://testserver")).status_code == 200


def _footer(html: str) -> str:
    return html[html.index("<footer") : html.index("</footer>")]


def test_every_footer_link_of_every_body_answers(demo, client):
    for body in Body.objects.filter(is_active=True):
        page = f"/{body.slug}/"
        links = internal_links(_footer(client.get(page).content.decode()), f"http://testserver{page}", "testserver")
        data = [link for link in links if link.endswith(".json")]
        assert len(data) >= 2, f"{body.slug}: its footer offers no open data"
        for link in links:
            response = client.get(link)
            assert response.status_code == 200, f"{body.slug}'s footer links to {link}: {response.status_code}"
            if link.endswith("360giving.json"):  # the 360Giving standard's own shape: a package of grants
                assert response.json()["grants"], f"{body.slug}'s 360Giving package is empty"
            elif link.endswith(".json"):
                assert response.json()["body"]["slug"] == body.slug
    panel = client.get("/cambridgeshire-panel/").content.decode()
    assert "/cambridgeshire-panel/plan.json" not in panel  # a panel has no plan: no dead end


def _in_site_look(html: str) -> None:
    assert "build/openpcc.css" in html and 'class="opcc-header"' in html and 'class="govuk-footer"' in html
    assert 'id="main-content"' in html and "govuk-heading-xl" in html
    assert 'href="/"' in html and 'href="/search/' in html  # ways on: the home page and search


def test_not_found_under_a_body_is_that_body_s_page_with_ways_on(demo, client, settings):
    settings.DEBUG = False
    response = client.get("/cambridgeshire-panel/meetings/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    _in_site_look(html)
    assert "Page not found" in html and "No such meeting." in html
    assert 'href="/cambridgeshire-panel/"' in html and "/search/?body=cambridgeshire-panel" in html
    assert 'aria-label="Cambridgeshire Police and Crime Panel"' in html or "body-navigation" in html


def test_not_found_anywhere_else_is_in_the_site_s_look(demo, client, settings):
    settings.DEBUG = False
    for path in ("/no-such-body/", "/no-such-body/meetings/1/", "/cambridgeshire-pcc/decisions/no-such-record/"):
        response = client.get(path)
        assert response.status_code == 404, path
        _in_site_look(response.content.decode())


def test_permission_denied_on_a_staff_page_is_in_the_site_s_look(demo, client, settings):
    settings.DEBUG = False
    client.force_login(User.objects.get(username="wm-officer"))  # a role at West Midlands only
    response = client.get(reverse("plans_staff:index", args=["cambridgeshire-pcc"]))
    assert response.status_code == 403
    html = response.content.decode()
    _in_site_look(html)
    assert "You cannot see this page" in html
    assert reverse("staff:dashboard") in html and 'href="/cambridgeshire-pcc/"' in html


def test_server_error_is_in_the_site_s_look(demo, settings, monkeypatch):
    settings.DEBUG = False

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("openpcc.public.selectors.home_entry_list", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "build/openpcc.css" in html and 'class="opcc-header"' in html
    assert "Sorry, there is a problem with the service" in html and 'href="/search/"' in html
    assert "the database went away" not in html
