"""The annual report of the register for staff: the page, and downloads as HTML or PDF in any language."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from grensloos.core.i18n import LANGUAGES, current_language

from . import reports


@login_required
def annual_report(request: HttpRequest, year: int) -> HttpResponse:
    """GET the report for ``year`` as a page; ``?format=html|pdf`` (and ``&lang=``) downloads the document."""
    if not request.user.has_perm("obstacles.view_report"):
        raise PermissionDenied
    try:
        reports.check_year(year)
    except ValueError as exc:
        raise Http404(str(exc)) from exc

    other = request.GET.get("year", "")
    if other.isdigit() and int(other) != year and request.resolver_match:
        return redirect(reverse(request.resolver_match.view_name, args=[int(other)]))

    fmt = request.GET.get("format", "")
    if fmt:
        lang = request.GET.get("lang", current_language())
        if fmt not in reports.FORMATS or lang not in LANGUAGES:
            raise Http404
        content = reports.render_annual(year, lang, fmt)
        content_type = "application/pdf" if fmt == "pdf" else "text/html; charset=utf-8"
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="obstacles-annual-report-{year}-{lang}.{fmt}"'
        return response

    context = reports.annual_context(year, current_language())
    context.update(
        {
            "languages": LANGUAGES,
            "first_year": str(reports.FIRST_YEAR),
            "last_year": str(reports.last_year()),
        }
    )
    return render(request, "obstacles/report/report_page.html", context)
