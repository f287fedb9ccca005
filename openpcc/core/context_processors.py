"""Template context every page needs: the site name and the signed-in user's bodies."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    # The one inline script; settings.CONTENT_SECURITY_POLICY allows it by its hash.
    return {"site_name": settings.OPENPCC_SITE_NAME, "js_enabled_script": settings.JS_ENABLED_SCRIPT}
