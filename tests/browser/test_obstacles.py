"""The obstacle register in a real browser: a French report that is shown its German duplicate while typing,
sent with the proof of work solved by the page; then an analyst triages and accepts it."""

from __future__ import annotations

import re

import pytest

from grensloos.accounts.models import Role
from grensloos.obstacles.models import Obstacle, Status

from ..factories import UserFactory

pytestmark = pytest.mark.browser


def test_french_intake_shows_duplicate_then_analyst_triages(demo_site, page) -> None:  # noqa: ANN001
    page.goto(demo_site.url + "/fr/obstacles/report/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.locator("#id_title").fill("Amende en zone de basses émissions pour ma voiture allemande")
    page.locator("#id_description").fill(
        "J'habite à Aix-la-Chapelle et je suis allé en voiture à Anvers. J'ai reçu une amende de la zone de "
        "basses émissions parce que ma voiture immatriculée en Allemagne n'était pas enregistrée, alors qu'elle "
        "respecte les normes et porte la vignette verte allemande."
    )
    # the German report of the same obstacle appears among the suggestions, across languages
    german = Obstacle.objects.get(reference="DEMO-0008")
    suggestion = page.locator("#suggestions a", has_text=german.title)
    suggestion.wait_for()
    assert suggestion.get_attribute("lang") == "de"

    page.locator("input[name=borders][value=BE-DE]").check()
    page.locator("input[name=affected][value=citizens]").check()
    page.locator("#id_contact_email").fill("conducteur@example.org")
    page.locator("#id_consent").check()
    page.wait_for_function("document.getElementById('report-form').dataset.powReady === '1'")
    page.locator("button[name=send]").click()
    page.wait_for_url(re.compile(r"/fr/obstacles/track/"))
    report = Obstacle.objects.exclude(is_demo=True).get()
    assert report.language == "fr" and report.border_list == ["BE-DE"]
    assert report.reference in page.locator("h1").inner_text()

    # an analyst signs in and triages the report
    UserFactory(username="ana", role=Role.ANALYST, first_name="Ana", last_name="Lyst")
    page.goto(demo_site.url + "/en/accounts/login/?next=/en/obstacles/staff/")
    page.locator("#id_username").fill("ana")
    page.locator("#id_password").fill("correct horse battery staple")
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/en/obstacles/staff/"))
    page.get_by_role("link", name=report.reference).click()
    # the case page suggests the German report as a likely duplicate
    assert page.locator("#similar-cases").get_by_text("DEMO-0008").is_visible()
    page.locator("#move-triage").check()
    page.get_by_role("button", name="Change status").click()
    page.locator("#move-merged").check()
    page.locator("#id_reason").fill("Same obstacle as the German report.")
    page.locator("#id_merge_into").fill("DEMO-0008")
    page.get_by_role("button", name="Change status").click()
    report.refresh_from_db()
    assert report.status == Status.MERGED and report.parent.reference == "DEMO-0008"
    # the merged report is now listed under the main obstacle's public page
    page.goto(demo_site.url + "/fr/obstacles/DEMO-0008/")
    assert page.get_by_text("Amende en zone de basses émissions pour ma voiture allemande").is_visible()
