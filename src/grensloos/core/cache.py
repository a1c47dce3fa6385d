"""Caching of public pages for anonymous visitors.

A cached page is keyed by its full path (which carries the language), the day (some pages say what is late
*today*) and the platform's content version. The content version is the id of the newest audit entry:
every change to a domain record is audited (django-auditlog), so any change gives a new version and old
pages are simply never asked for again. Reading the version is one indexed query, so several app servers
with their own local caches stay correct without talking to each other.

Signed-in users, requests with a message to show, and responses that set cookies are never cached.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from auditlog.models import LogEntry
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

TIMEOUT = 60 * 60


def content_version() -> int:
    return LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _key(request: HttpRequest) -> str:
    raw = f"{request.get_full_path()}|{timezone.localdate().isoformat()}|{content_version()}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's response from the cache to anonymous GET requests."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:  # noqa: ANN002, ANN003
        if request.method != "GET" or request.user.is_authenticated or "messages" in request.COOKIES:
            return view(request, *args, **kwargs)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            content, content_type, language = cached
            response = HttpResponse(content, content_type=content_type)
            response["Content-Language"] = language
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        if response.status_code == 200 and not response.cookies and not response.streaming:
            cache.set(key, (response.content, response["Content-Type"], request.LANGUAGE_CODE), TIMEOUT)
        return response

    return wrapper
