"""360Giving open data (issue 14, point 8): the JSON package validates against the published
360Giving Data Standard 1.4.3 schema (for the demo's grants and for a world with a grant to an
individual), the spreadsheet's columns are the standard's titles and its rows are the JSON's,
individuals are never named, only published awarded grants appear, and a bad year is a clear 400.

The schema is read from ../shared/data/360giving/ (next to the repository); the validation tests
skip, saying so, when it is absent."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from openpcc.core.permissions import system_actor
from openpcc.funding import giving360
from openpcc.funding import services as f
from openpcc.funding.models import GivingPublisher, Recipient
from tests.factories import DRAFT_MARKER, INDIVIDUAL_CANARY, OTHER_BODY_MARKER, funding_make

pytestmark = pytest.mark.django_db

SCHEMA_DIR = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "360giving"
PACKAGE_SCHEMA = SCHEMA_DIR / "360-giving-package-schema.json"
GRANT_SCHEMA = SCHEMA_DIR / "360-giving-schema.json"
# The package schema refers to the grant schema by its 1.4.2 address.
GRANT_SCHEMA_REF = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json"


@pytest.fixture(scope="module")
def grant_schema() -> dict:
    if not GRANT_SCHEMA.exists():
        pytest.skip(f"the 360Giving schema is not at {SCHEMA_DIR.resolve()} (../shared/data/360giving)")
    return json.loads(GRANT_SCHEMA.read_text())


@pytest.fixture(scope="module")
def validate(grant_schema):
    """Validate a package against the 1.4.3 package schema, offline, with formats checked (a plain
    date otherwise matches both branches of the dates' ``oneOf``)."""
    import jsonschema
    import referencing
    import rfc3339_validator  # noqa: F401  (the format checker needs it for date-time)
    from referencing.jsonschema import DRAFT202012

    package_schema = json.loads(PACKAGE_SCHEMA.read_text())
    grant = DRAFT202012.create_resource(grant_schema)
    registry = referencing.Registry().with_resources(
        [
            (GRANT_SCHEMA_REF, grant),
            (grant_schema["$id"], grant),
            (package_schema["$id"], DRAFT202012.create_resource(package_schema)),
        ]
    )
    validator = jsonschema.Draft202012Validator(
        package_schema, registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )

    def check(data: dict) -> None:
        errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
        assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])

    return check


def _get_json(client, body_slug: str, query: str = "") -> dict:
    response = client.get(reverse("funding:giving360_json", args=[body_slug]) + query)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def _get_sheets(client, body_slug: str, query: str = "") -> dict[str, list[list]]:
    response = client.get(reverse("funding:giving360_xlsx", args=[body_slug]) + query)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == giving360_views_xlsx()
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


def giving360_views_xlsx() -> str:
    from openpcc.funding.views import XLSX

    return XLSX


@pytest.fixture
def fw(world):
    return funding_make(world.body, world.other, world.plan)


# --- validation ----------------------------------------------------------------------------------


def test_the_demo_grants_validate_for_every_year_and_for_all_years(client, settings, validate):
    settings.DEBUG = True
    call_command("load_demo", quiet=True)
    settings.DEBUG = False
    seen_individual = False
    for slug in ("cambridgeshire-pcc", "west-midlands-pcc"):
        everything = _get_json(client, slug)
        validate(everything)
        years = {int(g["awardDate"][:4]) - (1 if g["awardDate"][5:7] < "04" else 0) for g in everything["grants"]}
        assert sum(len(_get_json(client, slug, f"?year={y}")["grants"]) for y in years) == len(everything["grants"])
        for y in years:
            validate(_get_json(client, slug, f"?year={y}"))
        text = json.dumps(everything)
        assert "Demo Individual Recipient" not in text
        seen_individual |= any("recipientIndividual" in g for g in everything["grants"])
        for g in everything["grants"]:
            assert isinstance(g["amountAwarded"], int | float)
            assert g["fundingOrganization"][0]["name"]
    assert seen_individual, "the demo has a grant to an individual"
    # The Youth and Community Fund: £32,675 awarded from 1 April to 30 September 2020
    cambs = _get_json(client, "cambridgeshire-pcc", "?year=2020")["grants"]
    youth = [g for g in cambs if g["grantProgramme"][0]["title"].startswith("Youth and Community")]
    assert sum(Decimal(str(g["amountAwarded"])) for g in youth) == Decimal("32675")


