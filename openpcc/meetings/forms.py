"""Staff forms for meetings. Rules that need the database are enforced in services."""

from __future__ import annotations

from datetime import date

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone

from openpcc.core.forms import GovukForm
from openpcc.core.models import Body, Classification
from openpcc.plans.forms import PriorityMultipleChoiceField, priority_choice_queryset, theme_label
from openpcc.plans.models import Priority

from .models import AgendaItem, Attendance, Committee, CommitteeMember, Meeting


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class _PlanThemeIterator(ModelChoiceIterator):
    """Priorities grouped by theme ("T1: Theme"); when the choices span more than one plan, each
    group also names its plan, so two plans' themes of the same name stay apart."""

    def __iter__(self):
        groups: dict[tuple, list] = {}
        queryset = self.queryset if self.queryset._prefetch_related_lookups else self.queryset.iterator()
        for priority in queryset:
            groups.setdefault((priority.plan_id, priority.theme_id), []).append((priority, self.choice(priority)))
        several_plans = len({plan_id for plan_id, _ in groups}) > 1
        for members in groups.values():
            first = members[0][0]
            label = theme_label(first)
            yield (f"{first.plan.title}: {label}" if several_plans else label), [choice for _, choice in members]


class PlanPriorityField(PriorityMultipleChoiceField):
    """Plan priorities in check boxes grouped by theme, each "V7 — its full text" (never cut), with
    the filter box of core.forms.FilterableCheckboxSelectMultiple. Give it its queryset through
    ``plan_priority_choices``. Meetings and decisions share it."""

    iterator = _PlanThemeIterator


def plan_priority_choices(queryset):
    """A queryset of priorities ready for PlanPriorityField: by plan, theme and code order, with
    the plan and theme its groups are labelled by (no query per priority)."""
    return priority_choice_queryset(queryset).select_related("plan")


def _priority_field() -> PlanPriorityField:
    return PlanPriorityField(
        required=False,
        label="Police and Crime Plan priorities discussed",
        help_text="Links this to the priorities' public pages (the golden thread).",
    )


def _priorities_for(body: Body):
    return plan_priority_choices(Priority.objects.filter(plan__body_id__in=body.plan_body_ids))


class CommitteeForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Kind", choices=Committee.Kind.choices)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class MemberForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200)
    role = forms.ChoiceField(label="Role", choices=CommitteeMember.Role.choices, initial=CommitteeMember.Role.MEMBER)
    representing = forms.CharField(
        label="Representing",
        max_length=200,
        required=False,
        help_text="The council or body, e.g. Peterborough City Council.",
    )
    start_date = forms.DateField(label="Member from", required=False, widget=DateInput)


