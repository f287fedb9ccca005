"""Staff forms for meetings. Rules that need the database are enforced in services."""

from __future__ import annotations

from datetime import date

from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils import timezone

from openpcc.core.forms import DateInput, GovukForm
from openpcc.core.models import Body, Classification
from openpcc.plans.forms import PriorityMultipleChoiceField, priority_choice_queryset, theme_label
from openpcc.plans.models import Priority

from .models import AgendaItem, Attendance, Committee, CommitteeMember, Meeting


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
    """A coming meeting, said in full ("Wednesday 3 December 2026: Public meeting, theme:
    Victims"); the item's current meeting, if it is no longer one to plan for, says why."""

    today: date | None = None
    current_pk: int | None = None

    def label_from_instance(self, obj: Meeting) -> str:
        label = f"{obj.date:%A %-d %B %Y}: {obj.get_kind_display()}" + (f", theme: {obj.theme}" if obj.theme else "")
        if obj.pk == self.current_pk:
            why = [
                reason
                for reason, applies in (
                    ("cancelled", obj.status == Meeting.Status.CANCELLED),
                    ("already held", self.today is not None and obj.date < self.today),
                )
                if applies
            ]
            label += f" (planned now{': ' + ', '.join(why) if why else ''})"
        return label


def work_item_meetings(committee: Committee, *, current: Meeting | None = None, today: date | None = None):
    """The meetings a work programme item can be planned for: the committee's meetings from
    ``today`` on that are neither cancelled nor private briefings, and the item's current one."""
    today = today or timezone.localdate()
    wanted = Q(date__gte=today) & ~Q(status=Meeting.Status.CANCELLED) & ~Q(kind=Meeting.Kind.PRIVATE_BRIEFING)
    if current is not None:
        wanted |= Q(pk=current.pk)
    return committee.meetings.filter(wanted).select_related("committee").order_by("date", "start_time")


class WorkItemForm(GovukForm):
    meeting = MeetingChoice(
        queryset=Meeting.objects.none(),
        required=False,
        label="Planned for",
        empty_label="No meeting yet: a possible topic for a future report",
        help_text="The committee's coming meetings (not cancelled, not private briefings).",
    )
    title = forms.CharField(label="Item or topic", max_length=400)
    responsible = forms.CharField(label="Responsible", max_length=200, required=False, help_text="e.g. OPCC")
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, committee: Committee, current: Meeting | None = None, today: date | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        field.queryset = work_item_meetings(committee, current=current, today=today)
        field.today, field.current_pk = today or timezone.localdate(), current.pk if current else None


# --- the attendance roster: one form per member, one per other person, saved together --------

INCOMPLETE_FORM = "The form was incomplete; reload the page and try again."


class _RosterChoiceMixin:
    """``substitute_for`` chooses among the roster's members (given, so no query per line), never
    the line's own member; ``substitute_for_name`` keeps a "for" written in old minutes that names
    nobody on the roster (shown only when there is one)."""

    def _set_roster(self, roster: list[CommitteeMember], own: object = None) -> None:
        # Every line is read, changed or not: an unchanged line still says who was there.
        self.empty_permitted = False
        self._roster = {str(m.pk): m for m in roster if str(m.pk) != str(own or "")}
        self.fields["substitute_for"].choices = [("", "–"), *[(k, m.person.name) for k, m in self._roster.items()]]
        for name, field in self.fields.items():  # hints by this line's ids (GovukForm's have no prefix)
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"

    def clean_substitute_for(self) -> CommitteeMember | None:
        return self._roster.get(self.cleaned_data.get("substitute_for") or "")

    @property
    def shows_written_for(self) -> bool:
        return bool(self.initial.get("substitute_for_name") or (self.is_bound and self["substitute_for_name"].value()))

    def add_line_error(self, field: str, message: str) -> None:
        """A service's error about this line, on its field (one message a field, so one id)."""
        name = field if field in self.fields else None
        if name and self.errors.get(name):
            message = f"{' '.join(self.errors[name])} {message}"
            del self.errors[name]
        self.add_error(name, message)
        self.mark_errors()

    def mark_errors(self) -> None:
        """GOV.UK error styling, with the ids of this form's prefix (``id_members-0-kind-error``)."""
        for name in self.errors:
            field = self.fields.get(name)
            if field is None or isinstance(field.widget, (forms.RadioSelect, forms.CheckboxInput)):
                continue
            error_id = f"{self[name].auto_id}-error"
            described = field.widget.attrs.get("aria-describedby", "")
            if error_id in described:
                continue
            field.widget.attrs["aria-describedby"] = f"{described} {error_id}".strip()
            css = field.widget.attrs.get("class", "")
            suffix = "govuk-textarea--error" if "govuk-textarea" in css else "govuk-select--error"
            suffix = suffix if "govuk-textarea" in css or "govuk-select" in css else "govuk-input--error"
            field.widget.attrs["class"] = f"{css} {suffix}"

    def error_links(self, who: str) -> list[tuple[str, str]]:
        """(message, #id) for the error summary: each error linked to its field."""
        links = []
        for name, errors in self.errors.items():
            if name in self.fields:
                bound = self[name]
                target = (
                    f"{bound.auto_id}_0" if isinstance(self.fields[name].widget, forms.RadioSelect) else bound.auto_id
                )
                links.extend((e if e.startswith(who) else f"{who}: {e}", f"#{target}") for e in errors)
            else:
                links.extend((e if e.startswith(who) else f"{who}: {e}", "") for e in errors)
        return links


