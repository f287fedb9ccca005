"""Staff forms for funds, recipients, grants, variations, payments, services and bids."""

from __future__ import annotations

from django import forms

from openpcc.core.forms import DateInput, GovukForm
from openpcc.core.models import Body
from openpcc.meetings.forms import PlanPriorityField, plan_priority_choices
from openpcc.plans.models import Priority

from . import selectors
from .models import CommissionedService, Fund, FundingBid, Grant, Recipient, pounds


def money(label: str, *, required: bool = True, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=2,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        error_messages={
            "invalid": f"Enter the {label.split(' (')[0].lower()} as a number of pounds, e.g. 25000.",
            "max_decimal_places": "Give pounds and pence: at most two decimal places.",
            "max_digits": "That amount is too large.",
            "max_whole_digits": "That amount is too large.",
        },
    )


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput, help_text=help_text)


class FundChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Fund) -> str:
        return f"{obj.name} {obj.financial_year} ({pounds(obj.budget)})"


class RecipientChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Recipient) -> str:
        kind = " (individual)" if obj.is_individual else ""
        return f"{obj.name}{kind}{f' – {obj.identifier}' if obj.identifier else ''}"


class DecisionChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.reference}: {obj.subject}"


def _priorities(body: Body):
    return plan_priority_choices(Priority.objects.for_body(body))


class FundForm(GovukForm):
    name = forms.CharField(label="Name of the fund", max_length=200)
    starts_on = date_field("Start of the financial year", help_text="e.g. 1 April 2020 for 2020/21")
    financial_year = forms.CharField(
        label="Financial year", max_length=7, required=False, help_text="e.g. 2020/21; left blank, it follows the start"
    )
    budget = money("Budget (£)")
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RecipientForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of recipient",
        choices=Recipient.Kind.choices,
        widget=forms.RadioSelect,
        initial=Recipient.Kind.ORGANISATION,
        help_text="An individual's name is never published: the public sees “an individual”.",
    )
    name = forms.CharField(label="Name", max_length=200)
    identifier = forms.CharField(
        label="Org-id identifier",
        max_length=80,
        required=False,
        help_text="The registered number with its list, e.g. GB-CHC-1012345 (charity) or GB-COH-01234567 (company).",
    )


