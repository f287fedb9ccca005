"""Importing spending: all or nothing, each bad row named by row and column, duplicates refused,
totals to the penny, lines of £500 or less left out, publishing with concurrency checks."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from openpcc.core.writing import ConflictError
from openpcc.spending import selectors, services
from openpcc.spending.models import REDACTED_SUPPLIER, SpendingFile, SpendingLine
from tests.factories import SPENDING_CANARY, actor, spending_csv

pytestmark = pytest.mark.django_db
APRIL = date(2020, 4, 1)
HEADER = "Date,Supplier,Expense Type,Amount\n"


def _import(body, data: bytes, *, month=APRIL, name="april.csv", **kwargs):
    return services.spending_file_import_now(body=body, month=month, name=name, data=data, user=actor(), **kwargs)


def _refused(body, data: bytes, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as exc:
        _import(body, data, **kwargs)
    assert not SpendingFile.objects.exists() and not SpendingLine.objects.exists(), "something was saved"
    return exc.value.messages


def test_a_csv_is_imported_with_totals_to_the_penny(world):
    data = (
        HEADER + '01/04/2020,A Ltd,Fees,"£1,234.56"\n'
        '2020-04-02,B Ltd,Fees,"(1,000.01)"\n'  # a credit
        "03/04/2020,C Ltd,Fees,0.1\n"  # £500 or less: left out
        "04/04/2020,D Ltd,Fees,500.00\n"  # exactly £500: left out (the Order asks for over £500)
        "05/04/2020,E Ltd,Fees,500.01\n"
        ",,,\n"  # a blank row is ignored
        "30/04/2020,F Ltd,Fees,1234.5\n"
    ).encode()
    made = _import(world.body, data)
    assert made.row_count == 4 and made.skipped_count == 2
    assert made.total == Decimal("1234.56") - Decimal("1000.01") + Decimal("500.01") + Decimal("1234.50")
    assert made.total == Decimal("1969.06")
    lines = list(SpendingLine.objects.filter(file=made).order_by("row_number"))
    assert [line.row_number for line in lines] == [2, 3, 6, 8]
    assert lines[1].amount == Decimal("-1000.01")
    assert sum(line.amount for line in lines) == made.total
    assert made.mapping == {"date": "Date", "supplier": "Supplier", "amount": "Amount", "expense_type": "Expense Type"}
    assert made.history.first().history_user == actor()
    assert not made.is_public


def test_an_xlsx_with_real_dates_and_serials_is_imported(world):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Payment Date", "Payee", "Value", "Transaction Ref"])
    sheet.append([datetime(2020, 4, 3), "A Ltd", 1234.56, 1001])
    sheet.append([43932, "B Ltd", 600, 1002])  # 11 April 2020 as a serial day number
    sheet.append(["15/04/2020", "C Ltd", "£2,000.10", "X3"])
    out = io.BytesIO()
    book.save(out)
    made = _import(world.body, out.getvalue(), name="april.xlsx")
    lines = list(made.lines.order_by("row_number"))
    assert [line.date for line in lines] == [date(2020, 4, 3), date(2020, 4, 11), date(2020, 4, 15)]
    assert [line.amount for line in lines] == [Decimal("1234.56"), Decimal("600.00"), Decimal("2000.10")]
    assert lines[0].transaction_reference == "1001"
    assert made.total == Decimal("3834.66")


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("31/02/2020,A Ltd,Fees,600", "Row 3, column “Date” (date): “31/02/2020” is not a date"),
        ("01/05/2020,A Ltd,Fees,600", "Row 3, column “Date” (date): 01/05/2020 is not in April 2020"),
        ("01/04/2020,A Ltd,Fees,12x", "Row 3, column “Amount” (amount): “12x” is not an amount"),
        ("01/04/2020,A Ltd,Fees,", "Row 3, column “Amount” (amount): the amount is missing"),
        ("01/04/2020,A Ltd,Fees,600.001", "Row 3, column “Amount” (amount): “600.001” has fractions of a penny"),
        ("01/04/2020, ,Fees,600", "Row 3, column “Supplier” (supplier): the supplier is missing"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_saved(world, row, words):
    data = (HEADER + "01/04/2020,Good Ltd,Fees,900\n" + row + "\n" + "02/04/2020,Also Good Ltd,Fees,900\n").encode()
    messages = _refused(world.body, data)
    assert messages[0].startswith("Nothing was imported: 1 problem")
    assert any(words in m for m in messages), messages


def test_every_bad_row_is_named_up_to_a_limit(world):
    rows = "".join(f"01/04/2020,A Ltd,Fees,bad{n}\n" for n in range(services.MAX_PROBLEMS + 5))
    messages = _refused(world.body, (HEADER + "01/04/2020,Good,Fees,900\n" + rows).encode())
    assert messages[0] == f"Nothing was imported: {services.MAX_PROBLEMS + 5} problems in the file."
    assert "Row 3, column “Amount”" in messages[1]
    assert messages[-1] == "… and 5 more problems like these."


def test_a_bad_row_after_thousands_of_good_ones_saves_nothing(world, monkeypatch):
    monkeypatch.setattr(services, "BATCH", 100)  # some batches are written before the bad row is met
    good = "".join(f"01/04/2020,Supplier {n},Fees,{600 + n}.00\n" for n in range(1000))
    messages = _refused(world.body, (HEADER + good + "01/04/2020,Bad Ltd,Fees,lots\n").encode())
    assert "Row 1002, column “Amount”" in " ".join(messages)


def test_a_mapping_without_a_required_column_is_refused(world):
    data = b"When,Who,How much\n01/04/2020,A Ltd,900\n"
    with pytest.raises(ValidationError) as exc:
        _import(world.body, data)
    assert set(exc.value.message_dict) == {"date", "supplier", "amount"}
    made = _import(world.body, data, mapping={"date": 0, "supplier": 1, "amount": 2})
    assert made.row_count == 1 and made.mapping == {"date": "When", "supplier": "Who", "amount": "How much"}


def test_a_duplicate_file_or_month_is_refused(world):
    data = spending_csv(APRIL)
    _import(world.body, data)
    with pytest.raises(ValidationError, match="imported already, for April 2020"):
        _import(world.body, data, month=date(2020, 5, 1), name="renamed.csv")
    with pytest.raises(ValidationError, match="Spending for April 2020 is imported already"):
        _import(world.body, spending_csv(APRIL, 5))
    with pytest.raises(ValidationError, match="imported already"):
        services.spending_upload_stage(body=world.body, month=APRIL, name="a.csv", data=data, user=actor())
    assert SpendingFile.objects.count() == 1
    # another body may import a file of its own for the same month
    assert _import(world.other, spending_csv(APRIL, 4)).row_count == 5


def test_a_person_paid_is_redacted_by_rule(world):
    made = _import(world.body, spending_csv(APRIL))
    line = made.lines.get(is_redacted=True)
    assert line.supplier == SPENDING_CANARY and line.public_supplier == REDACTED_SUPPLIER
    assert line.public_description == "" and "Compensation payment" in line.redaction_reason
    assert made.redacted_count == 1


def test_staged_upload_then_import_with_a_corrected_mapping(world):
    data = b"Posted,Payee,Gross,Net\n01/04/2020,A Ltd,1200,1000\n"
    token = services.spending_upload_stage(body=world.body, month=APRIL, name="a.csv", data=data, user=actor())
    staged = selectors.staged_upload_get(body=world.body, token=token)
    assert staged.month == APRIL and staged.data == data
    made = services.spending_file_import(
        body=world.body, token=token, mapping={"date": 0, "supplier": 1, "amount": 3}, user=actor()
    )
    assert made.total == Decimal("1000.00")
    with pytest.raises(Exception):  # noqa: B017 (Http404 from another body's address)
        selectors.staged_upload_get(body=world.other, token=token)


def test_an_upload_left_waiting_expires_after_a_day(world, settings, tmp_path):
    """A staged upload whose columns were never confirmed is gone after a day: its address says it
    expired, the next upload at that body tidies it away, and the daily command removes every body's."""
    import time_machine
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    settings.MEDIA_ROOT = str(tmp_path)
    data = b"Date,Supplier,Amount\n01/04/2020,A Ltd,1200\n"
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        old = services.spending_upload_stage(body=world.body, month=APRIL, name="a.csv", data=data, user=actor())
        other = services.spending_upload_stage(body=world.other, month=APRIL, name="b.csv", data=data, user=actor())
    folder = f"{selectors.STAGED_ROOT}/{world.body.pk}"
    with time_machine.travel(start + timedelta(hours=23), tick=False):
        assert selectors.staged_upload_get(body=world.body, token=old).data == data  # still waiting
    with time_machine.travel(start + timedelta(hours=25), tick=False):
        with pytest.raises(Http404, match="expired"):
            selectors.staged_upload_get(body=world.body, token=old)
        fresh = services.spending_upload_stage(
            body=world.body, month=date(2020, 5, 1), name="c.csv", data=data.replace(b"1200", b"1300"), user=actor()
        )
        assert sorted(default_storage.listdir(folder)[1]) == [f"{fresh}.data", f"{fresh}.json"]  # old one gone
        assert default_storage.exists(f"{selectors.STAGED_ROOT}/{world.other.pk}/{other}.json")  # not this body's
        with pytest.raises(PermissionDenied):
            services.spending_staged_expire(user=world.approver)
        out = io.StringIO()
        call_command("expire_spending_uploads", stdout=out)
        assert "Removed 1 expired spending upload." in out.getvalue()
        assert not default_storage.exists(f"{selectors.STAGED_ROOT}/{world.other.pk}/{other}.json")
        assert default_storage.exists(f"{folder}/{fresh}.json")  # a fresh upload stays


