"""The form a body's administrator sets the paper style with."""

from __future__ import annotations

from typing import Any

from django import forms

from openpcc.core.board_paper import CLASSIFICATIONS
from openpcc.core.forms import GovukForm

from .style_selectors import available_fonts
from .style_services import LOGO_MAX_BYTES, TEMPLATE_MAX_BYTES, StyleInput, Upload


def _upload(file: Any, limit: int) -> Upload | None:
    """An uploaded file as the services take it; a file over ``limit`` is not read (its size is
    enough to refuse it)."""
    if not file:
        return None
    size = file.size or 0
    return Upload(name=file.name or "", data=file.read() if size <= limit else b"", size=size)


class PaperStyleForm(GovukForm):
    logo = forms.FileField(
        label="Logo",
        required=False,
        help_text="A PNG or JPEG image, at most 1 MB and 4,000 pixels a side. It is shown at the top of the "
        "paper and in the Word document’s header.",
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label="Remove the logo", required=False)
    heading_colour = forms.CharField(
        label="Heading colour",
        max_length=7,
        help_text="As #RRGGBB, for example #0b0c0c. Headings are this colour on white, so it needs a "
        "contrast of at least 4.5:1 with white.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    accent_colour = forms.CharField(
        label="Accent colour",
        max_length=7,
        help_text="As #RRGGBB. Table headings are white on this colour, so it needs a contrast of at least "
        "4.5:1 with white.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    font_family = forms.ChoiceField(
        label="Font",
        required=False,
        help_text="The fonts installed on this server. The PDF uses it; Word uses it where the reader has it.",
        error_messages={"invalid_choice": "Choose a font from the list."},
    )
    footer = forms.CharField(
        label="Footer text",
        max_length=150,
        required=False,
        help_text="One line at the foot of every page, for example the office’s address. At most 150 characters.",
    )
    classification = forms.ChoiceField(
        label="Marking offered first",
        choices=[(c, c) for c in CLASSIFICATIONS],
        error_messages={"invalid_choice": "Choose a marking from the list."},
    )
    word_template = forms.FileField(
        label="Office Word template (optional)",
        required=False,
        help_text="Your own .docx, at most 5 MB: its page setup, styles, headers and footers are kept. Put "
        "{{p content }} in a paragraph of its own where the paper goes; it may also use {{ title }}, "
        "{{ body_name }}, {{ to }}, {{ author }}, {{ date }}, {{ contact_officer }}, {{ classification }}, "
        "{{ footer }} and {{ logo }}.",
        widget=forms.FileInput(
            attrs={"accept": ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
        ),
    )
    remove_word_template = forms.BooleanField(label="Stop using the Word template", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["font_family"].choices = [("", "The house font (Arial)")] + [(f, f) for f in available_fonts()]

    def style_input(self) -> StyleInput:
        d = self.cleaned_data
        return StyleInput(
            heading_colour=d["heading_colour"],
            accent_colour=d["accent_colour"],
            font_family=d.get("font_family") or "",
            footer=d.get("footer") or "",
            classification=d["classification"],
            logo=_upload(d.get("logo"), LOGO_MAX_BYTES),
            remove_logo=bool(d.get("remove_logo")),
            word_template=_upload(d.get("word_template"), TEMPLATE_MAX_BYTES),
            remove_word_template=bool(d.get("remove_word_template")),
        )
