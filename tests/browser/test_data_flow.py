"""An analyst's path through the Benelux data module in a real browser: dashboard → indicator → CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def test_from_the_dashboard_to_the_figures_and_the_csv(demo_site, page) -> None:  # noqa: ANN001
    page.goto(demo_site.url + "/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Benelux data").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Benelux data and trends"

    page.get_by_role("link", name="1. A competitive and sustainable Benelux", exact=False).first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Benelux dashboard: 1.")
    page.get_by_role("link", name="Freight on inland waterways", exact=True).first.click()

    chart = page.locator("svg[role=img]")
    assert chart.count() == 1
    assert "Belgium" in chart.locator("desc").text_content()
    figures = page.get_by_role("table", name=re.compile(r"^Freight on inland waterways \("))
    assert figures.get_by_role("columnheader").all_inner_texts()[:5] == [
        "Year",
        "Belgium",
        "Netherlands",
        "Luxembourg",
        "EU-27",
    ]
    flag = figures.locator("abbr").first
    assert flag.get_attribute("title")  # the meaning of the flag, e.g. "break in time series"
    assert page.get_by_text("Eurostat", exact=False).first.is_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the figures (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8"))))
    assert {row["geo"] for row in rows} >= {"BE", "NL", "LU"}
    assert all(row["period"] and "flags" in row for row in rows)


def test_the_dashboard_speaks_the_chosen_language(demo_site, page) -> None:  # noqa: ANN001
    page.goto(demo_site.url + "/en/data/indicators/renewable-energy-share/")
    page.get_by_role("link", name="Nederlands", exact=False).first.click()
    assert page.url.endswith("/nl/data/indicators/renewable-energy-share/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", name="Trends", exact=True).is_visible()
    assert page.get_by_role("link", name="De cijfers downloaden (CSV)").is_visible()


def test_live_figure_on_the_project_page(demo_site, page) -> None:  # noqa: ANN001
    page.goto(demo_site.url + "/fr/programme/2021-2024/projects/inland-shipping-modal-shift/")
    live = page.locator("main").get_by_role("link", name="Eurostat", exact=True)
    assert live.count() >= 1
    assert live.first.get_attribute("href") == "/fr/data/indicators/freight-inland-waterways/"
    live.first.click()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("svg[role=img]").count() == 1