MEMBER_ATTENDANCE = [("", "Not recorded"), *[(k, Attendance.Kind(k).label) for k in Attendance.MEMBER_KINDS]]


class RosterMemberForm(_RosterChoiceMixin, GovukForm):
    """One member's line of the roster. Labels name the member, for screen readers."""

    member = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label="Attendance", choices=MEMBER_ATTENDANCE, required=False, widget=forms.RadioSelect)
    substitute_for = forms.ChoiceField(label="Substitute for", required=False)
    substitute_for_name = forms.CharField(
        label="Substitute for, as the minutes name them",
        max_length=200,
        required=False,
        help_text="Kept as the minutes give it: it names nobody on the roster. Choose the member instead if you know.",
    )
    declarations = forms.CharField(
        label="Declarations of interest", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 1})
    )

    def __init__(self, *args, roster: list, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_roster(roster, own=self.initial.get("member"))


# Officers and others present, and anyone recorded from old minutes who is not on the roster
# (kept as they were recorded: present, apologies, absent or a substitute).
OTHER_ATTENDANCE = [
    ("", "Choose"),
    (Attendance.Kind.OFFICER, "Officer present"),
    (Attendance.Kind.OTHER, "Also present"),
    (Attendance.Kind.SUBSTITUTE, "Substitute"),
    (Attendance.Kind.PRESENT, "Member present (not on the roster)"),
    (Attendance.Kind.APOLOGIES, "Apologies (not on the roster)"),
    (Attendance.Kind.ABSENT, "Absent (not on the roster)"),
]


class RosterOtherForm(_RosterChoiceMixin, GovukForm):
    name = forms.CharField(label="Name", max_length=200, required=False)
    kind = forms.ChoiceField(label="Attending as", choices=OTHER_ATTENDANCE, required=False)
    role = forms.CharField(label="Role (e.g. Chief Executive, OPCC)", max_length=200, required=False)
    representing = forms.CharField(label="Representing", max_length=200, required=False)
    substitute_for = forms.ChoiceField(label="Substitute for (a substitute only)", required=False)
    substitute_for_name = forms.CharField(
        label="Substitute for, as the minutes name them",
        max_length=200,
        required=False,
        help_text="Kept as the minutes give it: it names nobody on the roster. Choose the member instead if you know.",
    )
    declarations = forms.CharField(
        label="Declarations of interest", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 1})
    )

    def __init__(self, *args, roster: list, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_roster(roster)

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(
            (data.get(f) or "") for f in ("name", "kind", "role", "representing", "declarations", "substitute_for_name")
        )

    def visible_line_fields(self):
        """The fields shown: the written "for" only when there is one to keep."""
        return [f for f in self.visible_fields() if f.name != "substitute_for_name" or self.shows_written_for]


RosterMemberFormSet = forms.formset_factory(RosterMemberForm, extra=0)
RosterOtherFormSet = forms.formset_factory(RosterOtherForm, extra=3)


class RosterVersionForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    declarations_taken = forms.BooleanField(
        label="Declarations of interest were asked for at this meeting",
        required=False,
        help_text="The public page then says “None declared” when nobody made one.",
    )