def test_a_world_with_a_grant_to_an_individual_validates_and_never_names_them(client, world, fw, validate):
    data = _get_json(client, world.body.slug)
    validate(data)
    validate(_get_json(client, world.body.slug, "?year=2020"))
    text = json.dumps(data, ensure_ascii=False)
    assert INDIVIDUAL_CANARY not in text
    assert DRAFT_MARKER not in text and OTHER_BODY_MARKER not in text
    by_id = {g["id"]: g for g in data["grants"]}
    prefix = giving360.PROVISIONAL_PREFIX + world.body.slug
    assert set(by_id) == {f"{prefix}-{fw.published.pk}", f"{prefix}-{fw.to_individual.pk}"}  # not awarded/draft

    ind = by_id[f"{prefix}-{fw.to_individual.pk}"]
    assert ind["recipientIndividual"] == {"id": f"{prefix}-IND-{fw.to_individual.pk}", "name": "Individual Recipient"}
    assert "recipientOrganization" not in ind and "amountDisbursed" not in ind
    assert ind["title"] == "Grant to an individual" and "bursary" not in ind["description"].lower()

    org = by_id[f"{prefix}-{fw.published.pk}"]
    assert org["recipientOrganization"] == [
        {"id": "GB-CHC-999001", "name": "Fenside Youth Trust", "charityNumber": "999001"}
    ]
    assert org["amountAwarded"] == 25000.15  # after the variation, a number
    assert org["amountDisbursed"] == 10000.05
    assert org["awardDate"] == "2020-04-01"
    assert org["plannedDates"] == [{"startDate": "2020-04-01", "endDate": "2021-03-31"}]
    assert org["grantProgramme"][0]["title"] == "Victims Fund 2020/21"
    assert [c["code"] for c in org["classifications"]] == ["V1"]
    assert org["fundingOrganization"] == [{"id": prefix, "name": world.body.name}]
    assert prefix in data["description"]  # says the prefix is provisional


def test_the_registered_prefix_and_funder_org_id_are_used(client, world, fw, validate):
    user = system_actor("demo loader")
    f.giving_publisher_set(body=world.body, prefix="360G-testpcc", org_id="GB-GOR-PC12", user=user)
    data = _get_json(client, world.body.slug)
    validate(data)
    assert {g["id"] for g in data["grants"]} == {
        f"360G-testpcc-{fw.published.pk}",
        f"360G-testpcc-{fw.to_individual.pk}",
    }
    assert all(g["fundingOrganization"][0]["id"] == "GB-GOR-PC12" for g in data["grants"])
    assert data["publisher"]["identifier"] == "GB-GOR-PC12"
    assert "provisional" not in data["description"]


def test_a_bad_prefix_or_org_id_is_named_and_nothing_is_saved(world):
    user = system_actor("demo loader")
    with pytest.raises(ValidationError) as caught:
        f.giving_publisher_set(body=world.body, prefix="cambspcc", org_id="GB-XYZ-1", user=user)
    assert set(caught.value.message_dict) == {"prefix", "org_id"}
    assert "360G-" in caught.value.message_dict["prefix"][0]
    assert not GivingPublisher.objects.exists()


def test_an_organisation_without_an_org_id_gets_one_under_the_prefix(client, world, validate):
    user = system_actor("demo loader")
    fund = f.fund_create(
        body=world.body,
        fields={"name": "Small Grants", "starts_on": date(2021, 4, 1), "budget": Decimal("5000")},
        user=user,
    )
    org = f.recipient_create(body=world.body, kind=Recipient.Kind.ORGANISATION, name="Village Hall", user=user)
    g = f.grant_create(
        body=world.body,
        fields={
            "fund": fund,
            "recipient": org,
            "title": '=HYPERLINK("http://x")',
            "purpose": "Lighting.",
            "amount": Decimal("750.5"),
            "start_date": date(2021, 4, 1),
            "end_date": date(2021, 6, 30),
        },
        user=user,
    )
    g = f.grant_publish(grant=f.grant_award(grant=g, on=date(2022, 3, 31), user=user), user=user)
    data = _get_json(client, world.body.slug, "?year=2021")
    validate(data)
    (only,) = data["grants"]
    assert only["recipientOrganization"] == [
        {"id": f"{giving360.PROVISIONAL_PREFIX}{world.body.slug}-ORG-{org.pk}", "name": "Village Hall"}
    ]
    assert only["amountAwarded"] == 750.5 and only["awardDate"] == "2022-03-31"  # 31 March: still 2021/22
    sheets = _get_sheets(client, world.body.slug, "?year=2021")
    assert sheets["grants"][1][1] == '\'=HYPERLINK("http://x")'  # never a formula in the spreadsheet


# --- the spreadsheet -----------------------------------------------------------------------------


def _schema_title(schema: dict, path: tuple) -> str:
    """The flattened title of a JSON path in the grant schema: each step's "title", joined by ":"
    (array items and $defs followed)."""
    titles, node = [], schema
    for step in path:
        if isinstance(step, int):
            continue
        node = node["properties"][step]
        if "title" not in node:  # e.g. currency: {"$ref": "#/$defs/currency"}
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
        titles.append(node["title"])
        if node.get("type") == "array" and "items" in node:
            node = node["items"]
        while "$ref" in node and "properties" not in node:
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return ":".join(titles)


def test_the_column_titles_are_the_standards(grant_schema):
    for title, path in giving360.GRANT_COLUMNS:
        assert _schema_title(grant_schema, path) == title
    for title, key in giving360.CLASSIFICATION_COLUMNS:
        assert _schema_title(grant_schema, ("classifications", 0, key)) == title


