"""Forms for documents."""

from __future__ import annotations

from django import forms

from openpcc.core.forms import GovukForm


class UploadForm(GovukForm):
    file = forms.FileField(label="File", help_text="A PDF, a Word document (.docx) or a text file, up to 50 MB.")
    title = forms.CharField(
        label="Title", max_length=300, required=False, help_text="Leave blank to use the file name."
    )