class RecipientEditForm(RecipientForm):
    """Correcting a recipient: the same fields, the version the page was read at, and (for an
    individual) the confirmation that is needed before a name may become public."""

    name_may_be_published = forms.BooleanField(
        label="This is an organisation: its name may be published",
        required=False,
        help_text="Only if it was wrongly recorded as an individual. An individual's name is never published.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, individual: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not individual:
            del self.fields["name_may_be_published"]


class GrantForm(GovukForm):
    fund = FundChoice(queryset=Fund.objects.none(), label="Fund")
    recipient = RecipientChoice(queryset=Recipient.objects.none(), label="Recipient")
    title = forms.CharField(label="Title", max_length=300)
    purpose = forms.CharField(label="Purpose", widget=forms.Textarea(attrs={"rows": 4}))
    amount = money("Amount (£)")
    start_date = date_field("Planned start")
    end_date = date_field("Planned end")
    conditions = forms.CharField(label="Conditions", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    priorities = PlanPriorityField(required=False, label="Police and Crime Plan priorities it serves")
    decision = DecisionChoice(
        queryset=None, required=False, label="Decision record that approved it", empty_label="None recorded"
    )
    override_reason = forms.CharField(
        label="Why the award goes beyond the fund's remainder",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed only when the amount is more than the fund has left.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = Fund.objects.for_body(body).order_by("-starts_on", "name")
        self.fields["recipient"].queryset = Recipient.objects.for_body(body).order_by("name")
        self.fields["decision"].queryset = selectors.decision_choices(body=body)
        self.fields["priorities"].queryset = _priorities(body)


class VariationForm(GovukForm):
    what_changed = forms.CharField(label="What the variation changes", max_length=300)
    reason = forms.CharField(
        label="Why", widget=forms.Textarea(attrs={"rows": 3}), help_text="Published with the grant."
    )
    new_amount = money("New amount (£)")
    new_start = date_field("New planned start")
    new_end = date_field("New planned end")
    override_reason = forms.CharField(
        label="Why the new amount goes beyond the fund's remainder",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Needed only when the increase is more than the fund has left.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class PaymentForm(GovukForm):
    paid_on = date_field("Date paid")
    amount = money("Amount (£)")


class ServiceForm(GovukForm):
    provider = RecipientChoice(queryset=Recipient.objects.none(), label="Provider")
    name = forms.CharField(label="Service", max_length=300)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    fund = FundChoice(queryset=Fund.objects.none(), label="Fund", required=False, empty_label="Not from a fund")
    value = money("Value (£)")
    start_date = date_field("Start")
    end_date = date_field("End")
    procurement_route = forms.ChoiceField(label="Procurement route", choices=CommissionedService.Route.choices)
    is_contract = forms.BooleanField(
        label="This is a contract",
        required=False,
        initial=True,
        help_text="A contract worth more than £10,000 is listed as a contract, with its document.",
    )
    priorities = PlanPriorityField(required=False, label="Police and Crime Plan priorities it serves")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = Fund.objects.for_body(body).order_by("-starts_on", "name")
        self.fields["provider"].queryset = Recipient.objects.for_body(body).order_by("name")
        self.fields["priorities"].queryset = _priorities(body)


class BidForm(GovukForm):
    funder = forms.CharField(label="Funder", max_length=200)
    scheme = forms.CharField(label="Scheme", max_length=200)
    amount_sought = money("Amount sought (£)")
    amount_note = forms.CharField(label="About the amount", max_length=200, required=False, help_text="e.g. over")
    submitted_on = date_field("Date submitted")
    outcome = forms.ChoiceField(label="Outcome", choices=FundingBid.Outcome.choices)
    amount_secured = money("Amount secured (£)", required=False, help_text="Only for a successful bid.")
    summary = forms.CharField(label="Summary", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    grants = forms.ModelMultipleChoiceField(
        queryset=Grant.objects.none(),
        required=False,
        label="Grants it pays for",
        widget=forms.CheckboxSelectMultiple,
    )
    services = forms.ModelMultipleChoiceField(
        queryset=CommissionedService.objects.none(),
        required=False,
        label="Services it pays for",
        widget=forms.CheckboxSelectMultiple,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grants"].queryset = Grant.objects.for_body(body).order_by("-start_date", "id")
        self.fields["services"].queryset = CommissionedService.objects.for_body(body).order_by("-start_date", "id")


class MonitoringForm(GovukForm):
    return_frequency = forms.ChoiceField(
        label="Monitoring returns",
        choices=Grant.Frequency.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="The returns due are worked out from the start and end dates: a period at a time.",
    )
    return_due_days = forms.IntegerField(
        label="Days after each period a return is due",
        min_value=0,
        max_value=365,
        initial=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={"invalid": "Give the days as a whole number, e.g. 30."},
    )
    contact_email = forms.CharField(
        label="Contact e-mail for returns",
        max_length=254,
        required=False,
        help_text="Reminders of overdue returns go here. Never published.",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


FIGURE_ROWS = 5


class ReturnPeriodForm(GovukForm):
    period_start = date_field("First day of the period")
    period_end = date_field("Last day of the period")
    received_on = date_field("Date received")


def _figure_fields() -> dict:
    """Up to five named figures: taken as text, so that the service names what is not a number."""
    fields: dict = {}
    for n in range(1, FIGURE_ROWS + 1):
        fields[f"measure_{n}"] = forms.CharField(
            label=f"Figure {n}: what it counts",
            max_length=120,
            required=False,
            help_text="e.g. people supported" if n == 1 else "",
        )
        fields[f"value_{n}"] = forms.CharField(
            label=f"Figure {n}: number",
            max_length=30,
            required=False,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-10"}),
        )
    return fields


ReturnFiguresForm = type("ReturnFiguresForm", (ReturnPeriodForm,), {"__module__": __name__, **_figure_fields()})


class ReturnForm(ReturnFiguresForm):
    """A return received: its period, the date received, up to five named figures and the
    narrative."""

    narrative = forms.CharField(
        label="Narrative",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the period achieved, in the recipient's account. Published with a grant's return.",
    )

    def figures(self) -> list[tuple[str, str]]:
        d = self.cleaned_data
        return [(d.get(f"measure_{n}", ""), d.get(f"value_{n}", "")) for n in range(1, FIGURE_ROWS + 1)]


class AppendixForm(GovukForm):
    """Which fund (or every fund) and which period a board paper appendix covers."""

    fund = FundChoice(queryset=Fund.objects.none(), label="Fund", required=False, empty_label="All funds")
    period_start = date_field("From", required=False, help_text="Left blank: the start of the fund's financial year")
    period_end = date_field("To", required=False, help_text="Left blank: the end of that financial year")

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = Fund.objects.for_body(body).order_by("-starts_on", "name")
