"""The programme API: open data with filters, translated texts, public/private split, validated writes."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from grensloos.accounts.models import Role
from grensloos.programme import services
from grensloos.programme.models import Milestone, ProgressUpdate, Project

from ..factories import UserFactory


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def analyst_api(db) -> APIClient:  # noqa: ANN001
    client = APIClient()
    client.force_authenticate(UserFactory(username="an", role=Role.ANALYST, first_name="Ana"))
    return client


def test_projects_are_open_data_with_filters(api, demo) -> None:  # noqa: ANN001
    data = api.get("/api/programme/projects/?programme=2021-2024&limit=500").json()
    assert data["count"] == Project.objects.count()
    item = next(p for p in data["results"] if p["code"] == "maas-nrw")
    assert set(item["title"]) == {"nl", "fr", "de", "en"}
    assert "DEA" in item["partners"] and "1.6" in item["themes"]
    flagship = api.get("/api/programme/projects/?flagship=true&limit=500").json()
    assert {p["code"] for p in flagship["results"]} == set(
        Project.objects.filter(flagship=True).values_list("code", flat=True)
    )
    by_theme = api.get("/api/programme/projects/?theme=4.2").json()["results"]
    assert "cross-border-ambulance" in {p["code"] for p in by_theme}
    by_country = api.get("/api/programme/projects/?country=DEA&limit=500").json()["results"]
    assert "maas-nrw" in {p["code"] for p in by_country} and all("DEA" in p["lead"] + p["partners"] for p in by_country)
    assert api.get("/api/programme/projects/?theme=nonsense").json()["count"] == 0


def test_programme_lines_and_plans(api, demo) -> None:  # noqa: ANN001
    programme = api.get("/api/programme/programmes/2021-2024/").json()
    assert programme["title"]["nl"].startswith("Gemeenschappelijk")
    lines = api.get("/api/programme/lines/?programme=2021-2024").json()["results"]
    assert [line["number"] for line in lines] == [1, 2, 3, 4, 5]
    plans = api.get("/api/programme/annual-plans/?programme=2021-2024").json()["results"]
    assert [(p["year"], p["presidency"]) for p in plans] == [(2021, "BE"), (2022, "LU"), (2023, "NL"), (2024, "BE")]
    assert all(p["priorities"] for p in plans)
    territory = api.get("/api/programme/territories/BE/").json()
    assert territory["name"] == {"nl": "België", "fr": "Belgique", "de": "Belgien", "en": "Belgium"}


def test_progress_author_is_not_public(api, analyst_api, demo) -> None:  # noqa: ANN001
    project = Project.objects.get(code="startpunt-grensarbeid")
    created = analyst_api.post(
        "/api/programme/progress-updates/",
        {
            "project": project.pk,
            "year": 2023,
            "quarter": 4,
            "rag": "green",
            "narrative": "Nieuwe module live.",
            "language": "nl",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["author_name"] == "Ana"
    public = api.get(f"/api/programme/progress-updates/?project={project.pk}").json()["results"]
    assert public and all("author_name" not in u for u in public)
    assert "Ana" not in api.get(f"/api/programme/progress-updates/{created.json()['uuid']}/").content.decode()
    private = analyst_api.get(f"/api/programme/progress-updates/?project={project.pk}").json()["results"]
    assert any(u.get("author_name") == "Ana" for u in private)


def test_comments_have_no_public_access(api, demo) -> None:  # noqa: ANN001
    analyst = UserFactory(username="an2", role=Role.ANALYST)
    services.comment_on_project(analyst, Project.objects.first(), text="CANARY-COMMENT-7731", language="en")
    assert api.get("/api/programme/comments/").status_code in (401, 403)
    assert "CANARY-COMMENT-7731" not in api.get("/api/programme/projects/?limit=500").content.decode()


def test_write_errors_name_the_field(analyst_api, demo) -> None:  # noqa: ANN001
    before = Project.objects.count()
    response = analyst_api.post(
        "/api/programme/projects/",
        {
            "programme": "2021-2024",
            "code": "startpunt-grensarbeid",
            "status": "finished",
            "title": {"nl": "x", "fr": "x", "de": "x"},
            "themes": ["9.9"],
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert "status" in errors and "title" in errors
    assert Project.objects.count() == before
    response = analyst_api.post(
        "/api/programme/projects/",
        {
            "programme": "2021-2024",
            "code": "new-one",
            "status": "planned",
            "themes": ["9.9"],
            "title": {"nl": "Nieuw", "fr": "Nouveau", "de": "Neu", "en": "New"},
        },
        format="json",
    )
    assert response.status_code == 400 and "themes" in response.json()
    response = analyst_api.post(
        "/api/programme/projects/",
        {
            "programme": "2021-2024",
            "code": "new-one",
            "status": "planned",
            "themes": ["1.3"],
            "lead": ["BE", "LU"],
            "start_date": "2023-05-01",
            "end_date": "2022-01-01",
            "title": {"nl": "Nieuw", "fr": "Nouveau", "de": "Neu", "en": "New"},
        },
        format="json",
    )
    assert response.status_code == 400 and "end_date" in response.json()
    assert Project.objects.count() == before


def test_write_creates_and_audits(analyst_api, demo) -> None:  # noqa: ANN001
    from auditlog.models import LogEntry

    response = analyst_api.post(
        "/api/programme/projects/",
        {
            "programme": "2021-2024",
            "code": "new-one",
            "status": "planned",
            "themes": ["1.3"],
            "lead": ["BE", "LU"],
            "title": {"nl": "Nieuw", "fr": "Nouveau", "de": "Neu", "en": "New"},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    project = Project.objects.get(code="new-one")
    assert [t.code for t in project.themes.all()] == ["1.3"]
    assert sorted(project.lead.values_list("code", flat=True)) == ["BE", "LU"]
    entry = LogEntry.objects.get_for_object(project).latest("timestamp")
    assert entry.actor.username == "an"
    patched = analyst_api.patch(
        f"/api/programme/projects/{project.pk}/", {"title": {"de": "Neues Projekt"}}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["title"]["nl"] == "Nieuw"
    change = LogEntry.objects.get_for_object(project).latest("timestamp")
    assert change.changes_dict["title_de"] == ["Neu", "Neues Projekt"]


def test_milestone_invariant_via_api(analyst_api, demo) -> None:  # noqa: ANN001
    project = Project.objects.get(code="gas-platform")
    response = analyst_api.post(
        "/api/programme/milestones/",
        {
            "project": project.pk,
            "code": "x",
            "planned_date": "2022-01-01",
            "status": "achieved",
            "title": {"nl": "a", "fr": "a", "de": "a", "en": "a"},
        },
        format="json",
    )
    assert response.status_code == 400 and "actual_date" in response.json()
    assert not Milestone.objects.filter(project=project, code="x").exists()


def test_future_progress_is_refused(analyst_api, demo) -> None:  # noqa: ANN001
    project = Project.objects.get(code="gas-platform")
    before = ProgressUpdate.objects.count()
    response = analyst_api.post(
        "/api/programme/progress-updates/",
        {"project": project.pk, "year": 2020, "quarter": 1, "rag": "green", "narrative": "x", "language": "en"},
        format="json",
    )
    assert response.status_code == 400 and "year" in response.json()
    assert ProgressUpdate.objects.count() == before


def test_huge_paging_values_are_clamped(api, demo) -> None:  # noqa: ANN001
    response = api.get("/api/programme/projects/?limit=1825407298319441394340462592&offset=99999999999999999999999")
    assert response.status_code == 200 and response.json()["results"] == []
    assert len(api.get("/api/programme/projects/?limit=100000").json()["results"]) == Project.objects.count()
