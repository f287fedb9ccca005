"""Writes for bodies and the roles people hold at them (system administrators only). Every
service takes the acting user."""

from __future__ import annotations

from django.db import transaction

from .models import Body, BodyRole, User
from .permissions import require_site_admin
from .writing import stamp


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
