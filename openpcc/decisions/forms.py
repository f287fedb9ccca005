"""Staff forms for the decision register."""

from __future__ import annotations

from django import forms
from django.db.models import F

from openpcc.core.forms import DateInput, GovukForm, GroupedModelMultipleChoiceField
from openpcc.core.models import Body
from openpcc.meetings.forms import PlanPriorityField, plan_priority_choices
from openpcc.meetings.models import Meeting, Report
from openpcc.plans.models import Priority

from .models import Decision, Notification, decision_date_problem
from .services import TEXT_FIELDS


def _report_group(report: Report) -> str:
    if report.agenda_item is None:
        return "Not on an agenda"
    meeting = report.agenda_item.meeting
    return f"{meeting.committee.name}, {meeting.date:%-d %B %Y}"


def _decision_label(decision: Decision) -> str:
    return f"{decision.reference}: {decision.subject}"


def _decision_group(decision: Decision) -> str:
    return f"{decision.decision_date:%B %Y}" if decision.decision_date else "Not dated"


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.committee.name}, {obj.date:%-d %B %Y}"


PART_LABELS = {
    "decision": "The decision",
    "reasons": "Reasons",
    "options_considered": "Options considered",
    "amount": "Amount",
    "financial_implications": "Financial implications",
    "legal_implications": "Legal implications",
}


class DecisionForm(GovukForm):
    subject = forms.CharField(label="Subject", max_length=300)
    decision = forms.CharField(
        label="Decision", widget=forms.Textarea(attrs={"rows": 4}), required=False, help_text="What has been decided."
    )
    reasons = forms.CharField(label="Reasons", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    options_considered = forms.CharField(
        label="Options considered", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    amount = forms.DecimalField(
        label="Amount (£)",
        required=False,
        max_digits=14,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
    )
    amount_note = forms.CharField(
        label="About the amount", max_length=200, required=False, help_text="e.g. per year for two years"
    )
    financial_implications = forms.CharField(
        label="Financial implications", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    legal_implications = forms.CharField(
        label="Legal implications", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    decision_maker = forms.ChoiceField(label="Decision maker", choices=Decision.Maker.choices)
    decision_maker_name = forms.CharField(label="Name of the decision maker", max_length=200, required=False)
    category = forms.ChoiceField(label="Category", choices=Decision.Category.choices)
    meeting = MeetingChoice(
        queryset=Meeting.objects.none(),
        required=False,
        label="Meeting where it was taken",
        empty_label="Not taken at a meeting",
    )
    decision_date = forms.DateField(
        label="Date of the decision",
        required=False,
        widget=DateInput,
        help_text="Leave blank to date it on the day it is signed.",
    )
    date_reason = forms.CharField(
        label="Why it is dated after the meeting",
        max_length=500,
        required=False,
        help_text="Needed only when the decision is dated after the meeting at which it was taken.",
    )
    reports = GroupedModelMultipleChoiceField(
        queryset=Report.objects.none(),
        required=False,
        label="Reports it rests on",
        group_by=_report_group,
        filter_label="Filter the reports by words in their titles",
    )
    priorities = PlanPriorityField(required=False, label="Police and Crime Plan priorities it serves")
    exempt_parts = forms.MultipleChoiceField(
        label="Parts withheld from publication",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(PART_LABELS.items()),
        help_text="The public sees that these parts were withheld and why, never their text.",
    )
    withheld_reason = forms.CharField(label="Why those parts are withheld", max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        reason = data.get("date_reason") or ""
        if problem := decision_date_problem(data.get("decision_date"), data.get("meeting"), reason):
            self.add_error("date_reason", problem)
        return data

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.for_body(body).select_related("committee").order_by("-date")
        self.fields["reports"].queryset = (
            Report.objects.for_body(body)
            .select_related("agenda_item__meeting__committee")
            .order_by(
                F("agenda_item__meeting__date").desc(nulls_last=True), "agenda_item__meeting_id", "-report_date", "id"
            )
        )
        self.fields["priorities"].queryset = plan_priority_choices(Priority.objects.for_body(body))


class AmendForm(GovukForm):
    field = forms.ChoiceField(
        label="Part to amend", choices=[(f, f.replace("_", " ").capitalize()) for f in TEXT_FIELDS]
    )
    text = forms.CharField(label="New wording", widget=forms.Textarea(attrs={"rows": 5}), required=False)
    reason = forms.CharField(
        label="Reason for the amendment",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Published with the record.",
    )


class ForwardForm(GovukForm):
    topic = forms.CharField(label="Area where a decision is likely", max_length=300)
    timescale = forms.CharField(label="Anticipated timescale", max_length=200, required=False)
    background = forms.CharField(
        label="Background reports",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: the title, then a | and the link if there is one.",
    )

    def clean_background(self) -> list[dict]:
        docs = []
        for line in self.cleaned_data["background"].splitlines():
            if line.strip():
                title, _, url = line.partition("|")
                docs.append({"title": title.strip(), "url": url.strip()})
        return docs


class SchemeForm(GovukForm):
    prefix = forms.CharField(label="Prefix", max_length=20, help_text="e.g. CPCC")
    pattern = forms.CharField(label="Pattern", max_length=60, help_text="Use {prefix}, {year} and {number}.")
    padding = forms.IntegerField(label="Digits in the number", min_value=1, max_value=6)
    restart_each_year = forms.BooleanField(label="Start numbering again each year", required=False)


class NotifyForm(GovukForm):
    number = forms.CharField(label="Agenda item number", max_length=12)
    decisions = GroupedModelMultipleChoiceField(
        queryset=Decision.objects.none(),
        group_by=_decision_group,
        label_from=_decision_label,
        filter_label="Filter the decisions by reference or words",
        label="Decisions to notify to the panel",
        required=False,
        help_text="Every decision published since the panel was last notified is proposed.",
    )

    def __init__(self, *args, proposed: list[Decision], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decisions"].queryset = Decision.objects.filter(pk__in=[d.pk for d in proposed]).order_by(
            "decision_date", "reference"
        )


class ResponseForm(GovukForm):
    response = forms.ChoiceField(
        label="The panel's response",
        widget=forms.RadioSelect,
        choices=[c for c in Notification.Response.choices if c[0]],
    )
    response_detail = forms.CharField(
        label="What the panel asked for",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when further scrutiny is requested.",
    )
