from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.generic import ListView, TemplateView

from .audit import entry_changes


def login_or_forbid(request: HttpRequest) -> HttpResponse:
    """For a page the user may not see: the login page if nobody is signed in, else 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


class HomeView(TemplateView):
    template_name = "core/home.html"

    def get_context_data(self, **kwargs):  # noqa: ANN003, ANN201
        from grensloos.programme import queries as programme_queries

        context = super().get_context_data(**kwargs)
        context["programme"] = programme_queries.current_programme()
        return context


class AboutView(TemplateView):
    template_name = "core/about.html"


class ApiIntroView(TemplateView):
    """What the open-data API offers, in the visitor's language; the reference itself is generated."""

    template_name = "core/api.html"


class AuditListView(PermissionRequiredMixin, ListView):
    """Every recorded change to domain records, newest first, filterable by record type and actor."""

    permission_required = "core.view_audit"
    template_name = "core/audit_list.html"
    paginate_by = 50
    raise_exception = False

    def handle_no_permission(self):  # noqa: ANN201
        if self.request.user.is_authenticated:
            raise PermissionDenied
        return super().handle_no_permission()

    def get_queryset(self):  # noqa: ANN201
        qs = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
        ct = self.request.GET.get("type", "")
        if ct.isdigit():
            qs = qs.filter(content_type_id=int(ct))
        actor = self.request.GET.get("actor", "").strip()
        if actor:
            qs = qs.filter(actor__username=actor)
        return qs

    def get_context_data(self, **kwargs):  # noqa: ANN003, ANN201
        context = super().get_context_data(**kwargs)
        used = LogEntry.objects.values_list("content_type_id", flat=True).distinct()
        context["types"] = sorted(ContentType.objects.filter(pk__in=list(used)), key=lambda c: str(c))
        context["rows"] = [(entry, entry_changes(entry)) for entry in context["object_list"]]
        context["selected_type"] = self.request.GET.get("type", "")
        context["actor"] = self.request.GET.get("actor", "")
        return context


def object_history(request: HttpRequest, content_type_id: int, object_pk: str) -> HttpResponse:
    if not request.user.has_perm("core.view_audit"):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    try:
        ct = ContentType.objects.get(pk=content_type_id)
    except ContentType.DoesNotExist as exc:
        raise Http404 from exc
    entries = (
        LogEntry.objects.filter(content_type=ct, object_pk=object_pk).select_related("actor").order_by("-timestamp")
    )
    if not entries.exists():
        raise Http404
    rows = [(entry, entry_changes(entry)) for entry in entries]
    return render(
        request, "core/object_history.html", {"content_type": ct, "rows": rows, "object_repr": entries[0].object_repr}
    )
