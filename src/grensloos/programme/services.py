"""Use cases that change the work programme. Each checks permission, validates, and writes atomically.

Audit entries are written by django-auditlog for every saved record; the actor is the request's user (set
by the auditlog middleware) or the ``user`` passed here when a command runs outside a request.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grensloos.core.audit import acting_as
from grensloos.core.errors import DomainError, require, validate
from grensloos.core.i18n import LANGUAGES

from . import exchange
from .models import MidtermEvaluation, ProgressUpdate, Project, ProjectComment, WorkProgramme


@transaction.atomic
def record_progress(
    user,
    project: Project,
    *,
    year: int,
    quarter: int,
    rag: str,
    narrative: str,  # noqa: ANN001
    language: str,
) -> ProgressUpdate:
    """An analyst reports on a project for one quarter."""
    require(user, "programme.add_progressupdate", project)
    programme = project.programme
    if year not in programme.years:
        raise DomainError(
            _("The year must fall within the programme period (%(start)s–%(end)s).")
            % {"start": programme.start_year, "end": programme.end_year},
            field="year",
        )
    today = timezone.localdate()
    if (year, quarter) > (today.year, (today.month - 1) // 3 + 1):
        raise DomainError(_("Progress cannot be reported for a quarter that has not started yet."), field="quarter")
    update = ProgressUpdate(
        project=project,
        year=year,
        quarter=quarter,
        rag=rag,
        narrative=narrative.strip(),
        language=language,
        author=user,
        author_name=user.display_name,
    )
    validate(update)
    with acting_as(user):
        update.save()
    return update


@transaction.atomic
def comment_on_project(user, project: Project, *, text: str, language: str) -> ProjectComment:  # noqa: ANN001
    """A delegate (for a project of their country) or the Secretariat leaves a note on a project."""
    require(user, "programme.add_projectcomment", project)
    comment = ProjectComment(
        project=project,
        author=user,
        author_name=user.display_name,
        country=getattr(user, "country", ""),
        text=text.strip(),
        language=language,
    )
    validate(comment)
    with acting_as(user):
        comment.save()
    return comment


@transaction.atomic
def save_conclusions(user, programme: WorkProgramme, texts: dict[str, str]) -> MidtermEvaluation:  # noqa: ANN001
    """Edit the conclusions of the mid-term evaluation, in one or more languages."""
    require(user, "programme.edit_conclusions", programme)
    unknown = set(texts) - set(LANGUAGES)
    if unknown:
        raise DomainError(_("Unknown language."), field="language")
    evaluation, _created = MidtermEvaluation.objects.get_or_create(programme=programme)
    for lang, text in texts.items():
        setattr(evaluation, f"conclusions_{lang}", text.strip())
    evaluation.updated_by = user
    validate(evaluation)
    with acting_as(user):
        evaluation.save()
    return evaluation


def import_programme(document: dict, *, mode: str = "create", user=None) -> WorkProgramme:  # noqa: ANN001
    """Import a programme exchange document (see ``exchange``); the audit names ``user`` if given."""
    with acting_as(user):
        return exchange.import_programme(document, mode=mode)
