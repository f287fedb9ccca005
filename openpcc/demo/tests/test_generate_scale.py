"""manage.py generate_scale: the synthetic data set is written through the models, with every
publication state, and the public search index only ever holds what may be public."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from openpcc.core.models import Body
from openpcc.decisions.models import Decision
from openpcc.funding.models import Grant
from openpcc.meetings.models import AgendaItem, Meeting
from openpcc.plans.models import ReportingRound, Snapshot
from openpcc.search.models import SearchEntry
from openpcc.spending.models import REDACTED_SUPPLIER, SpendingFile, SpendingLine

# The generated history runs up to "now": pinned, so what it holds is the same on any date.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_now")]


def test_generates_every_state_and_refuses_to_run_twice():
    out = StringIO()
    call_command("generate_scale", "--preset", "tiny", "--no-history", stdout=out)
    text = out.getvalue()
    assert "Generating 2 bodies over 1 years" in text and "[2/2]" in text and "search index rebuilt" in text
    office = Body.objects.get(kind__in=["pcc", "pfcc"])
    assert Body.objects.get(kind="panel").scrutinises == office
    assert Meeting.objects.filter(status="minutes_approved").exists()
    assert Meeting.objects.filter(status__in=["scheduled", "agenda_published"]).exists()
    assert Decision.objects.filter(status="draft").exists() and Decision.objects.published().exists()
    published = ReportingRound.objects.filter(publication_status="published")
    assert published.exists() and Snapshot.objects.count() == published.count()
    assert ReportingRound.objects.filter(publication_status="draft").count() == 1
    # the index holds exactly the public records
    public_items = set(AgendaItem.objects.published().values_list("pk", flat=True))
    assert set(SearchEntry.objects.filter(kind="item").values_list("object_id", flat=True)) == public_items
    assert not SearchEntry.objects.filter(kind="decision", object_id__in=Decision.objects.filter(status="draft"))
    # money out: grants in every state, some to individuals; spending with redacted lines and a
    # month not yet published; none of it reaches the index unless it is public
    assert Grant.objects.filter(status="draft").exists() and Grant.objects.published().exists()
    assert Grant.objects.filter(status="awarded", publication_status="draft").exists()
    assert Grant.objects.filter(recipient__kind="individual").exists()
    public_grants = set(Grant.objects.published().values_list("pk", flat=True))
    assert set(SearchEntry.objects.filter(kind="grant").values_list("object_id", flat=True)) == public_grants
    assert SpendingFile.objects.filter(publication_status="draft").count() == 1
    redacted = SpendingLine.objects.filter(is_redacted=True)
    assert redacted.exists() and not redacted.exclude(public_supplier=REDACTED_SUPPLIER).exists()
    assert not redacted.exclude(public_description="").exists()
    for f in SpendingFile.objects.all():
        assert f.lines.count() == f.row_count and sum(line.amount for line in f.lines.all()) == f.total

    with pytest.raises(CommandError, match="already exist"):
        call_command("generate_scale", "--preset", "tiny", stdout=StringIO())


def test_bad_sizes_are_refused():
    with pytest.raises(CommandError, match="--bodies must be at least 1"):
        call_command("generate_scale", "--bodies", "0", stdout=StringIO())
    assert not Body.objects.exists()
