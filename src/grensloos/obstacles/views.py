"""HTTP layer of the obstacle register: public register and intake, the reporter's private pages, and the
staff's case handling. Thin views over ``queries`` and ``services``; permissions are django-rules."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited

from grensloos.core.cache import public_page
from grensloos.core.errors import DomainError
from grensloos.core.i18n import current_language
from grensloos.core.views import login_or_forbid

from . import forms, intake, notify, queries, services, suggest, workflow
from .models import (
    Attachment,
    GovernmentAnswer,
    MessageTemplate,
    Obstacle,
    PriorityItem,
    ReporterContact,
    Solution,
    Status,
)

PAGE_SIZE = 20
LIST_FIELDS = (
    "reference",
    "title",
    "language",
    "domain",
    "obstacle_type",
    "borders",
    "status",
    "reported_on",
    "support_count",
    "strategic_line",
)


def _form_error(form, exc: DomainError) -> None:  # noqa: ANN001
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


# Public register ---------------------------------------------------------------------------------------


@public_page
def register(request: HttpRequest) -> HttpResponse:
    form = forms.RegisterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = queries.public_register(filters)
    total, facets = queries.facets(qs, filters)
    rows = qs.select_related("strategic_line").only(*LIST_FIELDS).order_by("-reported_on", "-id")
    paginator = Paginator(rows, PAGE_SIZE)
    paginator.count = total  # known from the facet query; saves a second pass
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "obstacles/register.html",
        {"form": form, "page": page, "facets": facets, "query": query.urlencode(), "filters": filters},
        status=400 if form.errors else 200,
    )


def detail(request: HttpRequest, reference: str) -> HttpResponse:
    obstacle = get_object_or_404(
        Obstacle.objects.public().select_related("strategic_line", "theme", "parent"), reference=reference
    )
    if obstacle.status == Status.MERGED:  # never public itself, but be explicit
        raise Http404
    context = {
        "obstacle": obstacle,
        "timeline": obstacle.timeline.filter(public=True, kind="status"),
        "solution": Solution.objects.filter(obstacle=obstacle).first(),
        "merged": obstacle.children.filter(status=Status.MERGED).only("reference", "title", "language", "reported_on"),
        "sub_obstacles": obstacle.children.public(),
        "related": obstacle.related.public(),
        "projects": obstacle.projects.select_related("programme"),
        "answers": GovernmentAnswer.objects.filter(obstacle=obstacle),
        "similar": suggest.similar_to_obstacle(obstacle, top=5, public_only=True),
        "supported": obstacle.reference in request.session.get("supported", []),
    }
    return render(request, "obstacles/detail.html", context)


@require_POST
def support(request: HttpRequest, reference: str) -> HttpResponse:
    obstacle = get_object_or_404(Obstacle.objects.public(), reference=reference)
    done = request.session.get("supported", [])
    limited = is_ratelimited(
        request,
        group="obstacles-support",
        key="ip",
        rate=settings.OBSTACLES_SUPPORT_RATE,
        method="POST",
        increment=True,
    )
    if limited:
        return HttpResponse(_("Too many requests. Please try again later."), status=429)
    if reference not in done:
        services.support(obstacle)
        request.session["supported"] = [*done, reference][-200:]
        messages.success(request, _("Thank you. We have counted you among the people affected."))
    return redirect("obstacles:detail", reference=reference)


@public_page
def solutions(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200]
    domain = request.GET.get("domain", "")
    page = Paginator(queries.solved_library(query, domain), PAGE_SIZE).get_page(request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "obstacles/solutions.html",
        {"page": page, "q": query, "domain": domain, "domains": forms.Domain.choices, "query": kept.urlencode()},
    )


# Intake ------------------------------------------------------------------------------------------------


@never_cache
def report(request: HttpRequest) -> HttpResponse:
    form = forms.ReportForm(request.POST or None, request.FILES or None)
    similar: list = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        language = data["language"] or suggest.detect_language(f"{data['title']}\n{data['description']}")
        if "preview" in request.POST:  # "check for similar reports" without sending
            similar = suggest.similar_to_text(
                f"{data['title']}\n{data['description']}", language=language, top=5, public_only=True
            )
            if not similar:
                messages.info(request, _("We found no similar obstacle in the register."))
        elif is_ratelimited(
            request,
            group="obstacles-intake",
            key="ip",
            rate=settings.OBSTACLES_INTAKE_RATE,
            method="POST",
            increment=True,
        ):
            form.add_error(None, _("Too many reports from your connection. Please try again later."))
            return render(request, "obstacles/report_form.html", {"form": form}, status=429)
        else:
            try:
                intake.check_proof_of_work(data.get("altcha", ""))
                files = intake.check_attachments(data.get("attachments") or [])
                obstacle, token = services.submit_report(_report_from(data, language), files)
            except DomainError as exc:
                _form_error(form, exc)
            else:
                return redirect("obstacles:track", token=token)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "obstacles/report_form.html", {"form": form, "similar": similar}, status=status)


def _report_from(data: dict, language: str) -> services.Report:
    return services.Report(
        title=data["title"],
        description=data["description"],
        language=language,
        affected=data.get("affected") or [],
        borders=data.get("borders") or [],
        region=data.get("region") or "",
        contact_name=data.get("contact_name", ""),
        contact_email=data.get("contact_email", ""),
        contact_phone=data.get("contact_phone", ""),
        contact_organisation=data.get("contact_organisation", ""),
        contact_language=current_language(),
        consent_text=str(forms.CONSENT_TEXT),
        consent=bool(data.get("consent")),
    )


@never_cache
def challenge(request: HttpRequest) -> JsonResponse:
    """A fresh proof-of-work challenge for the intake form."""
    return JsonResponse(intake.new_challenge())


@never_cache
def track(request: HttpRequest, token: str) -> HttpResponse:
    """The reporter's private page: status, timeline and open questions (no login; the link is the key)."""
    obstacle = services.obstacle_for_token(token)
    if obstacle is None:
        raise Http404
    return render(
        request,
        "obstacles/track.html",
        {
            "obstacle": obstacle,
            "timeline": obstacle.timeline.filter(kind__in=("status", "info_requested", "info_received")),
            "public": obstacle.is_public,
            "tracking_url": request.build_absolute_uri(),
        },
    )