def test_publish_unpublish_remove_and_concurrency(world):
    made = _import(world.body, spending_csv(APRIL))
    with pytest.raises(PermissionDenied):
        services.spending_file_publish(file=made, expected_version=made.version, user=world.editor)
    published = services.spending_file_publish(file=made, expected_version=made.version, user=world.approver)
    assert published.is_public
    with pytest.raises(ConflictError):  # a stale page
        services.spending_file_unpublish(file=published, expected_version=made.version, user=world.approver)
    with pytest.raises(ValidationError, match="unpublish"):
        services.spending_file_remove(file=published, expected_version=published.version, user=world.editor)
    draft = services.spending_file_unpublish(
        file=published, expected_version=published.version, user=world.approver, reason="Wrong file"
    )
    assert not draft.is_public and draft.history.first().history_change_reason == "Unpublished: Wrong file"
    services.spending_file_remove(file=draft, expected_version=draft.version, user=world.editor)
    assert not SpendingFile.objects.exists() and not SpendingLine.objects.exists()
    _import(world.body, spending_csv(APRIL))  # the month can be imported again


def test_the_public_rule_agrees_for_files_and_lines(world):
    from datetime import timedelta

    from django.utils import timezone

    published = _import(world.body, spending_csv(APRIL))
    services.spending_file_publish(file=published, expected_version=1, user=actor())
    later = _import(world.body, spending_csv(date(2020, 5, 1)), month=date(2020, 5, 1), name="may.csv")
    services.spending_file_publish(
        file=later, expected_version=1, user=actor(), when=timezone.now() + timedelta(days=2)
    )
    _import(world.body, spending_csv(date(2020, 6, 1), 2), month=date(2020, 6, 1), name="june.csv")
    for model in (SpendingFile, SpendingLine):
        by_query = set(model.objects.published().values_list("pk", flat=True))
        assert by_query == {o.pk for o in model.objects.all() if o.is_public}
    assert {f.month for f in SpendingFile.objects.published()} == {APRIL}
