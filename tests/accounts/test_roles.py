"""The role × action matrix: every permission is enforced on the server, for pages, API and admin."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from grensloos.accounts.models import Role
from grensloos.programme.models import Milestone, ProgressUpdate, Project, ProjectComment

from ..factories import MilestoneFactory, UserFactory

ROLES = ["anonymous", "registered", "advisor", "analyst", "delegate_BE", "delegate_NL", "admin"]


def _user(role: str):  # noqa: ANN202
    if role == "anonymous":
        return None
    if role.startswith("delegate_"):
        return UserFactory(username=role.lower(), role=Role.DELEGATE, country=role.split("_")[1])
    return UserFactory(username=role, role=role)


@pytest.fixture
def as_role(client):  # noqa: ANN001, ANN201
    def login(role: str):  # noqa: ANN202
        user = _user(role)
        if user is not None:
            client.force_login(user)
        return client

    return login


def _outcome(response) -> str:  # noqa: ANN001
    """'ok' for success (2xx or a redirect that is not the login page), 'login', or 'denied'."""
    if response.status_code in (200, 201, 204):
        return "ok"
    if response.status_code == 302:
        return "login" if "/login/" in response["Location"] else "ok"
    if response.status_code in (401, 403):
        return "denied"
    return f"status {response.status_code}"


ALL_OK = {role: "ok" for role in ROLES}
SECRETARIAT = {**{r: "denied" for r in ROLES}, "anonymous": "login", "analyst": "ok", "admin": "ok"}


def _secretariat_api(anon: str = "denied") -> dict:
    return {**{r: "denied" for r in ROLES}, "anonymous": anon, "analyst": "ok", "admin": "ok"}


MATRIX = {
    "view programme overview": ALL_OK,
    "view project page": ALL_OK,
    "open progress form": SECRETARIAT,
    "post progress update": SECRETARIAT,
    "comment on a Belgian project": {**SECRETARIAT, "delegate_BE": "ok"},
    "view mid-term evaluation": {**SECRETARIAT, "delegate_BE": "ok", "delegate_NL": "ok"},
    "edit conclusions": SECRETARIAT,
    "view audit history": SECRETARIAT,
    "enrol two-factor login": {**{r: "ok" for r in ROLES}, "anonymous": "login", "registered": "denied"},
    "API: read projects": ALL_OK,
    "API: create project": _secretariat_api(),
    "API: change project": _secretariat_api(),
    "API: delete milestone": _secretariat_api(),
    "API: read comments": {**_secretariat_api(), "delegate_BE": "ok", "delegate_NL": "ok"},
    "API: post progress update": _secretariat_api(),
    "API: comment on a Belgian project": {**_secretariat_api(), "delegate_BE": "ok"},
    "admin site": {**{r: "login" for r in ROLES}, "analyst": "ok", "admin": "ok"},
}


def _do(action: str, client, programme) -> object:  # noqa: ANN001, C901
    alpha = Project.objects.get(code="alpha")  # led by Belgium
    project_url = reverse("programme:project", kwargs={"code": programme.code, "project": "alpha"})
    api = APIClient()
    if "_auth_user_id" in client.session:
        from django.contrib.auth import get_user_model

        api.force_authenticate(get_user_model().objects.get(pk=client.session["_auth_user_id"]))
    match action:
        case "view programme overview":
            return client.get(reverse("programme:overview", kwargs={"code": programme.code}))
        case "view project page":
            return client.get(project_url)
        case "open progress form":
            return client.get(reverse("programme:progress-new", kwargs={"code": programme.code, "project": "alpha"}))
        case "post progress update":
            return client.post(
                reverse("programme:progress-new", kwargs={"code": programme.code, "project": "alpha"}),
                {"year": 2022, "quarter": 2, "rag": "green", "narrative": "Going well.", "language": "en"},
            )
        case "comment on a Belgian project":
            return client.post(
                reverse("programme:comment-new", kwargs={"code": programme.code, "project": "alpha"}),
                {"text": "Belgium agrees.", "language": "nl"},
            )
        case "view mid-term evaluation":
            return client.get(reverse("programme:evaluation", kwargs={"code": programme.code}))
        case "edit conclusions":
            return client.post(
                reverse("programme:conclusions", kwargs={"code": programme.code}),
                {"nl": "Conclusie", "fr": "", "de": "", "en": "Conclusion"},
            )
        case "view audit history":
            return client.get(reverse("core:audit"))
        case "enrol two-factor login":
            return client.get(reverse("accounts:two-factor"))
        case "API: read projects":
            return api.get("/api/programme/projects/")
        case "API: create project":
            return api.post(
                "/api/programme/projects/",
                {
                    "programme": programme.code,
                    "code": "new-project",
                    "status": "planned",
                    "title": {"nl": "Nieuw", "fr": "Nouveau", "de": "Neu", "en": "New"},
                },
                format="json",
            )
        case "API: change project":
            return api.patch(f"/api/programme/projects/{alpha.pk}/", {"status": "completed"}, format="json")
        case "API: delete milestone":
            milestone = MilestoneFactory(project=alpha)
            return api.delete(f"/api/programme/milestones/{milestone.pk}/")
        case "API: read comments":
            return api.get("/api/programme/comments/")
        case "API: post progress update":
            return api.post(
                "/api/programme/progress-updates/",
                {
                    "project": alpha.pk,
                    "year": 2022,
                    "quarter": 1,
                    "rag": "amber",
                    "narrative": "Delay.",
                    "language": "fr",
                },
                format="json",
            )
        case "API: comment on a Belgian project":
            return api.post(
                "/api/programme/comments/", {"project": alpha.pk, "text": "OK", "language": "de"}, format="json"
            )
        case "admin site":
            return client.get(reverse("admin:index"))
    raise AssertionError(action)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(MATRIX))
def test_role_action_matrix(action, role, as_role, programme) -> None:  # noqa: ANN001
    client = as_role(role)
    response = _do(action, client, programme)
    assert _outcome(response) == MATRIX[action][role], (action, role, response.status_code)


@pytest.mark.parametrize("role", ["anonymous", "registered", "advisor", "delegate_NL"])
def test_refused_writes_change_nothing(role, as_role, programme) -> None:  # noqa: ANN001
    client = as_role(role)
    before = (
        ProgressUpdate.objects.count(),
        ProjectComment.objects.count(),
        Project.objects.count(),
        Milestone.objects.count(),
    )
    for action in (
        "post progress update",
        "comment on a Belgian project",
        "API: create project",
        "API: post progress update",
        "API: comment on a Belgian project",
    ):
        _do(action, client, programme)
    assert (
        ProgressUpdate.objects.count(),
        ProjectComment.objects.count(),
        Project.objects.count(),
        Milestone.objects.count(),
    ) == before
    assert Project.objects.get(code="alpha").status == "ongoing"


def test_delegate_sees_only_comments_on_projects_of_their_country(programme) -> None:  # noqa: ANN001
    analyst = UserFactory(username="a1", role=Role.ANALYST)
    from grensloos.programme import services

    services.comment_on_project(analyst, Project.objects.get(code="alpha"), text="on BE project", language="en")
    services.comment_on_project(analyst, Project.objects.get(code="beta"), text="on NL project", language="en")
    api = APIClient()
    api.force_authenticate(UserFactory(username="dnl", role=Role.DELEGATE, country="NL"))
    texts = [c["text"] for c in api.get("/api/programme/comments/").json()["results"]]
    assert texts == ["on NL project"]
