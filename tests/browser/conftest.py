"""Playwright driving Debian's chromium (/usr/bin/chromium); never a downloaded browser."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test itself
# (creating users, reading results) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("GRENSLOOS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():  # noqa: ANN201
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium); .ci/run installs it."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # noqa: ANN001, ANN201
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def demo_site(live_server, transactional_db, settings):  # noqa: ANN001, ANN201
    from grensloos.insights.demo import load_demo as load_data_demo
    from grensloos.obstacles.demo import load_demo as load_obstacles_demo
    from grensloos.programme.demo import load_demo

    from ..insights.conftest import _samples_folder

    settings.GRENSLOOS_EUROSTAT_SAMPLES = str(_samples_folder())  # wherever this checkout sits
    load_demo()
    load_data_demo()
    list(load_obstacles_demo())
    return live_server


def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:  # noqa: ANN001
    """Run axe-core (bundled by axe-playwright-python, no network) on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "resultTypes": ["violations"],
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
        },
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"]
        if v["impact"] in impacts
    ]
