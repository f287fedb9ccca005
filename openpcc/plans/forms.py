"""Staff forms for the delivery tracker. Validation that needs the database lives in services."""

from __future__ import annotations

from django import forms

from openpcc.bodies.models import Organisation, Person
from openpcc.core.forms import DateInput, GovukForm, GroupedModelMultipleChoiceField

from .models import Plan, Priority


def priority_label(priority: Priority) -> str:
    """A priority in a list of choices: its code first, then its full text (never cut)."""
    return f"{priority.code} — {priority.text}"


def theme_label(priority: Priority) -> str:
    return f"{priority.theme.code}: {priority.theme.name}" if priority.theme.code else priority.theme.name


class PriorityMultipleChoiceField(GroupedModelMultipleChoiceField):
    """Plan priorities as check boxes grouped by theme, "V7 — full text", with a filter box. For
    any app's form that links records to priorities: give it a queryset ordered by plan, theme
    and order (``priority_choice_queryset``)."""

    def __init__(self, queryset=None, **kwargs) -> None:
        kwargs.setdefault("filter_label", "Filter the priorities by code or words")
        super().__init__(
            queryset if queryset is not None else Priority.objects.none(),
            group_by=theme_label,
            label_from=priority_label,
            **kwargs,
        )


def priority_choice_queryset(queryset):
    """Priorities in the order PriorityMultipleChoiceField groups them: by plan, theme, then code order."""
    return queryset.select_related("theme").order_by("plan_id", "theme__order", "theme_id", "order", "id")


class PlanSettingsForm(GovukForm):
    narrative_required = forms.BooleanField(
        label="Every update needs a narrative, whatever its status",
        required=False,
        help_text="When off, only statuses that need an explanation (such as Amber and Red) need a narrative.",
    )
    reminder_days_before = forms.IntegerField(
        label="Remind leads this many days before updates are due",
        required=False,
        min_value=0,
        max_value=90,
        help_text=(
            "Leads with updates still to write are e-mailed once, this many days before a round's due date. "
            "Leave empty to send no reminders."
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


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
        if plan.narrative_required:
            self.fields["narrative"].help_text = (
                "What has been done this round: every update needs one. "
                "For Amber or Red, say what is off track and what is being done about it."
            )
        self.fields["status"].choices = [
            (
                s.code,
                f"{s.get_colour_display()} – {s.label}"
                + (f" ({s.meaning})" if s.meaning and s.meaning != s.label else ""),
            )
            for s in plan.statuses.all()
        ]


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
    delivery_leads = GroupedModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        label="Delivery leads",
        required=False,
        group_by=lambda org: org.get_kind_display(),
        filter_label="Filter the organisations by name",
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
        self.fields["delivery_leads"].queryset = Organisation.objects.for_body(plan.body).order_by("kind", "name")
