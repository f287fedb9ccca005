"""Writes for bodies, organisations and people."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from openpcc.core.models import Body, BodyRole, User

from .models import Appointment, Organisation, Person


@transaction.atomic
def body_create(
    *,
    slug: str,
    name: str,
    kind: str,
    short_name: str = "",
    area: str = "",
    description: str = "",
    website: str = "",
    brand_colour: str = "#1d4f91",
    scrutinises: Body | None = None,
) -> Body:
    body = Body(
        slug=slug,
        name=name,
        kind=kind,
        short_name=short_name,
        area=area,
        description=description,
        website=website,
        brand_colour=brand_colour,
        scrutinises=scrutinises,
    )
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def body_role_grant(*, user: User, body: Body, role: str) -> BodyRole:
    grant, _ = BodyRole.objects.get_or_create(user=user, body=body, role=role)
    return grant


@transaction.atomic
def organisation_create(
    *, body: Body, name: str, kind: str = Organisation.Kind.OTHER, short_name: str = ""
) -> Organisation:
    org = Organisation(body=body, name=name, kind=kind, short_name=short_name)
    org.full_clean()
    org.save()
    return org


@transaction.atomic
def person_create(
    *, body: Body, name: str, initials: str = "", job_title: str = "", user: User | None = None
) -> Person:
    person = Person(body=body, name=name, initials=initials, job_title=job_title, user=user)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def appointment_create(
    *, person: Person, kind: str, title: str = "", start_date: date | None = None, end_date: date | None = None
) -> Appointment:
    appointment = Appointment(
        body=person.body, person=person, kind=kind, title=title, start_date=start_date, end_date=end_date
    )
    appointment.full_clean()
    appointment.save()
    return appointment
