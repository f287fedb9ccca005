"""Writes for bodies, organisations and people. Every service takes the acting user."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from openpcc.core.models import Body, BodyRole, User
from openpcc.core.permissions import CLERK_ROLES, require_role, require_site_admin
from openpcc.core.services import stamp

from .models import Appointment, Organisation, Person


@transaction.atomic
def body_create(
    *,
    slug: str,
    name: str,
    kind: str,
    user: User,
    short_name: str = "",
    area: str = "",
    description: str = "",
    website: str = "",
    brand_colour: str = "#1d4f91",
    scrutinises: Body | None = None,
) -> Body:
    require_site_admin(user, "add a body")
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
    stamp(body, user=user)
    body.save()
    return body


@transaction.atomic
def body_role_grant(*, grantee: User, body: Body, role: str, user: User) -> BodyRole:
    """Give ``grantee`` ``role`` at ``body``."""
    require_site_admin(user, "give a role at a body")
    grant = BodyRole.objects.filter(user=grantee, body=body, role=role).first()
    if grant is None:
        grant = BodyRole(user=grantee, body=body, role=role)
        stamp(grant, user=user)
        grant.save()
    return grant


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
