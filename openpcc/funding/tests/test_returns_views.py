"""Staff pages of outcome monitoring and the board paper appendix, and the public grant page's
returns: figures shown, contact details never."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document

from openpcc.funding import selectors
from openpcc.funding import services as f
from openpcc.funding.models import MonitoringReturn, ReturnFigure
from tests.factories import INDIVIDUAL_CANARY, actor, funding_make

pytestmark = pytest.mark.django_db

CONTACT = "contact-canary@example.org"


@pytest.fixture
def fw(world):
    return funding_make(world.body, world.other, world.plan)


def _monitored(grant):
    grant.refresh_from_db()
    return f.monitoring_set(
        record=grant,
        expected_version=grant.version,
        return_frequency="quarterly",
        return_due_days=30,
        contact_email=CONTACT,
        user=actor(),
    )


def test_set_monitoring_then_record_a_return(fw, world, client):
    client.force_login(world.editor)
    b, g = world.body.slug, fw.published
    g.refresh_from_db()
    url = reverse("funding_staff:grant_monitoring", args=[b, g.pk])
    response = client.post(
        url, {"return_frequency": "quarterly", "return_due_days": "30", "contact_email": CONTACT, "version": g.version}
    )
    assert response.status_code == 302
    page = client.get(reverse("funding_staff:grant_returns", args=[b, g.pk])).content.decode()
    assert page.count("Record this return") == 4
    first = MonitoringReturn.objects.filter(grant=g).order_by("period_start").first()
    record = reverse("funding_staff:grant_return_record", args=[b, g.pk])
    form = client.get(f"{record}?return={first.pk}").content.decode()
    assert 'value="2020-04-01"' in form and 'value="2020-06-30"' in form
    data = {
        "period_start": "2020-04-01",
        "period_end": "2020-06-30",
        "received_on": "2020-07-15",
        "measure_1": "people supported",
        "value_1": "many",
        "narrative": "A good start.",
    }
    bad = client.post(record, data)
    assert bad.status_code == 200
    assert "is not a number" in bad.content.decode()
    assert ReturnFigure.objects.count() == 0
    outside = client.post(record, {**data, "value_1": "120", "period_start": "2021-04-01", "period_end": "2021-06-30"})
    assert "outside the grant" in outside.content.decode()
    ok = client.post(record, {**data, "value_1": "120"})
    assert ok.status_code == 302
    page = client.get(reverse("funding_staff:grant_returns", args=[b, g.pk])).content.decode()
    assert "people supported: 120" in page and page.count("Record this return") == 3


def test_public_grant_page_shows_returns_received_never_contacts(fw, world, client):
    g = _monitored(fw.published)
    f.return_record(
        record=g,
        period_start=date(2020, 4, 1),
        period_end=date(2020, 6, 30),
        received_on=date(2020, 7, 15),
        narrative="Weekly drop-in sessions ran all quarter.",
        figures=[("people supported", "120")],
        user=actor(),
    )
    html = client.get(reverse("funding:detail", args=[world.body.slug, g.pk])).content.decode()
    assert "Monitoring returns received" in html
    assert "People supported" in html and "120" in html and "Weekly drop-in" in html
    assert CONTACT not in html
    assert "1 July 2020 to 30 September 2020" not in html  # not yet received: not shown
    for public in ("funding:csv", "funding:json"):
        assert CONTACT not in client.get(reverse(public, args=[world.body.slug])).content.decode()


def test_returns_of_a_service_stay_staff_only(fw):
    fw.service.refresh_from_db()
    s = f.monitoring_set(
        record=fw.service,
        expected_version=fw.service.version,
        return_frequency="six_monthly",
        return_due_days=30,
        contact_email=CONTACT,
        user=actor(),
    )
    f.return_record(
        record=s,
        period_start=date(2020, 4, 1),
        period_end=date(2020, 9, 30),
        received_on=date(2020, 10, 5),
        narrative="Referrals up.",
        figures=[("referrals", "80")],
        user=actor(),
    )
    assert not MonitoringReturn.objects.published().exists()
    assert not ReturnFigure.objects.published().exists()


def test_appendix_totals_to_the_penny(fw, world):
    data = selectors.appendix_get(
        body=world.body, fund=fw.fund, period_start=date(2020, 4, 1), period_end=date(2021, 3, 31)
    )
    # services of the fund: the contract (£30,000); grants awarded or closed: £25,000.15 (varied),
    # £500 to an individual, £1,000 awarded not yet published; never the draft
    assert [r.amount for r in data.services] == [Decimal("30000")]
    assert sorted(r.amount for r in data.grants) == [Decimal("500"), Decimal("1000"), Decimal("25000.15")]
    assert data.services_total == Decimal("30000.00")
    assert data.grants_total == Decimal("26500.15")
    assert data.total == Decimal("56500.15")
    every = selectors.appendix_get(
        body=world.body, fund=None, period_start=date(2020, 4, 1), period_end=date(2021, 3, 31)
    )
    assert [r.amount for r in every.services] == [Decimal("900"), Decimal("30000")]  # and the one from no fund
    assert every.total == Decimal("57400.15")
    assert INDIVIDUAL_CANARY not in {r.provider for r in every.services + every.grants}
    narrow = selectors.appendix_get(
        body=world.body, fund=None, period_start=date(2020, 7, 1), period_end=date(2020, 9, 30)
    )
    assert [r.amount for r in narrow.services] == [Decimal("30000")]  # the draft one ended in June


def test_appendix_page_and_word_document(fw, world, client):
    client.force_login(world.editor)
    b = world.body.slug
    query = f"fund={fw.fund.pk}&period_start=2020-04-01&period_end=2021-03-31"
    html = client.get(f"{reverse('funding_staff:appendix', args=[b])}?{query}").content.decode()
    assert "£56,500.15" in html and "£26,500.15" in html and "£30,000.00" in html
    assert INDIVIDUAL_CANARY not in html
    response = client.get(f"{reverse('funding_staff:appendix_docx', args=[b])}?{query}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    doc = Document(io.BytesIO(response.content))
    services, grants = doc.tables
    assert [c.text for c in services.rows[0].cells] == ["Service", "Provider", "Funding amount", "Period"]
    assert [c.text for c in services.rows[-1].cells][::2] == ["Total of services", "£30,000.00"]
    assert len(grants.rows) == 1 + 3 + 1
    assert grants.rows[-1].cells[2].text == "£26,500.15"
    amounts = [Decimal(r.cells[2].text.lstrip("£").replace(",", "")) for r in grants.rows[1:-1]]
    assert sum(amounts) == Decimal("26500.15")
    assert any("Total funding: £56,500.15" in p.text for p in doc.paragraphs)
    assert INDIVIDUAL_CANARY not in "".join(c.text for t in doc.tables for r in t.rows for c in r.cells)


def test_appendix_bad_period_is_a_clear_error(fw, world, client):
    client.force_login(world.editor)
    url = reverse("funding_staff:appendix", args=[world.body.slug])
    html = client.get(f"{url}?period_start=2021-01-01&period_end=2020-01-01").content.decode()
    assert "before it starts" in html
    assert client.get(f"{url}?period_start=notadate").status_code == 200
    docx = reverse("funding_staff:appendix_docx", args=[world.body.slug])
    assert client.get(f"{docx}?period_start=2021-01-01&period_end=2020-01-01").status_code == 400
    other = client.get(f"{url}?fund=999999")
    assert other.status_code == 200 and "Select a valid choice" in other.content.decode()