@never_cache
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The reporter answers a question of the Secretariat through an expiring link."""
    info = services.information_request_for_token(token)
    if info is None:
        raise Http404
    form = forms.AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_information(token, form.cleaned_data["answer"])
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Thank you. Your answer has been added to your report."))
            return redirect("obstacles:answer", token=token)
    return render(request, "obstacles/answer.html", {"info": info, "form": form})


# Staff -------------------------------------------------------------------------------------------------


def _case(request: HttpRequest, reference: str) -> Obstacle:
    obstacle = get_object_or_404(
        Obstacle.objects.select_related("assigned_to", "strategic_line", "parent"), reference=reference
    )
    if not request.user.has_perm("obstacles.view_case", obstacle):
        raise PermissionDenied
    return obstacle


def queue(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("obstacles.view_queue"):
        return login_or_forbid(request)
    filters = {
        "status": request.GET.get("status", "open"),
        "mine": request.GET.get("mine") == "1",
        "overdue": request.GET.get("overdue") == "1",
        "q": request.GET.get("q", "")[:200],
    }
    page = Paginator(queries.staff_queue(request.user, filters), 50).get_page(request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "obstacles/staff/queue.html",
        {
            "page": page,
            "filters": filters,
            "statuses": Status.choices,
            "today": timezone.localdate(),
            "query": kept.urlencode(),
        },
    )


def case(request: HttpRequest, reference: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    obstacle = _case(request, reference)
    user = request.user
    can_contact = user.has_perm("obstacles.view_contact", obstacle)
    text = f"{obstacle.title}\n{obstacle.description}"
    context = {
        "obstacle": obstacle,
        "timeline": obstacle.timeline.select_related("actor"),
        "contact": ReporterContact.objects.filter(obstacle=obstacle).first() if can_contact else None,
        "attachments": obstacle.attachments.all() if can_contact else [],
        "can_contact": can_contact,
        "solution": Solution.objects.filter(obstacle=obstacle).first(),
        "answers": GovernmentAnswer.objects.filter(obstacle=obstacle),
        "requests": obstacle.information_requests.all() if can_contact else [],
        "moves": [
            m
            for m in workflow.targets(obstacle.status)
            if user.has_perm("obstacles.start_triage" if m.who == workflow.INTAKE else "obstacles.decide", obstacle)
        ],
        "status_form": forms.StatusForm(),
        "assign_form": forms.AssignForm(initial={"assigned_to": obstacle.assigned_to_id}),
        "classify_form": forms.ClassifyForm(
            initial={
                "domain": obstacle.domain,
                "obstacle_type": obstacle.obstacle_type,
                "strategic_line": obstacle.strategic_line_id,
                "language": obstacle.language,
                "legal_references": obstacle.legal_references,
                "people_affected": obstacle.people_affected,
                "priority": obstacle.priority,
                "related": ", ".join(obstacle.related.values_list("reference", flat=True)),
                "theme": obstacle.theme_id,
                "projects": list(obstacle.projects.values_list("pk", flat=True)),
                "main_obstacle": obstacle.parent.reference if obstacle.parent_id else "",
            }
        ),
        "solution_form": forms.SolutionForm(initial={"language": obstacle.language}),
        "question_form": forms.QuestionForm(),
        "government_form": forms.GovernmentAnswerForm(
            initial={"year": timezone.localdate().year, "language": current_language()}
        ),
        "similar": _visible(user, suggest.similar_to_obstacle(obstacle, top=15))[:5],
        "suggested": suggest.classify(text, language=obstacle.language),
        "children": obstacle.children.all(),
        "perms_for": {
            p: user.has_perm(f"obstacles.{p}", obstacle)
            for p in ("assign", "classify", "record_solution", "request_information", "answer_as_government")
        },
    }
    return render(request, "obstacles/staff/case.html", context)


def _visible(user, matches: list) -> list:  # noqa: ANN001
    """Suggested cases the user may open: all for the Secretariat, else public ones and their own queue."""
    if user.has_perm("obstacles.decide"):
        return matches
    by_id = {o.pk: o for o in Obstacle.objects.filter(pk__in=[m.obstacle_id for m in matches])}
    return [
        m
        for m in matches
        if m.obstacle_id in by_id
        and (by_id[m.obstacle_id].is_public or user.has_perm("obstacles.view_case", by_id[m.obstacle_id]))
    ]


def _by_reference(references: list[str], field: str) -> list[Obstacle]:
    """The obstacles named, in the order given (blanks and repeats skipped); an unknown one is an error."""
    wanted = list(dict.fromkeys(r.strip() for r in references if r.strip()))
    found = {o.reference: o for o in Obstacle.objects.filter(reference__in=wanted)}
    missing = [r for r in wanted if r not in found]
    if missing:
        raise DomainError(_("Unknown reference: %(refs)s.") % {"refs": ", ".join(missing)}, field=field)
    return [found[r] for r in wanted]


def _act(request: HttpRequest, reference: str, form_class, action) -> HttpResponse:  # noqa: ANN001
    """Run one staff action from a POSTed form; errors come back as messages on the case page."""
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("obstacles:case", args=[reference]))
    obstacle = _case(request, reference)
    form = form_class(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect("obstacles:case", reference=reference)
    try:
        action(obstacle, form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved."))
    return redirect("obstacles:case", reference=reference)


@require_POST
def change_status(request: HttpRequest, reference: str) -> HttpResponse:
    def action(obstacle: Obstacle, data: dict) -> None:
        merge_into = None
        if data["target"] == Status.MERGED:
            merge_into = Obstacle.objects.filter(reference=data["merge_into"].strip()).first()
            if merge_into is None:
                raise DomainError(_("There is no obstacle with that reference."), field="merge_into")
        services.change_status(
            request.user,
            obstacle,
            data["target"],
            reason=data["reason"],
            merge_into=merge_into,
            escalated_to=data["escalated_to"],
        )

    return _act(request, reference, forms.StatusForm, action)


@require_POST
def assign(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        forms.AssignForm,
        lambda obstacle, data: services.assign(request.user, obstacle, data["assigned_to"]),
    )


@require_POST
def classify(request: HttpRequest, reference: str) -> HttpResponse:
    def action(obstacle: Obstacle, data: dict) -> None:
        related = _by_reference(data.pop("related").split(","), "related")
        main = next(iter(_by_reference([data.pop("main_obstacle")], "main_obstacle")), None)
        projects = data.pop("projects")
        services.classify(request.user, obstacle, related=related, projects=projects, parent=main, **data)

    return _act(request, reference, forms.ClassifyForm, action)


@require_POST
def record_solution(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        forms.SolutionForm,
        lambda obstacle, data: services.record_solution(request.user, obstacle, **data),
    )


@require_POST
def ask(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        forms.QuestionForm,
        lambda obstacle, data: services.request_information(request.user, obstacle, data["question"]),
    )


@require_POST
def government_answer(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        forms.GovernmentAnswerForm,
        lambda obstacle, data: services.answer_as_government(request.user, obstacle, **data),
    )


def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    item = get_object_or_404(Attachment.objects.select_related("obstacle"), pk=pk)
    if not request.user.has_perm("obstacles.view_contact", item.obstacle):
        raise PermissionDenied
    response = FileResponse(
        item.file.open("rb"), content_type=item.content_type, as_attachment=True, filename=item.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def priorities(request: HttpRequest, year: int) -> HttpResponse:
    if not request.user.has_perm("obstacles.manage_priorities"):
        return login_or_forbid(request)
    if not 2000 <= year <= 2100:
        raise Http404
    items = PriorityItem.objects.filter(year=year).select_related("obstacle")
    form = forms.PriorityForm(
        request.POST or None, initial={"references": "\n".join(i.obstacle.reference for i in items)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            chosen = _by_reference(form.cleaned_data["references"].splitlines(), "references")
            services.set_priorities(request.user, year, chosen)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("obstacles:priorities", year=year)
    answers = {(a.obstacle_id, a.country): a for a in GovernmentAnswer.objects.filter(year=year)}
    rows = [(i, [(c, answers.get((i.obstacle_id, c))) for c in ("BE", "NL", "LU")]) for i in items]
    return render(
        request,
        "obstacles/staff/priorities.html",
        {"form": form, "year": year, "rows": rows},
        status=400 if form.errors else 200,
    )


def templates_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("obstacles.edit_templates"):
        return login_or_forbid(request)
    stored = {t.status: t for t in MessageTemplate.objects.all()}
    rows = [(value, label, stored.get(value)) for value, label in Status.choices]
    return render(request, "obstacles/staff/templates.html", {"rows": rows})


def template_edit(request: HttpRequest, status: str) -> HttpResponse:
    if not request.user.has_perm("obstacles.edit_templates"):
        return login_or_forbid(request)
    if status not in Status.values:
        raise Http404
    template = MessageTemplate.objects.filter(status=status).first()
    initial = {}
    for lang in ("nl", "fr", "de", "en"):
        if template is not None:
            initial[f"subject_{lang}"] = getattr(template, f"subject_{lang}")
            initial[f"body_{lang}"] = getattr(template, f"body_{lang}")
        else:
            from django.utils import translation

            with translation.override(lang):
                initial[f"subject_{lang}"], initial[f"body_{lang}"] = notify.default_texts(status)
    form = forms.TemplateForm(request.POST or None, initial=initial)
    previews = []
    if request.method == "POST" and form.is_valid():
        candidate = template or MessageTemplate(status=status)
        for name, value in form.cleaned_data.items():
            setattr(candidate, name, value)
        if "save" in request.POST:
            candidate.full_clean()
            candidate.save()
            messages.success(request, _("Saved."))
            return redirect("obstacles:templates")
        template = candidate
    sample = Obstacle(reference="OBS-2026-00042", title=_("Example obstacle"), language="en")
    for lang, name in forms.Language.choices:
        ctx = notify.context_for(
            sample, status=status, reason=_("Example reason."), link="https://…/track/…", lang=lang
        )
        previews.append((lang, name, *notify.render(status, lang, ctx, template=template)))
    return render(
        request, "obstacles/staff/template_edit.html", {"form": form, "status": Status(status), "previews": previews}
    )
