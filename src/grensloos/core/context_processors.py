from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url

from .i18n import current_language, language_name


def site(request: HttpRequest) -> dict:
    """Site-wide template values: the language switch and the mode banner."""
    path = request.get_full_path()
    switch = [
        {
            "code": code,
            "name": language_name(code, code).capitalize(),
            "url": translate_url(path, code),
            "current": code == current_language(),
        }
        for code in settings.LANGUAGE_CODES
    ]
    return {"language_switch": switch, "grensloos_mode": settings.MODE}
