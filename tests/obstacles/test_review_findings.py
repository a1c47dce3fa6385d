"""Regression tests for the problems a review of the obstacle register found."""

from __future__ import annotations

import base64
import json

import pytest
from django.urls import reverse

from grensloos.core.errors import DomainError
from grensloos.obstacles import services, suggest
from grensloos.obstacles.models import Obstacle, ReporterContact, Status

pytestmark = pytest.mark.django_db

REPORT = {
    "title": "Grensarbeiders krijgen geen kinderbijslag",
    "description": "Een grensarbeider die in Nederland woont en in België werkt wacht maanden op kinderbijslag.",
    "borders": ["BE-NL"],
}


def test_suggestions_of_non_public_cases_only_for_the_secretariat(client, staff, make_obstacle):  # noqa: ANN001
    make_obstacle(
        status=Status.RECEIVED,
        title="Geheime melding over kinderbijslag voor grensarbeiders",
        description="Kinderbijslag voor grensarbeiders in België komt te laat.",
        language="nl",
    )
    suggest.reset_index()
    body = {"text": REPORT["title"] + " " + REPORT["description"], "top": 5}
    for role, sees in (("delegate_be", False), ("advisor", False), ("registered", False), ("analyst", True)):
        client.force_login(staff[role])
        titles = [
            m["title"]
            for m in client.post("/api/obstacles/suggest", body, content_type="application/json").json()["similar"]
        ]
        assert any("Geheime melding" in t for t in titles) is sees, role


def test_case_page_suggests_only_cases_the_user_may_open(client, staff, make_obstacle):  # noqa: ANN001
    make_obstacle(status=Status.RECEIVED, title="Geheime melding over ambulances aan de grens")
    escalated = make_obstacle(status=Status.ESCALATED, escalated_to="BE", title="Ambulances mogen de grens niet over")
    suggest.reset_index()
    client.force_login(staff["delegate_be"])
    body = client.get(reverse("obstacles:case", args=[escalated.reference])).content.decode()
    assert "Geheime melding" not in body


def test_non_public_main_obstacle_is_not_shown(client, staff, make_obstacle):  # noqa: ANN001
    rejected = make_obstacle(status=Status.REJECTED, title="Rejected report nobody may see")
    accepted = make_obstacle(status=Status.ACCEPTED)
    with pytest.raises(DomainError):
        services.classify(staff["analyst"], accepted, parent=rejected)
    Obstacle.objects.filter(pk=accepted.pk).update(parent=rejected)  # as if it happened before the check
    assert "Rejected report" not in client.get(reverse("obstacles:detail", args=[accepted.reference])).content.decode()
    assert client.get(f"/api/obstacles/{accepted.reference}").json()["main_obstacle"] is None


def test_api_intake_is_rate_limited(client, solve_pow, settings):  # noqa: ANN001
    settings.OBSTACLES_INTAKE_RATE = "2/h"
    codes = [
        client.post(
            "/api/obstacles/reports", {**REPORT, "altcha": solve_pow()}, content_type="application/json"
        ).status_code
        for _ in range(3)
    ]
    assert codes == [201, 201, 429]
    assert Obstacle.objects.count() == 2


def test_a_solution_cannot_be_replayed_in_another_encoding(client, solve_pow):  # noqa: ANN001
    payload = solve_pow()
    again = base64.b64encode(json.dumps(json.loads(base64.b64decode(payload)), indent=1).encode()).decode()
    post = client.post
    assert (
        post("/api/obstacles/reports", {**REPORT, "altcha": payload}, content_type="application/json").status_code
        == 201
    )
    assert (
        post("/api/obstacles/reports", {**REPORT, "altcha": again}, content_type="application/json").status_code == 400
    )


def test_classify_does_not_undo_a_concurrent_status_change(staff, make_obstacle):  # noqa: ANN001
    stale = make_obstacle(status=Status.TRIAGE)
    services.change_status(staff["analyst"], Obstacle.objects.get(pk=stale.pk), Status.ACCEPTED)
    services.classify(staff["analyst"], stale, domain="taxation", obstacle_type="legal")  # holds the old status
    stale.refresh_from_db()
    assert (stale.status, stale.domain) == (Status.ACCEPTED, "taxation") and stale.accepted_on


