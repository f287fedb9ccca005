"""Forms for archive import: the upload, and one review form per kind of proposal. Lists
(attendance, questions, delivery leads) are edited as plain text, one entry per line, so a
reviewer can correct a whole list quickly."""

from __future__ import annotations

import re

from django import forms

from openpcc.core.forms import GovukForm

from .models import Proposal

ATTENDANCE_KINDS = {"present", "apologies", "substitute", "officer", "other"}
RESOLUTIONS = [
    ("", "None recorded"),
    ("noted", "Noted"),
    ("agreed", "Agreed"),
    ("approved", "Approved"),
    ("recommendation", "Recommendation made"),
    ("deferred", "Deferred"),
]


class UploadForm(GovukForm):
    file = forms.FileField(
        label="Paper or archive",
        help_text=(
            "A PDF, a Word document (.docx or .doc), RTF, a saved web page (.htm), a text file, "
            "or a zip of them (up to 200 MB; 50 MB a paper)."
        ),
    )


def _text(label: str, required: bool = False, help_text: str = "", rows: int = 0, max_length: int = 0):
    # Never required on the form: a reviewer can save part of a correction, and accepting says
    # exactly which field the paper did not give (services.REQUIRED).
    required = False
    if rows:
        return forms.CharField(
            label=label, required=required, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
        )
    return forms.CharField(label=label, required=required, help_text=help_text, max_length=max_length or 300)


def _confirm(label: str, help_text: str = "") -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, help_text=help_text)


def _fields_for(kind: str) -> dict[str, forms.Field]:
    if kind == Proposal.Kind.MEETING:
        return {
            "committee": _text("Committee or board", True, "Matched to an existing committee of this body by name."),
            "date": _text("Date", True, "For example 2017-09-06.", max_length=40),
            "venue": _text("Venue"),
            "start_time": _text("Start time", help_text="For example 14:00.", max_length=10),
            "end_time": _text("End time", max_length=10),
        }
    if kind == Proposal.Kind.ATTENDANCE:
        return {
            "people": _text(
                "People",
                True,
                "One person a line: kind | name | role | stood in for. Kinds: present, apologies, substitute, "
                "officer, other.",
                rows=14,
            )
        }
    if kind == Proposal.Kind.AGENDA_ITEM:
        return {
            "number": _text("Item number", True, max_length=12),
            "title": _text("Title", True),
            "minutes": _text("Minutes", rows=6),
            "questions": _text(
                "Questions and points raised",
                help_text="Each starts on its own line with its letter, e.g. “a) …”.",
                rows=10,
            ),
            "resolution": forms.ChoiceField(label="Resolution", choices=RESOLUTIONS, required=False),
            "resolution_text": _text("Wording of the resolution", rows=4),
            "resolution_reasons": _text("Reasons (needed for a recommendation)", rows=3),
        }
    if kind == Proposal.Kind.ACTION:
        return {
            "text": _text("Action", True, rows=3),
            "owner": _text("Owner", True),
            "item_title": _text("Minute item", help_text="The title of the item that raised it, if known."),
            "due_date": _text("Due date", help_text="For example 2017-11-15.", max_length=40),
        }
    if kind == Proposal.Kind.REPORT:
        return {
            "title": _text("Title", True),
            "to": _text("To (committee or board)", True),
            "report_date": _text("Meeting date", True, "For example 2020-05-26.", max_length=40),
            "agenda_number": _text("Agenda item number", max_length=12),
            "author": _text("From / report of"),
            "purpose": _text("Purpose", rows=5),
            "recommendations": _text("Recommendations", rows=5),
        }
    if kind == Proposal.Kind.DECISION:
        return {
            "reference": _text("Reference", help_text="As written, e.g. CPCC 2017-020. Leave blank for a draft."),
            "date": _text("Date of decision", max_length=40),
            "subject": _text("Subject", True),
            "decision": _text("Decision", True, rows=5),
        }
    if kind == Proposal.Kind.PLAN_ROW:
        return {
            "code": _text("Code", True, max_length=12),
            "theme": _text("Theme"),
            "text": _text("Priority", True, rows=4),
            "opcc_lead": _text("OPCC lead (initials)", max_length=20),
            "delivery_leads": _text("Delivery leads", help_text="One organisation a line.", rows=4),
            "update": _text("Update", rows=6),
            "status": _text("Delivery status", help_text="As in the plan's status key, e.g. green.", max_length=40),
        }
    raise ValueError(kind)