class MemberEditForm(GovukForm):
    role = forms.ChoiceField(label="Role", choices=CommitteeMember.Role.choices)
    representing = forms.CharField(
        label="Representing",
        max_length=200,
        required=False,
        help_text="The council or body, e.g. Peterborough City Council.",
    )
    start_date = forms.DateField(label="Member from", required=False, widget=DateInput)
    end_date = forms.DateField(
        label="Member until",
        required=False,
        widget=DateInput,
        help_text="Leave blank while they are a member. Past meetings keep their attendance.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MemberEndForm(GovukForm):
    end_date = forms.DateField(label="Membership ended on", widget=DateInput)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MeetingForm(GovukForm):
    committee = forms.ModelChoiceField(queryset=Committee.objects.none(), label="Committee", empty_label=None)
    kind = forms.ChoiceField(label="Kind of meeting", choices=Meeting.Kind.choices)
    title = forms.CharField(
        label="Title", max_length=200, required=False, help_text="Leave blank to use the committee's name."
    )
    date = forms.DateField(label="Date", widget=DateInput)
    start_time = forms.TimeField(label="Start time", required=False, widget=TimeInput)
    end_time = forms.TimeField(label="End time", required=False, widget=TimeInput)
    venue = forms.CharField(label="Venue", max_length=300, required=False)
    theme = forms.CharField(label="Theme", max_length=120, required=False, help_text="Optional, e.g. Communities.")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = Committee.objects.for_body(body)


class AgendaItemForm(GovukForm):
    number = forms.CharField(label="Item number", max_length=12, help_text="e.g. 5, 5.1 or 39/20")
    title = forms.CharField(label="Title", max_length=300)
    purpose = forms.CharField(label="Purpose", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    presenting = forms.CharField(label="Presented by", max_length=200, required=False)
    is_exempt = forms.BooleanField(label="Exempt from publication", required=False)
    exempt_reason = forms.CharField(label="Reason it is exempt", max_length=300, required=False)
    priorities = _priority_field()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = _priorities_for(body)


class ReportForm(GovukForm):
    title = forms.CharField(label="Title", max_length=300)
    to = forms.CharField(label="To", max_length=200, required=False)
    author = forms.CharField(label="From", max_length=200, required=False)
    report_date = forms.DateField(label="Date", required=False, widget=DateInput)
    classification = forms.ChoiceField(label="Classification", choices=Classification.choices)
    purpose = forms.CharField(label="Purpose", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    recommendations = forms.CharField(
        label="Recommendations",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One recommendation per line.",
    )
    terms_of_reference = forms.CharField(
        label="Terms of reference", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    background = forms.CharField(label="Background", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    key_issues = forms.CharField(label="Key issues", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    implications = forms.CharField(label="Implications", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    consultation = forms.CharField(label="Consultation", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_steps = forms.CharField(label="Next steps", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    background_documents = forms.CharField(
        label="Background documents",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: the title, then a | and the link if there is one.",
    )
    appendices = forms.CharField(
        label="Appendices",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One appendix title per line.",
    )
    contact_officer = forms.CharField(label="Contact officer", max_length=200, required=False)
    priorities = _priority_field()
    attachment = forms.FileField(
        label="Attach a file", required=False, help_text="PDF, Word, Excel, PowerPoint, CSV or text, up to 50 MB."
    )
    attachment_title = forms.CharField(label="Title of the file", max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = _priorities_for(body)

    def clean_background_documents(self) -> list[dict]:
        docs = []
        for i, line in enumerate(self.cleaned_data["background_documents"].splitlines(), start=1):
            if not line.strip():
                continue
            title, _, url = line.partition("|")
            if not title.strip():
                raise forms.ValidationError(f"Line {i} has a link but no title.")
            url = url.strip()
            if url and not url.startswith(("http://", "https://")):
                raise forms.ValidationError(f"Line {i}: the link must start with https://")
            docs.append({"title": title.strip(), "url": url})
        return docs


class MinutesForm(GovukForm):
    minutes = forms.CharField(
        label="Minute",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A summary of the discussion.",
    )
    resolution = forms.ChoiceField(
        label="Resolution",
        required=False,
        widget=forms.RadioSelect,
        choices=[("", "No resolution"), *AgendaItem.Resolution.choices],
    )
    resolution_text = forms.CharField(
        label="Wording of the resolution", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    resolution_reasons = forms.CharField(
        label="Reasons",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required for a recommendation.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class QuestionForm(GovukForm):
    letter = forms.CharField(label="Letter", max_length=4, required=False, help_text="e.g. a")
    asked_by = forms.CharField(label="Asked by", max_length=200, required=False)
    question = forms.CharField(label="Question or point raised", widget=forms.Textarea(attrs={"rows": 3}))
    response = forms.CharField(label="Response", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    responded_by = forms.CharField(label="Responded by", max_length=200, required=False)


class AttendanceForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Attendance", choices=Attendance.Kind.choices)
    substitute_for = forms.CharField(label="Substitute for", max_length=200, required=False)
    role = forms.CharField(
        label="Role", max_length=200, required=False, help_text="For officers, e.g. Chief Executive, OPCC."
    )
    representing = forms.CharField(label="Representing", max_length=200, required=False)


class ActionForm(GovukForm):
    agenda_item = forms.ModelChoiceField(
        queryset=AgendaItem.objects.none(), required=False, label="Agenda item", empty_label="Not linked to an item"
    )
    text = forms.CharField(label="Action", widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.CharField(label="Owner", max_length=200, required=False, help_text="The person or body responsible.")
    due_date = forms.DateField(label="Due by", required=False, widget=DateInput)

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.items.all()


class ActionUpdateForm(GovukForm):
    text = forms.CharField(label="Update", widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label="Date", required=False, widget=DateInput, help_text="Leave blank for today.")


class ActionCloseForm(GovukForm):
    note = forms.CharField(label="Closing note", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    on = forms.DateField(label="Closed on", required=False, widget=DateInput, help_text="Leave blank for today.")


class ApproveMinutesForm(GovukForm):
    approved_at = forms.ModelChoiceField(
        queryset=Meeting.objects.none(),
        label="Approved at the meeting of",
        required=False,
        empty_label="Choose a meeting",
        help_text="A later meeting of the same committee that has taken place.",
    )

    def __init__(self, *args, meeting: Meeting, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.fields["approved_at"].queryset = (
            Meeting.objects.filter(committee_id=meeting.committee_id, date__gt=meeting.date, date__lte=today)
            .exclude(status=Meeting.Status.CANCELLED)
            .select_related("committee")
            .order_by("date")
        )


class PublishAgendaForm(GovukForm):
    late_reason = forms.CharField(
        label="Why are the papers late?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Published beside the late flag on the meeting's page.",
    )


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Meeting) -> str:
        return f"{obj.date:%-d %B %Y}: {obj.get_kind_display()}" + (" (cancelled)" if obj.status == "cancelled" else "")


class WorkItemForm(GovukForm):
    meeting = MeetingChoice(
        queryset=Meeting.objects.none(),
        required=False,
        label="Planned for",
        empty_label="No meeting yet: a possible topic for a future report",
    )
    title = forms.CharField(label="Item or topic", max_length=400)
    responsible = forms.CharField(label="Responsible", max_length=200, required=False, help_text="e.g. OPCC")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = committee.meetings.select_related("committee").order_by("date")


# --- the attendance roster: one form per member, one per other person, saved together --------


class _RosterChoiceMixin:
    """``substitute_for`` chooses among the roster's members (given, so no query per line)."""

    def _set_roster(self, roster: list[CommitteeMember]) -> None:
        # Every line is read, changed or not: an unchanged line still says who was there.
        self.empty_permitted = False
        self._roster = {str(m.pk): m for m in roster}
        self.fields["substitute_for"].choices = [("", "–"), *[(str(m.pk), m.person.name) for m in roster]]

    def clean_substitute_for(self) -> CommitteeMember | None:
        return self._roster.get(self.cleaned_data.get("substitute_for") or "")


MEMBER_ATTENDANCE = [("", "Not recorded"), *[(k, Attendance.Kind(k).label) for k in Attendance.MEMBER_KINDS]]


class RosterMemberForm(_RosterChoiceMixin, GovukForm):
    """One member's line of the roster. Labels name the member, for screen readers."""

    member = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label="Attendance", choices=MEMBER_ATTENDANCE, required=False, widget=forms.RadioSelect)
    substitute_for = forms.ChoiceField(label="Substitute for", required=False)
    declarations = forms.CharField(
        label="Declarations of interest", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 1})
    )

    def __init__(self, *args, roster: list, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_roster(roster)


OTHER_ATTENDANCE = [
    ("", "Choose"),
    (Attendance.Kind.OFFICER, "Officer present"),
    (Attendance.Kind.OTHER, "Also present"),
    (Attendance.Kind.SUBSTITUTE, "Substitute"),
]


class RosterOtherForm(_RosterChoiceMixin, GovukForm):
    name = forms.CharField(label="Name", max_length=200, required=False)
    kind = forms.ChoiceField(label="Attending as", choices=OTHER_ATTENDANCE, required=False)
    role = forms.CharField(label="Role (e.g. Chief Executive, OPCC)", max_length=200, required=False)
    representing = forms.CharField(label="Representing", max_length=200, required=False)
    substitute_for = forms.ChoiceField(label="Substitute for (a substitute only)", required=False)
    declarations = forms.CharField(
        label="Declarations of interest", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 1})
    )

    def __init__(self, *args, roster: list, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_roster(roster)

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any((data.get(f) or "") for f in ("name", "kind", "role", "representing", "declarations"))


RosterMemberFormSet = forms.formset_factory(RosterMemberForm, extra=0)
RosterOtherFormSet = forms.formset_factory(RosterOtherForm, extra=3)


class RosterVersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
