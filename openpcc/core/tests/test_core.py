"""Bodies, roles, publication and history: the shared mechanisms."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from openpcc.core import services as core_services
from openpcc.core.colours import contrast_ratio
from openpcc.core.history import history_entries
from openpcc.core.models import Body, Role
from openpcc.core.permissions import has_role, require_role, roles_for
from openpcc.plans.models import Plan, Priority, Update
from tests.factories import actor, body_make, user_make

pytestmark = pytest.mark.django_db


def test_contrast_ratio_matches_wcag_examples():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#767676", "#ffffff"), 2) == 4.54


def test_brand_colour_must_keep_white_text_readable():
    with pytest.raises(ValidationError) as exc:
        core_services.body_create(
            slug="pale", name="Pale body", kind=Body.Kind.PCC, brand_colour="#ffdd00", user=actor()
        )
    assert "contrast ratio" in str(exc.value)
    with pytest.raises(ValidationError):
        core_services.body_create(slug="bad", name="Bad colour", kind=Body.Kind.PCC, brand_colour="blue", user=actor())
    assert not Body.objects.exists()


def test_reserved_slugs_are_refused():
    with pytest.raises(ValidationError) as exc:
        core_services.body_create(slug="staff", name="Staff", kind=Body.Kind.OTHER, user=actor())
    assert "used by the site itself" in str(exc.value)


def test_roles_are_per_body():
    a, b = body_make("a-pcc"), body_make("b-pcc")
    user = user_make("u", (a, Role.EDITOR))
    assert roles_for(user, a) == {Role.EDITOR}
    assert not has_role(user, b, [Role.EDITOR])
    with pytest.raises(PermissionDenied) as exc:
        require_role(user, b, [Role.APPROVER], "publish")
    assert "B Pcc" in str(exc.value) and "Approver" in str(exc.value)


def test_published_needs_status_and_a_past_date(world):
    assert world.plan in Plan.objects.published()
    assert world.draft_plan not in Plan.objects.published()
    Plan.objects.filter(pk=world.draft_plan.pk).update(
        publication_status="published", published_at=timezone.now() + timedelta(days=1)
    )
    assert not Plan.objects.published().filter(pk=world.draft_plan.pk).exists()  # embargoed until then


def test_for_body_follows_each_models_path(world):
    assert set(Update.objects.for_body(world.other).values_list("round__plan__body", flat=True)) == {world.other.pk}
    assert Priority.objects.for_body(world.body).count() == 5


def test_exempt_needs_a_reason(world):
    world.plan.is_exempt = True
    with pytest.raises(ValidationError) as exc:
        world.plan.full_clean()
    assert "exempt_reason" in exc.value.message_dict


def test_history_entries_show_who_and_what(world, django_assert_max_num_queries):
    from openpcc.plans import services

    priority = Priority.objects.get(plan=world.plan, code="V1")
    for i in range(5):
        priority = services.priority_edit(
            priority=priority,
            expected_version=priority.version,
            user=world.editor,
            theme=priority.theme,
            code="V1",
            text=f"Wording {i}",
            opcc_lead=None,
            delivery_leads=[],
            notes="",
        )
    with django_assert_max_num_queries(4):
        entries = history_entries(priority)
    assert entries[0].who == str(world.editor) and entries[0].kind == "Changed"
    assert any(
        c.field == "Priority for action" and c.new == "Wording 4" and c.old == "Wording 3" for c in entries[0].changes
    )
    assert any(c.field == "OPCC lead" and c.new == "(blank)" for c in entries[-2].changes)
    assert entries[-1].kind == "Created"


def test_filterable_check_boxes_give_the_error_summary_a_target():
    """The error summary links to a field's id: the filterable check boxes carry it on their
    group (focusable), each option its own id, every label in full."""
    from django import forms

    from openpcc.core.forms import FilterableCheckboxSelectMultiple

    class Form(forms.Form):
        things = forms.MultipleChoiceField(
            choices=[
                ("Group A", [("1", "A1 — a label long enough to wrap on a phone screen")]),
                ("Group B", [("2", "B2")]),
            ],
            widget=FilterableCheckboxSelectMultiple(),
        )

    form = Form(data={})
    assert not form.is_valid()
    html = str(form["things"])
    assert f'id="{form["things"].auto_id}" tabindex="-1"' in html
    assert 'id="id_things_0' in html and "A1 — a label long enough to wrap on a phone screen" in html
    assert html.count("<fieldset") == 2


def test_a_saved_date_shows_again_in_its_date_picker():
    """A date input's value must be ISO, or the browser shows a saved date as blank on edit."""
    from datetime import date

    from django import forms

    from openpcc.core.forms import DateInput

    class Form(forms.Form):
        on = forms.DateField(widget=DateInput)

    html = str(Form(initial={"on": date(2017, 10, 1)})["on"])
    assert 'type="date"' in html and 'value="2017-10-01"' in html
