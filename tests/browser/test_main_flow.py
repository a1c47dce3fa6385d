"""The main flow: browse the programme, switch language, sign in as analyst, post progress, see it."""

from __future__ import annotations

import pytest

from grensloos.accounts.models import Role
from grensloos.programme.models import ProgressUpdate

from ..factories import UserFactory

pytestmark = pytest.mark.browser


def test_browse_switch_language_login_and_post_progress(demo_site, page) -> None:  # noqa: ANN001
    UserFactory(username="ana", role=Role.ANALYST, first_name="Ana", last_name="Lyst")

    page.goto(demo_site.url + "/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Work programme").click()
    assert page.locator("h1").inner_text().startswith("Joint Work Programme") or page.url.endswith("/en/programme/")
    page.get_by_role("link", name="Startpunt grensarbeid", exact=False).first.click()
    assert "/en/programme/2021-2024/projects/startpunt-grensarbeid/" in page.url

    # switch to French on the same page
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    assert "/fr/programme/2021-2024/projects/startpunt-grensarbeid/" in page.url
    assert page.locator("html").get_attribute("lang") == "fr"

    # sign in as analyst from the header link; we come back to the project
    page.get_by_role("link", name="Se connecter").click()
    page.get_by_label("Nom d’utilisateur").fill("ana")
    page.get_by_label("Mot de passe").fill("correct horse battery staple")
    page.get_by_role("button", name="Se connecter").click()
    assert "/fr/programme/2021-2024/projects/startpunt-grensarbeid/" in page.url

    page.get_by_role("link", name="Publier un point d’avancement").click()
    page.get_by_label("Année", exact=True).select_option("2024")
    page.get_by_label("Trimestre", exact=True).select_option("2")
    page.get_by_label("Quelques préoccupations").check()
    page.get_by_label("Que s’est-il passé").fill("Le guichet en ligne a accueilli un nombre record de visiteurs.")
    page.get_by_role("button", name="Publier le point").click()

    assert "/fr/programme/2021-2024/projects/startpunt-grensarbeid/" in page.url
    assert page.get_by_role("status").inner_text()
    assert page.get_by_text("un nombre record de visiteurs").is_visible()
    update = ProgressUpdate.objects.get(narrative__contains="nombre record")
    assert (update.year, update.quarter, update.rag, update.author.username) == (2024, 2, "amber", "ana")
