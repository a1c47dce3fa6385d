"""The public register: only accepted obstacles, faceted search in four languages, the obstacle page, "me too",
the solutions library, the open-data API, and proof that no reporter's personal data gets out."""

from __future__ import annotations

import pytest
from django.urls import reverse

from grensloos.obstacles import services
from grensloos.obstacles.models import (
    Attachment,
    InformationRequest,
    ReporterContact,
    Solution,
    Status,
)

pytestmark = pytest.mark.django_db

CANARY = {
    "name": "Zebulon Canary-Quist",
    "email": "zebulon.canary@example.org",
    "phone": "+32 470 99 88 77",
    "organisation": "Canary Holdings BV",
}


@pytest.fixture
def register(make_obstacle):  # noqa: ANN001, ANN201
    return {
        "nl": make_obstacle(
            status=Status.ANALYSIS,
            language="nl",
            title="Grensarbeiders betalen dubbel voor thuiswerkdagen",
            description="Een grensarbeider die in België woont en in Nederland werkt, ziet thuiswerkdagen belast.",
            domain="taxation",
            obstacle_type="legal",
            borders=["BE-NL"],
            reported_on="2024-03-01",
        ),
        "fr": make_obstacle(
            status=Status.SOLVED,
            language="fr",
            title="Les frontaliers ne trouvent pas d'information sur la pension",
            description="Les travailleurs frontaliers entre la Belgique et le Luxembourg manquent d'informations.",
            domain="labour_social_security",
            obstacle_type="information",
            borders=["BE-LU", "FR-LU"],
            reported_on="2023-05-02",
            closed_on="2024-01-10",
        ),
        "de": make_obstacle(
            status=Status.ESCALATED,
            escalated_to="NL",
            language="de",
            title="Rettungswagen dürfen die Grenze nicht überqueren",
            description="Deutsche Rettungswagen dürfen niederländische Patienten nicht ins nächste Krankenhaus fahren.",
            domain="health_care",
            obstacle_type="legal",
            borders=["DE-NL"],
            reported_on="2025-01-20",
        ),
        "hidden": make_obstacle(status=Status.TRIAGE, title="Geheim onderwerp in triage", domain="taxation"),
        "rejected": make_obstacle(status=Status.REJECTED, title="Afgewezen melding over belasting"),
    }


def test_register_lists_only_accepted_obstacles(client, register):  # noqa: ANN001
    body = client.get("/en/obstacles/").content.decode()
    for key in ("nl", "fr", "de"):
        assert register[key].title.replace("'", "&#x27;") in body
    assert "Geheim onderwerp" not in body and "Afgewezen melding" not in body
    assert "3 obstacles found" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("grensarbeider", {"nl"}),  # the stem finds "Grensarbeiders"
        ("frontalier", {"fr"}),  # singular finds the plural
        ("Rettungswägen", {"de"}),  # accents and umlauts folded
        ("thuiswerkdagen belast", {"nl"}),
        ("pension luxembourg", {"fr"}),
        ("geheim", set()),  # words of a non-public case are not searchable publicly
        ("%' OR 1=1 --", set()),
    ],
)
def test_full_text_search(client, register, query, expected):  # noqa: ANN001
    response = client.get("/api/obstacles/", {"q": query})
    assert response.status_code == 200
    found = {r["reference"] for r in response.json()["results"]}
    assert found == {register[k].reference for k in expected}


def test_facets_filter_and_count(client, register):  # noqa: ANN001
    assert {r["reference"] for r in client.get("/api/obstacles/", {"border": "BE-LU"}).json()["results"]} == {
        register["fr"].reference
    }
    assert client.get("/api/obstacles/", {"domain": "health_care", "year": 2025}).json()["count"] == 1
    assert client.get("/api/obstacles/", {"status": "solved", "obstacle_type": "legal"}).json()["count"] == 0
    bad = client.get("/api/obstacles/", {"border": "XX-YY"})
    assert bad.status_code == 400 and "border" in bad.json()
    page = client.get("/en/obstacles/", {"domain": "taxation"}).content.decode()
    assert "1 obstacle found" in page
    page = client.get("/fr/obstacles/").content.decode()
    assert "Belgique – Luxembourg" in page  # border facet labels come from CLDR in the page's language


