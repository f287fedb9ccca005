"""The form that asks for a paper: its kind, the kind's parameters and the paper's frame."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from openpcc.core.board_paper import CLASSIFICATIONS
from openpcc.core.forms import DateInput, GovukForm
from openpcc.core.models import Body
from openpcc.core.registry import BoardPaperKind


class PaperForm(GovukForm):
    """Built for one kind of paper: a field per parameter (its choices are the body's records,
    public ones unless the paper is for a private meeting), then the frame. ``marking`` is the
    classification offered first (the body's paper style says which)."""

    def __init__(
        self, data: Any, *, body: Body, kind: BoardPaperKind, marking: str = CLASSIFICATIONS[0], **kwargs: Any
    ) -> None:
        private = bool(data and data.get("private"))
        fields: dict[str, forms.Field] = {}
        for p in kind.params:
            if p.kind == "date":
                fields[p.name] = forms.DateField(
                    label=p.label,
                    help_text=p.help_text or "For example, 2017-09-21",
                    widget=DateInput,
                    required=p.required,
                )
            else:
                choices = p.choices(body=body, private=private) if p.choices else []
                fields[p.name] = forms.ChoiceField(
                    label=p.label,
                    help_text=p.help_text,
                    choices=[("", "Choose…"), *choices],
                    required=p.required,
                    error_messages={"invalid_choice": f"Choose a {p.label.lower()} from the list."},
                )
        fields["to"] = forms.CharField(
            label="To",
            max_length=200,
            required=False,
            help_text="Leave blank to use the meeting the records name, or “The Board”.",
        )
        fields["author"] = forms.CharField(
            label="From", max_length=200, required=False, help_text=f"Leave blank for {body.display_name}."
        )
        fields["date"] = forms.DateField(
            label="Date of the paper", initial=timezone.localdate, widget=DateInput, help_text="For example, 2017-09-21"
        )
        fields["contact_officer"] = forms.CharField(label="Contact officer", max_length=200, required=False)
        fields["classification"] = forms.ChoiceField(
            label="Classification", choices=[(c, c) for c in CLASSIFICATIONS], initial=marking
        )
        fields["private"] = forms.BooleanField(
            label="For a private meeting: include records that are not yet public",
            required=False,
            help_text="Only for a meeting held in private. The paper is then marked OFFICIAL-SENSITIVE "
            "unless you choose otherwise.",
        )
        self.base_fields = fields  # this form's own fields; Django copies them, the mixin styles them
        super().__init__(data, **kwargs)
        self.param_names = [p.name for p in kind.params]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("private") and data.get("classification") == CLASSIFICATIONS[0]:
            data["classification"] = "OFFICIAL-SENSITIVE"
        return data


class SaveForm(GovukForm):
    """Where to keep a generated paper (a report, an agenda item, a meeting of the body) and
    whether to keep its Word document too. The places offered are the body's newest; the one
    chosen is looked up again when saving (selectors.place_get)."""

    place = forms.CharField(
        label="Keep it with",
        help_text="The paper is stored there as a PDF: public when that place’s papers are public.",
        error_messages={"required": "Choose where to keep the paper: a report, an agenda item or a meeting."},
    )
    word = forms.BooleanField(label="Keep the Word document (.docx) there too", required=False)

    def __init__(self, data: Any = None, *, places: list[tuple[str, list[tuple[str, str]]]], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.fields["place"].widget = forms.Select(
            choices=[("", "Choose…"), *places],
            attrs={"class": "govuk-select", "aria-describedby": "id_place-hint"},
        )
