"""Writes for the organisations and people a body's records name. Every service takes the
acting user."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from openpcc.core.models import Body, User
from openpcc.core.permissions import CLERK_ROLES, require_role
from openpcc.core.writing import stamp

from .models import Appointment, Organisation, Person


@transaction.atomic
def organisation_create(
    *, body: Body, name: str, user: User, kind: str = Organisation.Kind.OTHER, short_name: str = ""
) -> Organisation:
    require_role(user, body, CLERK_ROLES, "add an organisation")
    org = Organisation(body=body, name=name, kind=kind, short_name=short_name)
    org.full_clean()
    stamp(org, user=user)
    org.save()
    return org


@transaction.atomic
def person_create(
    *, body: Body, name: str, user: User, initials: str = "", job_title: str = "", account: User | None = None
) -> Person:
    """A person the body's records name; ``account`` is their own sign-in, if they have one."""
    require_role(user, body, CLERK_ROLES, "add a person")
    person = Person(body=body, name=name, initials=initials, job_title=job_title, user=account)
    person.full_clean()
    stamp(person, user=user)
    person.save()
    return person


@transaction.atomic
def appointment_create(
    *,
    person: Person,
    kind: str,
    user: User,
    title: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
) -> Appointment:
    require_role(user, person.body, CLERK_ROLES, "record an appointment")
    appointment = Appointment(
        body=person.body, person=person, kind=kind, title=title, start_date=start_date, end_date=end_date
    )
    appointment.full_clean()
    stamp(appointment, user=user)
    appointment.save()
    return appointment