def test_obstacle_page_timeline_solution_and_me_too(client, register, staff):  # noqa: ANN001
    fr = register["fr"]
    Solution.objects.create(obstacle=fr, kind="information", description="Une brochure commune.", language="fr")
    services.change_status(staff["analyst"], fr, Status.ARCHIVED, reason="Closed after the brochure")
    url = reverse("obstacles:detail", args=[fr.reference])
    body = client.get(url).content.decode()
    assert "Une brochure commune." in body
    assert "Closed after the brochure" not in body  # internal reasons stay internal
    assert client.post(reverse("obstacles:support", args=[fr.reference])).status_code == 302
    client.post(reverse("obstacles:support", args=[fr.reference]))  # the same visitor counts once
    fr.refresh_from_db()
    assert fr.support_count == 1
    assert client.post(reverse("obstacles:support", args=[register["hidden"].reference])).status_code == 404
    assert client.get(reverse("obstacles:detail", args=[register["hidden"].reference])).status_code == 404


def test_merged_reports_are_listed_under_the_main_obstacle(client, register, staff, make_obstacle):  # noqa: ANN001
    dup = make_obstacle(status=Status.TRIAGE, language="fr", title="Les ambulances allemandes bloquées à la frontière")
    services.change_status(staff["analyst"], dup, Status.MERGED, reason="dup", merge_into=register["de"])
    body = client.get(reverse("obstacles:detail", args=[register["de"].reference])).content.decode()
    assert "Les ambulances allemandes" in body
    assert client.get(reverse("obstacles:detail", args=[dup.reference])).status_code == 404


def test_solutions_library(client, register):  # noqa: ANN001
    Solution.objects.create(obstacle=register["fr"], kind="agreement", description="Accord signé.", language="fr")
    body = client.get("/nl/obstacles/solutions/", {"q": "frontaliers"}).content.decode()
    assert "Accord signé." in body
    assert "Accord signé." not in client.get("/nl/obstacles/solutions/", {"q": "rettungswagen"}).content.decode()


def test_api_detail_shape(client, register):  # noqa: ANN001
    data = client.get(f"/api/obstacles/{register['fr'].reference}").json()
    assert data["borders"] == ["BE-LU", "FR-LU"]
    assert set(data) == {
        "reference",
        "title",
        "description",
        "language",
        "affected",
        "borders",
        "region",
        "domain",
        "obstacle_type",
        "strategic_line",
        "legal_references",
        "people_affected",
        "status",
        "reported_on",
        "accepted_on",
        "closed_on",
        "support_count",
        "main_obstacle",
        "solution",
    }
    assert client.get(f"/api/obstacles/{register['hidden'].reference}").status_code == 404


def test_canary_personal_data_never_reaches_public_pages_or_api(client, register, staff, solve_pow):  # noqa: ANN001
    """Seed personal data everywhere a reporter leaves it, then crawl every public page and API response."""
    for obstacle in register.values():
        ReporterContact.objects.create(obstacle=obstacle, language="nl", consent_text="ok", **CANARY)
        InformationRequest.objects.create(
            obstacle=obstacle,
            question="Which employer?",
            token_hash=obstacle.reference,
            answer=f"My employer knows me as {CANARY['name']}",
            expires_at="2099-01-01T00:00Z",
        )
        Attachment.objects.create(
            obstacle=obstacle,
            original_name=f"{CANARY['name']}.pdf",
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            file="x.pdf",
        )
    services.answer_as_government(staff["delegate_nl"], register["de"], text="Antwoord.", language="nl", year=2025)
    services.set_priorities(staff["analyst"], 2025, [register["nl"]])
    urls = ["/api/obstacles/", "/api/obstacles/?q=grensarbeider", "/api/schema/"]
    for lang in ("nl", "fr", "de", "en"):
        urls += [f"/{lang}/obstacles/", f"/{lang}/obstacles/solutions/", f"/{lang}/obstacles/report/"]
        urls += [f"/{lang}/obstacles/{o.reference}/" for o in register.values() if o.is_public]
    urls += [f"/api/obstacles/{o.reference}" for o in register.values() if o.is_public]
    suggest = client.post(
        "/api/obstacles/suggest", {"text": "grensarbeider thuiswerk"}, content_type="application/json"
    )
    bodies = [suggest.content.decode()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies.append(response.content.decode())
    for body in bodies:
        for value in CANARY.values():
            assert value not in body
            assert value.replace(" ", "&nbsp;") not in body
