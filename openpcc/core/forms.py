"""Form base that renders Django widgets with GOV.UK Frontend classes and ARIA links
between a field, its hint and its error message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.DateInput: "govuk-input govuk-input--width-10",
    forms.NumberInput: "govuk-input govuk-input--width-10",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
    forms.CheckboxInput: "govuk-checkboxes__input",
}


class GovukFormMixin:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.HiddenInput)):
                continue
            css = next((c for cls, c in _CLASSES.items() if isinstance(widget, cls)), "govuk-input")
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}-hint"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self.mark_errors()

    def mark_errors(self) -> None:
        for name in self.errors:  # type: ignore[attr-defined]
            field = self.fields.get(name)  # type: ignore[attr-defined]
            if field is None or isinstance(
                field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.CheckboxInput)
            ):
                continue
            described = field.widget.attrs.get("aria-describedby", "")
            if "-error" in described:
                continue
            field.widget.attrs["aria-describedby"] = f"{described} id_{name}-error".strip()
            css = field.widget.attrs.get("class", "")
            suffix = (
                "govuk-textarea--error"
                if "govuk-textarea" in css
                else ("govuk-select--error" if "govuk-select" in css else "govuk-input--error")
            )
            field.widget.attrs["class"] = f"{css} {suffix}"


class GovukForm(GovukFormMixin, forms.Form):
    pass


def apply_service_errors(form: forms.BaseForm, error: Any) -> None:
    """Put a service's ValidationError onto the form: on the named field where the form
    has one, otherwise as a message for the whole form (it always names the field)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for e in errors:
                message = " ".join(e.messages)
                if field in form.fields:
                    form.add_error(field, message)
                else:
                    form.add_error(None, message)
    else:
        form.add_error(None, " ".join(error.messages))
    if isinstance(form, GovukFormMixin):
        form.mark_errors()


def run_service(form: forms.BaseForm, call: Any) -> Any:
    """Validate ``form`` and run ``call(cleaned_data)``; service errors land on the form.

    Returns the service's result, or None when the form or the service refused the input
    (nothing was saved: services are atomic)."""
    from django.core.exceptions import ValidationError

    from .writing import ConflictError

    if not form.is_valid():
        return None
    try:
        return call(form.cleaned_data)
    except ConflictError as exc:
        form.add_error(None, str(exc))
    except ValidationError as exc:
        apply_service_errors(form, exc)
    return None


class DateInput(forms.DateInput):
    """A browser date picker. Its value is always ISO (YYYY-MM-DD), or a saved date would show
    blank when the form is opened again."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


class FilterableCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Check boxes for a long list of choices: grouped into a fieldset each (give the field grouped
    choices, ``[(group label, [(value, label), ...]), ...]``, e.g. with GroupedModelMultipleChoiceField),
    every label in full (labels wrap; never cut), and a filter box that hides the options not
    matching what is typed. The box is added by openpcc/choice-filter.js (a static file: the
    Content-Security-Policy allows no inline script); without JavaScript every option is listed
    and the form works the same. core/forms/field.html gives it its outer fieldset and legend."""

    template_name = "core/forms/filterable_checkboxes.html"
    filterable = True

    def __init__(self, attrs=None, choices=(), *, filter_label: str = "Filter the list") -> None:
        super().__init__(attrs, choices)
        self.filter_label = filter_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["filter_label"] = self.filter_label
        return context

    def _render(self, template_name, context, renderer=None):
        # The project's templates (openpcc/templates), which the default form renderer does not search.
        return mark_safe(render_to_string(template_name, context))


class _GroupedChoiceIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        groups: dict[str, list] = {}
        queryset = self.queryset if self.queryset._prefetch_related_lookups else self.queryset.iterator()
        for obj in queryset:
            groups.setdefault(self.field.group_label(obj), []).append(self.choice(obj))
        yield from groups.items()


class GroupedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of records, grouped by ``group_by(record)`` (a label; groups keep the
    queryset's order, so order it by the group first) and labelled by ``label_from(record)``, shown with
    FilterableCheckboxSelectMultiple. Validation is the usual one against the queryset."""

    iterator = _GroupedChoiceIterator

    def __init__(self, queryset, *, group_by, label_from=str, filter_label: str = "Filter the list", **kwargs) -> None:
        kwargs.setdefault("widget", FilterableCheckboxSelectMultiple(filter_label=filter_label))
        super().__init__(queryset, **kwargs)
        self.group_by = group_by
        self.label_from = label_from

    def group_label(self, obj) -> str:
        return str(self.group_by(obj))

    def label_from_instance(self, obj) -> str:
        return self.label_from(obj)