def test_the_spreadsheet_rows_are_the_json_grants(client, world, fw):
    data = _get_json(client, world.body.slug)
    sheets = _get_sheets(client, world.body.slug)
    header, *rows = sheets["grants"]
    assert header[:8] == [
        "Identifier",
        "Title",
        "Description",
        "Currency",
        "Amount Awarded",
        "Amount Disbursed",
        "Award Date",
        "URL",
    ]
    assert "Recipient Org:Identifier" in header and "Funding Org:Identifier" in header
    assert "Planned Dates:Start Date" in header and "Recipient Ind:Name" in header
    assert len(rows) == len(data["grants"])
    for row, grant in zip(rows, data["grants"], strict=True):
        cells = dict(zip(header, row, strict=True))
        for title, path in giving360.GRANT_COLUMNS:
            value = grant
            for step in path:
                value = (
                    value[step]
                    if (isinstance(value, list) and step < len(value)) or (isinstance(value, dict) and step in value)
                    else None
                )
                if value is None:
                    break
            assert cells[title] == value, title
    classifications = sheets["classifications"]
    assert classifications[0] == ["Identifier"] + [t for t, _ in giving360.CLASSIFICATION_COLUMNS]
    assert [r[:3] for r in classifications[1:]] == [
        [g["id"], c["vocabulary"], c["code"]] for g in data["grants"] for c in g.get("classifications", [])
    ]
    flat = json.dumps(sheets, default=str)
    assert INDIVIDUAL_CANARY not in flat and DRAFT_MARKER not in flat


# --- the year --------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ["abc", "20", "1899", "2020-21", "２０２０"])
def test_a_bad_year_is_a_clear_400(client, world, year):
    for name in ("funding:giving360_json", "funding:giving360_xlsx"):
        response = client.get(reverse(name, args=[world.body.slug]), {"year": year})
        assert response.status_code == 400
        assert b"financial year" in response.content and b"year=2020" in response.content


def test_a_year_with_no_grants_says_so(client, world, fw):
    for name in ("funding:giving360_json", "funding:giving360_xlsx"):
        response = client.get(reverse(name, args=[world.body.slug]), {"year": "2019"})
        assert response.status_code == 404
        assert "no awarded grants in the financial year 2019/20" in response.content.decode()
    # an award on 1 April 2020 is in 2020/21, not 2019/20
    assert len(_get_json(client, world.body.slug, "?year=2020")["grants"]) == 2


def test_the_grants_page_links_the_files_for_its_year(client, world, fw):
    page = client.get(reverse("funding:list", args=[world.body.slug]), {"year": "2020"}).content.decode()
    assert reverse("funding:giving360_json", args=[world.body.slug]) + "?year=2020" in page
    assert reverse("funding:giving360_xlsx", args=[world.body.slug]) + "?year=2020" in page
    page = client.get(reverse("funding:list", args=[world.body.slug]), {"year": "x"}).content.decode()
    assert "360giving.json?year" not in page
    footer = client.get(reverse("public:body_home", args=[world.body.slug])).content.decode()
    assert reverse("funding:giving360_json", args=[world.body.slug]) in footer


def test_the_files_make_the_same_queries_whatever_the_number_of_grants(client, world, fw):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts() -> list[int]:
        made = []
        for name in ("funding:giving360_json", "funding:giving360_xlsx"):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse(name, args=[world.body.slug]), {"year": "2020"}).status_code == 200
            made.append(len(ctx.captured_queries))
        return made

    before = counts()
    user = system_actor("demo loader")
    for n in range(6):
        org = f.recipient_create(
            body=world.body, kind=Recipient.Kind.ORGANISATION, name=f"Org {n}", identifier=f"GB-CHC-99800{n}", user=user
        )
        for recipient in (org, fw.individual):
            g = f.grant_create(
                body=world.body,
                fields={
                    "fund": fw.fund,
                    "recipient": recipient,
                    "title": f"More {n}",
                    "purpose": "More.",
                    "amount": Decimal("10"),
                    "start_date": date(2020, 5, 1),
                    "end_date": date(2020, 6, 1),
                },
                priorities=world.plan.priorities.all()[:2],
                user=user,
            )
            g = f.grant_publish(grant=f.grant_award(grant=g, on=date(2020, 5, 1), user=user), user=user)
            f.payment_record(grant=g, paid_on=date(2020, 5, 2), amount=Decimal("5"), user=user)
    assert counts() == before


def test_the_prefix_is_set_by_a_command_that_names_bad_input(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="360G-"):
        call_command("set_360giving_prefix", world.body.slug, "nonsense")
    assert not GivingPublisher.objects.exists()
    call_command("set_360giving_prefix", world.body.slug, "360G-testpcc", "--org-id", "GB-GOR-PC12")
    assert giving360.publisher_get(body=world.body) == giving360.Publisher("360G-testpcc", "GB-GOR-PC12", True)
