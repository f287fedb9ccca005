"""Template context every page needs: the site name and the signed-in user's bodies."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {"site_name": settings.OPENPCC_SITE_NAME}
