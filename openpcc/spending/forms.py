"""Staff forms for spending: the upload (month and file) and the column mapping."""

from __future__ import annotations

from datetime import date

from django import forms

from openpcc.core.forms import GovukForm

from .parsing import FIELDS

MONTHS = [(str(n), date(2000, n, 1).strftime("%B")) for n in range(1, 13)]
NOT_IN_FILE = ""


class UploadForm(GovukForm):
    month = forms.TypedChoiceField(label="Month", choices=MONTHS, coerce=int)
    year = forms.IntegerField(
        label="Year",
        min_value=2000,
        max_value=2999,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": "Enter the year as four digits, e.g. 2020."},
    )
    file = forms.FileField(
        label="The month's export from the finance system",
        help_text="A CSV file (.csv) or an Excel workbook (.xlsx), with a header row naming the columns.",
    )

    def clean(self):
        data = super().clean()
        if data.get("month") and data.get("year"):
            data["first_day"] = date(data["year"], data["month"], 1)
        return data


class MappingForm(GovukForm):
    """A choice of the file's column for each field (by position: headers may repeat)."""

    def __init__(self, *args, headers: list[str], **kwargs) -> None:
        self.headers = headers
        super().__init__(*args, **kwargs)
        choices = [
            (NOT_IN_FILE, "Not in this file"),
            *((str(i), h or f"Column {i + 1}") for i, h in enumerate(headers)),
        ]
        for key, label, required in FIELDS:
            self.fields[key] = forms.ChoiceField(
                label=label + ("" if required else " (optional)"),
                choices=choices,
                required=False,
                widget=forms.Select(attrs={"class": "govuk-select"}),
            )

    def mapping(self) -> dict[str, int | None]:
        out: dict[str, int | None] = {}
        for key, _, _ in FIELDS:
            value = self.cleaned_data.get(key) or NOT_IN_FILE
            out[key] = int(value) if value != NOT_IN_FILE else None
        return out
