"""Staff forms for the delivery tracker. Validation that needs the database lives in services."""

from __future__ import annotations

from django import forms

from openpcc.bodies.models import Organisation, Person
from openpcc.core.forms import GovukForm

from .models import Plan


class UpdateForm(GovukForm):
    status = forms.ChoiceField(label="Delivery status", widget=forms.RadioSelect)
    narrative = forms.CharField(
        label="Narrative",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            "What has been done this round. For Amber or Red, say what is off track and what is being done about it."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (
                s.code,
                f"{s.get_colour_display()} – {s.label}"
                + (f" ({s.meaning})" if s.meaning and s.meaning != s.label else ""),
            )
            for s in plan.statuses.all()
        ]


class DateInput(forms.DateInput):
    input_type = "date"


class RoundForm(GovukForm):
    name = forms.CharField(label="Name", max_length=60, help_text="For example 2017/18 Q3.")
    period_start = forms.DateField(label="Period starts", widget=DateInput)
    period_end = forms.DateField(label="Period ends", widget=DateInput)
    due_date = forms.DateField(label="Updates due by", widget=DateInput, required=False)
    reported_to = forms.CharField(
        label="Reported to",
        max_length=200,
        required=False,
        help_text="The board or panel meeting that will receive it.",
    )


class PriorityForm(GovukForm):
    theme = forms.ModelChoiceField(queryset=None, label="Theme", empty_label=None)
    code = forms.CharField(label="Code", max_length=12, help_text="Unique within the plan, for example V7.")
    text = forms.CharField(label="Priority for action", widget=forms.Textarea(attrs={"rows": 4}))
    opcc_lead = forms.ModelChoiceField(queryset=None, label="OPCC lead", required=False, empty_label="No lead yet")
    delivery_leads = forms.ModelMultipleChoiceField(
        queryset=None, label="Delivery leads", required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example an inspection finding that bears on this priority.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = plan.themes.all()
        self.fields["opcc_lead"].queryset = Person.objects.for_body(plan.body)
        self.fields["delivery_leads"].queryset = Organisation.objects.for_body(plan.body)