def initial_for(proposal: Proposal) -> dict:
    data = dict(proposal.data)
    if proposal.kind == Proposal.Kind.ATTENDANCE:
        data["people"] = "\n".join(
            " | ".join([p.get("kind", ""), p.get("name", ""), p.get("role", ""), p.get("substitute_for", "")]).rstrip(
                " |"
            )
            for p in data.get("people") or []
        )
    if proposal.kind == Proposal.Kind.AGENDA_ITEM:
        data["questions"] = "\n".join(f"{q['letter']}) {q['text']}" for q in data.get("questions") or [])
    if proposal.kind == Proposal.Kind.PLAN_ROW:
        data["delivery_leads"] = "\n".join(data.get("delivery_leads") or [])
    return data


OPTION_FIELDS = ("create_committee", "merge", "plan", "round")


class ReviewForm(GovukForm):
    """The fields of one proposal; ``data_for_service`` turns them back into the stored shape."""

    action = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, proposal: Proposal, plans=(), rounds=(), **kwargs):
        self.proposal = proposal
        super().__init__(*args, **kwargs)
        for name, field in _fields_for(proposal.kind).items():
            self.fields[name] = field
        if proposal.kind in (Proposal.Kind.MEETING, Proposal.Kind.REPORT):
            self.fields["create_committee"] = _confirm(
                "Create this committee if the body has none of this name",
                "Accepting never makes a committee unless you tick this.",
            )
        if proposal.kind == Proposal.Kind.MEETING:
            self.fields["merge"] = _confirm(
                "Merge into the existing meeting if the committee already has one on this date",
                "Its items, minutes and attendance are added where the meeting lacks them.",
            )
        if proposal.kind == Proposal.Kind.PLAN_ROW:
            self.fields["plan"] = forms.TypedChoiceField(
                label="Plan",
                coerce=int,
                required=False,
                choices=[("", "Choose a plan")] + [(p.pk, p.title) for p in plans],
                initial=plans[0].pk if len(plans) == 1 else "",
            )
            self.fields["round"] = forms.TypedChoiceField(
                label="Record the update in",
                coerce=int,
                required=False,
                empty_value=None,
                choices=[("", "Do not record the update")] + [(r.pk, f"{r.plan.title}: {r.name}") for r in rounds],
            )
        _style(self)  # the GOV.UK classes, for the fields added after the base constructor ran

    def mark_errors(self) -> None:
        # As GovukForm's, with the ids a prefixed form really has (one form a proposal on a page).
        for name in self.errors:
            field = self.fields.get(name)
            if field is None or isinstance(field.widget, (forms.CheckboxInput, forms.RadioSelect)):
                continue
            described = field.widget.attrs.get("aria-describedby", "")
            if "-error" in described:
                continue
            field.widget.attrs["aria-describedby"] = f"{described} {self[name].auto_id}-error".strip()
            css = field.widget.attrs.get("class", "")
            suffix = "govuk-textarea--error" if "govuk-textarea" in css else "govuk-input--error"
            if "govuk-select" in css:
                suffix = "govuk-select--error"
            field.widget.attrs["class"] = f"{css} {suffix}"

    def clean_people(self):
        rows = []
        for n, line in enumerate(self.cleaned_data["people"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")] + ["", "", ""]
            kind = parts[0].lower()
            if kind not in ATTENDANCE_KINDS:
                raise forms.ValidationError(
                    f"Line {n}: “{parts[0]}” is not a kind of attendance; "
                    "use present, apologies, substitute, officer or other."
                )
            if not parts[1]:
                raise forms.ValidationError(f"Line {n}: give the person's name.")
            rows.append({"kind": kind, "name": parts[1], "role": parts[2], "substitute_for": parts[3]})
        return rows

    def clean_questions(self):
        out: list[dict] = []
        for line in self.cleaned_data["questions"].splitlines():
            match = re.match(r"^\(?([a-z]{1,2})\)\s*(.*)$", line.strip())
            if match:
                out.append({"letter": match.group(1), "text": match.group(2)})
            elif line.strip():
                if not out:
                    raise forms.ValidationError("Start each question with its letter, e.g. “a) …”.")
                out[-1]["text"] = f"{out[-1]['text']} {line.strip()}".strip()
        return out

    def clean_delivery_leads(self):
        return [x.strip() for x in self.cleaned_data["delivery_leads"].splitlines() if x.strip()]

    def data_for_service(self) -> dict:
        skip = {"action", *OPTION_FIELDS}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}

    def options(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in OPTION_FIELDS}


class AcceptAllForm(GovukForm):
    """What to do with a proposed meeting accepted with all its parts at once."""

    create_committee = _confirm(
        "Create the committee if the body has none of this name",
        "Accepting never makes a committee unless you tick this.",
    )
    merge = _confirm(
        "Merge into the existing meeting if the committee already has one on this date",
        "Its items, minutes and attendance are added where the meeting lacks them.",
    )
    publish_history = _confirm(
        "Publish it as the record of a past meeting",
        "Held, papers published on the day they were due and minutes on the meeting's day: never flagged late.",
    )
    minutes_approved = _confirm(
        "Its minutes were approved at the committee's next meeting", "That meeting must be recorded already."
    )

    def options(self) -> dict:
        return dict(self.cleaned_data)


CONFIDENCES = [("", "Any"), ("0.9", "90% or more"), ("0.75", "75% or more"), ("0.5", "50% or more")]


class BulkForm(GovukForm):
    """Accept or reject the batch's proposals of one kind, at least this sure, in one go."""

    kind = forms.ChoiceField(label="Kind of proposal", required=False)
    min_confidence = forms.TypedChoiceField(
        label="How sure the importer was",
        choices=CONFIDENCES,
        coerce=float,
        empty_value=None,
        required=False,
        help_text="A proposal that gives no confidence is included only with “Any”.",
    )
    create_committee = _confirm("Create committees the body does not have yet (accepting only)")
    plan = forms.TypedChoiceField(label="Plan (for plan rows)", coerce=int, required=False, empty_value=None)
    action = forms.ChoiceField(
        choices=[("accept", "Accept"), ("reject", "Reject")],
        widget=forms.HiddenInput,
        error_messages={"required": "Press “Accept these” or “Reject these”."},
    )

    def __init__(self, *args, kinds=(), plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Every kind")] + [(k, f"{label} ({n})") for k, label, n in kinds]
        self.fields["plan"].choices = [("", "Choose a plan")] + [(p.pk, p.title) for p in plans]
        if len(plans) == 1:
            self.fields["plan"].initial = plans[0].pk


class HandProposalForm(GovukForm):
    """A meeting or a minute item a reviewer makes from a span of the file's text."""

    kind = forms.ChoiceField(
        label="Make a",
        choices=[(Proposal.Kind.MEETING, "Meeting"), (Proposal.Kind.AGENDA_ITEM, "Minute item")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the passage is a meeting or a minute item."},
    )
    passage = forms.CharField(
        label="The passage it comes from",
        help_text="Copy it from the text below (the meeting's heading, or the item and its minute).",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    committee = forms.CharField(label="Committee or board (for a meeting)", required=False, max_length=300)
    date = forms.CharField(
        label="Date (for a meeting)", required=False, max_length=40, help_text="For example 2017-09-06."
    )
    venue = forms.CharField(label="Venue (for a meeting)", required=False, max_length=300)
    parent = forms.TypedChoiceField(label="Meeting (for an item)", coerce=int, required=False, empty_value=None)
    number = forms.CharField(label="Item number (for an item)", required=False, max_length=12)
    title = forms.CharField(label="Item title (for an item)", required=False, max_length=300)

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "Choose the meeting")] + [(m.pk, m.label) for m in meetings]


def _style(form: forms.Form) -> None:
    from openpcc.core.forms import _CLASSES

    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput) or "class" in widget.attrs:
            continue
        css = next((c for cls, c in _CLASSES.items() if isinstance(widget, cls)), "govuk-input")
        widget.attrs["class"] = css
        if field.help_text:
            widget.attrs["aria-describedby"] = f"{form[name].auto_id}-hint"
