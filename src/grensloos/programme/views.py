"""HTTP layer of the work programme: thin views over ``queries`` and ``services``."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grensloos.core.cache import public_page
from grensloos.core.errors import DomainError
from grensloos.core.i18n import LANGUAGES, current_language
from grensloos.core.views import login_or_forbid

from . import queries, reports, services
from .forms import CommentForm, ConclusionsForm, ProgressUpdateForm
from .models import Project, ProjectStatus, StrategicLine, Territory, WorkProgramme


def _programme(code: str) -> WorkProgramme:
    return get_object_or_404(WorkProgramme, code=code)


@public_page
def index(request: HttpRequest) -> HttpResponse:
    programme = queries.current_programme()
    if programme is None:
        return render(request, "programme/empty.html")
    return overview(request, programme.code)


@public_page
def overview(request: HttpRequest, code: str) -> HttpResponse:
    programme = _programme(code)
    lines = list(queries.lines_with_projects(programme))
    projects = {p.pk: p for line in lines for theme in line.themes.all() for p in theme.projects.all()}
    return render(
        request,
        "programme/overview.html",
        {
            "programme": programme,
            "lines": lines,
            "status_counts": queries.status_counts(list(projects.values())),
            "plans": programme.annual_plans.order_by("year"),
        },
    )


@public_page
def line_detail(request: HttpRequest, code: str, number: int) -> HttpResponse:
    programme = _programme(code)
    line = queries.lines_with_projects(programme).filter(number=number).first()
    if line is None:
        raise Http404
    return render(
        request,
        "programme/line.html",
        {
            "programme": programme,
            "line": line,
            "trail": [(line.title, None)],
            "previous": StrategicLine.objects.filter(programme=programme, number__lt=number)
            .order_by("-number")
            .first(),
            "next": StrategicLine.objects.filter(programme=programme, number__gt=number).order_by("number").first(),
        },
    )


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 4 else None


@public_page
def project_list(request: HttpRequest, code: str) -> HttpResponse:
    programme = _programme(code)
    status = request.GET.get("status", "")
    filters = queries.ProjectFilters(
        line=_int_or_none(request.GET.get("line")),
        theme=request.GET.get("theme", "")[:5] or None,
        status=status if status in ProjectStatus.values else None,
        country=request.GET.get("country", "")[:30] or None,
        flagship=request.GET.get("flagship") == "1",
        q=request.GET.get("q", "")[:200],
    )
    projects = list(queries.project_list(programme, filters))
    return render(
        request,
        "programme/project_list.html",
        {
            "programme": programme,
            "projects": projects,
            "filters": filters,
            "trail": [(_("Projects"), None)],
            "lines": StrategicLine.objects.filter(programme=programme).order_by("number"),
            "statuses": ProjectStatus.choices,
            "territories": Territory.objects.filter(
                pk__in=Project.lead.through.objects.filter(project__programme=programme).values("territory_id")
            )
            | Territory.objects.filter(
                pk__in=Project.partners.through.objects.filter(project__programme=programme).values("territory_id")
            ),
        },
    )


@public_page
def project_detail(request: HttpRequest, code: str, project: str) -> HttpResponse:
    programme = _programme(code)
    try:
        obj = queries.project_detail(programme, project)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    user = request.user
    can_comment = user.has_perm("programme.add_projectcomment", obj)
    indicators = []
    for indicator in obj.indicators.all():
        latest = queries.latest_measurement(indicator)
        indicators.append(
            {"indicator": indicator, "latest": latest, "progress": indicator.progress(latest.value if latest else None)}
        )
    context = {
        "programme": programme,
        "project": obj,
        "trail": [(_("Projects"), reverse("programme:projects", kwargs={"code": programme.code})), (obj.title, None)],
        "indicators": indicators,
        "can_post_progress": user.has_perm("programme.add_progressupdate", obj),
        "can_comment": can_comment,
        "comments": obj.comments.order_by("created_at")
        if user.has_perm("programme.view_projectcomment", obj)
        else None,
        "comment_form": CommentForm() if can_comment else None,
        "can_view_audit": user.has_perm("core.view_audit"),
        "content_type_id": ContentType.objects.get_for_model(Project).pk,
        "milestone_rows": [(m, m.timeliness()) for m in obj.milestones.all()],
    }
    return render(request, "programme/project.html", context)


def progress_new(request: HttpRequest, code: str, project: str) -> HttpResponse:
    """Task-focused form for analysts: one quarterly progress update on one project."""
    programme = _programme(code)
    obj = get_object_or_404(Project, programme=programme, code=project)
    if not request.user.has_perm("programme.add_progressupdate", obj):
        return login_or_forbid(request)
    form = ProgressUpdateForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_progress(request.user, obj, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Your progress update was published."))
            return redirect("programme:project", code=programme.code, project=obj.code)
    trail = [
        (obj.title, reverse("programme:project", kwargs={"code": programme.code, "project": obj.code})),
        (_("New progress update"), None),
    ]
    return render(
        request,
        "programme/progress_form.html",
        {"programme": programme, "project": obj, "form": form, "trail": trail},
        status=400 if form.errors else 200,
    )


@require_POST
def comment_new(request: HttpRequest, code: str, project: str) -> HttpResponse:
    programme = _programme(code)
    obj = get_object_or_404(Project, programme=programme, code=project)
    if not request.user.has_perm("programme.add_projectcomment", obj):
        return login_or_forbid(request)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_on_project(request.user, obj, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your comment was added."))
    else:
        messages.error(
            request,
            _("The comment could not be added: %(errors)s")
            % {"errors": " ".join(e for errs in form.errors.values() for e in errs)},
        )
    return redirect(reverse("programme:project", kwargs={"code": programme.code, "project": obj.code}) + "#comments")


@public_page
def plan_detail(request: HttpRequest, code: str, year: int) -> HttpResponse:
    programme = _programme(code)
    try:
        plan = queries.annual_plan(programme, year)
    except programme.annual_plans.model.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "programme/plan.html",
        {
            "programme": programme,
            "plan": plan,
            "trail": [(plan.title, None)],
            "plans": programme.annual_plans.order_by("year"),
        },
    )


@public_page
def search(request: HttpRequest) -> HttpResponse:
    programme = queries.current_programme()
    text = request.GET.get("q", "")
    results = queries.search(programme, text) if programme else queries.SearchResults(query=text)
    return render(request, "programme/search.html", {"programme": programme, "results": results})


def _as_of(request: HttpRequest) -> datetime.date | None:
    value = request.GET.get("as_of", "")
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def evaluation(request: HttpRequest, code: str) -> HttpResponse:
    """The mid-term evaluation for staff, with downloads and the conclusions editor."""
    programme = _programme(code)
    if not request.user.has_perm("programme.view_midterm_report", programme):
        return login_or_forbid(request)
    context = reports.midterm_context(programme, _as_of(request))
    context.update(
        {
            "programme": programme,
            "can_edit": request.user.has_perm("programme.edit_conclusions", programme),
            "trail": [(_("Mid-term evaluation"), None)],
            "as_of_value": request.GET.get("as_of", ""),
            "languages": LANGUAGES,
        }
    )
    return render(request, "programme/evaluation.html", context)


def evaluation_download(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    programme = _programme(code)
    if not request.user.has_perm("programme.view_midterm_report", programme):
        return login_or_forbid(request)
    lang = request.GET.get("lang", current_language())
    if lang not in LANGUAGES or fmt not in reports.FORMATS:
        raise Http404
    content = reports.render_midterm(programme, lang, fmt, _as_of(request))
    content_type = "application/pdf" if fmt == "pdf" else "text/html; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    filename = f"midterm-evaluation-{programme.code}-{lang}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def conclusions_edit(request: HttpRequest, code: str) -> HttpResponse:
    programme = _programme(code)
    if not request.user.has_perm("programme.edit_conclusions", programme):
        return login_or_forbid(request)
    midterm = getattr(programme, "midterm", None)
    initial = {lang: getattr(midterm, f"conclusions_{lang}") or "" for lang in LANGUAGES} if midterm else {}
    form = ConclusionsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_conclusions(request.user, programme, form.cleaned_data)
        messages.success(request, _("The conclusions were saved."))
        return redirect("programme:evaluation", code=programme.code)
    trail = [
        (_("Mid-term evaluation"), reverse("programme:evaluation", kwargs={"code": programme.code})),
        (_("Conclusions"), None),
    ]
    return render(
        request,
        "programme/conclusions_form.html",
        {"programme": programme, "form": form, "trail": trail},
        status=400 if form.errors else 200,
    )