@pytest.mark.parametrize("year", [0, 1999, 2101])
def test_priorities_outside_the_years_is_not_found(client, staff, year):  # noqa: ANN001
    client.force_login(staff["analyst"])
    assert client.get(f"/en/obstacles/staff/priorities/{year}/").status_code == 404


def test_queue_pages_keep_their_filters(client, staff, make_obstacle):  # noqa: ANN001
    for _ in range(55):
        make_obstacle(status=Status.RECEIVED)
    make_obstacle(status=Status.ANALYSIS, title="Analysed case that must not appear")
    client.force_login(staff["analyst"])
    page = client.get(reverse("obstacles:queue"), {"status": "received"}).content.decode()
    assert "status=received" in page and "page=2" in page
    page2 = client.get(reverse("obstacles:queue"), {"status": "received", "page": 2}).content.decode()
    assert "Analysed case" not in page2


def test_back_to_analysis_ends_the_escalation(staff, make_obstacle):  # noqa: ANN001
    obstacle = make_obstacle(status=Status.ESCALATED, escalated_to="BE")
    services.change_status(staff["analyst"], obstacle, Status.ANALYSIS)
    obstacle.refresh_from_db()
    assert obstacle.escalated_to == ""
    assert not staff["delegate_be"].has_perm("obstacles.view_case", obstacle)


def test_no_cycles_and_no_closed_main_obstacles(staff, make_obstacle):  # noqa: ANN001
    a, b, c = (make_obstacle(status=Status.ANALYSIS) for _ in range(3))
    services.classify(staff["analyst"], b, parent=a)
    services.classify(staff["analyst"], c, parent=b)
    with pytest.raises(DomainError):
        services.classify(staff["analyst"], a, parent=c)
    never_accepted = make_obstacle(status=Status.ARCHIVED)
    report = make_obstacle(status=Status.TRIAGE)
    with pytest.raises(DomainError):
        services.change_status(staff["analyst"], report, Status.MERGED, reason="dup", merge_into=never_accepted)


def test_delegates_do_not_see_questions_to_the_reporter(client, staff, make_obstacle):  # noqa: ANN001
    obstacle = make_obstacle(status=Status.ESCALATED, escalated_to="BE")
    ReporterContact.objects.create(obstacle=obstacle, email="r@example.org", language="nl", consent_text="ok")
    services.request_information(staff["analyst"], obstacle, "Does Jan Secret still work in Liège?")
    client.force_login(staff["delegate_be"])
    assert "Jan Secret" not in client.get(reverse("obstacles:case", args=[obstacle.reference])).content.decode()
    client.force_login(staff["analyst"])
    assert "Jan Secret" in client.get(reverse("obstacles:case", args=[obstacle.reference])).content.decode()


def test_case_page_has_unique_ids(client, staff, make_obstacle):  # noqa: ANN001
    import re

    obstacle = make_obstacle(status=Status.ESCALATED, escalated_to="BE")
    client.force_login(staff["admin"])
    ids = re.findall(
        r'\bid="([^"]+)"', client.get(reverse("obstacles:case", args=[obstacle.reference])).content.decode()
    )
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_invalid_register_filters_are_refused(client):  # noqa: ANN001
    assert client.get("/en/obstacles/", {"year": "1850"}).status_code == 400
    assert client.get("/en/obstacles/", {"q": "x" * 300}).status_code == 400


def test_export_neutralises_formulas_and_reimports_them(make_obstacle):  # noqa: ANN001
    from grensloos.obstacles import exchange

    make_obstacle(status=Status.ACCEPTED, title='=HYPERLINK("http://evil")', reference="F-1")
    text = exchange.export(Obstacle.objects.all())
    assert "'=HYPERLINK" in text
    Obstacle.objects.all().delete()
    exchange.import_file(text.encode(), filename="back.csv")
    assert Obstacle.objects.get(reference="F-1").title == '=HYPERLINK("http://evil")'
