"""axe-core finds no serious or critical WCAG 2.1 AA violation on any public page, in any language."""

from __future__ import annotations

import pytest

from grensloos.obstacles.models import Obstacle
from grensloos.obstacles.services import tracking_token
from grensloos.programme.models import Project

from .conftest import axe_violations

pytestmark = pytest.mark.browser


def _public_paths(lang: str) -> list[str]:
    flagship = Project.objects.filter(flagship=True, milestones__isnull=False).order_by("code").first()
    plain = Project.objects.filter(flagship=False).order_by("code").first()
    base = f"/{lang}/programme/2021-2024"
    return [
        f"/{lang}/",
        f"/{lang}/about/",
        f"/{lang}/programme/",
        f"{base}/",
        *[f"{base}/lines/{n}/" for n in range(1, 6)],
        f"{base}/projects/",
        f"{base}/projects/?flagship=1&status=ongoing",
        f"{base}/projects/{flagship.code}/",
        f"{base}/projects/{plain.code}/",
        *[f"{base}/plans/{year}/" for year in range(2021, 2025)],
        f"/{lang}/programme/search/?q=energie",
        f"{base}/projects/inland-shipping-modal-shift/",  # a live Eurostat figure next to the demo measurements
        f"/{lang}/data/",
        *[f"/{lang}/data/lines/{n}/" for n in range(1, 6)],
        f"/{lang}/data/indicators/freight-inland-waterways/",  # flags and a break in series
        f"/{lang}/data/indicators/cross-border-commuters/",  # regional (NUTS 2), definition not yet checked
        f"/{lang}/data/indicators/working-from-home/",  # dataset not loaded
        f"/{lang}/data/domains/mobility_transport/",
        f"/{lang}/data/sources/",
        f"/{lang}/obstacles/",
        f"/{lang}/obstacles/?q=frontalier&border=BE-LU",
        f"/{lang}/obstacles/DEMO-0001/",  # solved, with a solution and government answers
        f"/{lang}/obstacles/DEMO-0017/",  # escalated, with a merged report under it
        f"/{lang}/obstacles/report/",
        f"/{lang}/obstacles/solutions/",
        f"/{lang}/obstacles/track/{tracking_token(Obstacle.objects.get(reference='DEMO-0002'))}/",
        f"/{lang}/accounts/login/",
        f"/{lang}/no-such-page/",
    ]


@pytest.mark.parametrize("lang", ["nl", "fr", "de", "en"])
def test_public_pages_have_no_serious_axe_violations(demo_site, page, lang) -> None:  # noqa: ANN001
    from grensloos.insights.services import import_file

    from ..insights.conftest import FIXTURES

    import_file(FIXTURES / "lfst_r_lfe2ecomm.tsv", "lfst_r_lfe2ecomm")  # our own regional fixture
    problems = {}
    for path in _public_paths(lang):
        page.goto(demo_site.url + path)
        assert page.locator("html").get_attribute("lang") == lang, path
        violations = axe_violations(page)
        if violations:
            problems[path] = violations
    assert problems == {}


def test_keyboard_user_can_skip_to_the_content(demo_site, page) -> None:  # noqa: ANN001
    page.goto(demo_site.url + "/nl/programme/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Naar de inhoud" in focused or "inhoud" in focused.lower()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_api_reference_page_has_no_serious_axe_violations(demo_site, page) -> None:  # noqa: ANN001
    page.goto(demo_site.url + "/api/docs/")
    page.wait_for_selector("h1")  # Redoc has rendered the schema
    assert axe_violations(page) == []


def test_staff_pages_have_no_serious_axe_violations(demo_site, page) -> None:  # noqa: ANN001
    from grensloos.accounts.models import Role

    from ..factories import UserFactory

    UserFactory(username="ana", role=Role.ANALYST)
    page.goto(demo_site.url + "/de/accounts/login/")
    page.get_by_label("Benutzername").fill("ana")
    page.get_by_label("Passwort").fill("correct horse battery staple")
    page.get_by_role("button", name="Anmelden").click()
    problems = {}
    base = "/de/programme/2021-2024"
    for path in (
        f"{base}/evaluation/",
        f"{base}/evaluation/conclusions/",
        f"{base}/projects/startpunt-grensarbeid/progress/new/",
        "/de/staff/audit/",
        "/de/accounts/",
        "/de/accounts/two-factor/",
    ):
        page.goto(demo_site.url + path)
        assert page.locator("html").get_attribute("lang") == "de"
        violations = axe_violations(page)
        if violations:
            problems[path] = violations
    assert problems == {}
