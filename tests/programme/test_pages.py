"""Public programme pages in the four languages, search, filters, and the analyst's progress form."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from grensloos.accounts.models import Role
from grensloos.programme.models import ProgressUpdate, Project

from ..factories import UserFactory

LANGS = ["nl", "fr", "de", "en"]


def _url(name: str, lang: str, **kwargs) -> str:  # noqa: ANN003
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("lang", LANGS)
def test_overview_lists_lines_and_projects_in_the_language(client, demo, lang) -> None:  # noqa: ANN001
    response = client.get(_url("programme:overview", lang, code="2021-2024"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    for line in demo.lines.all():
        assert escape(getattr(line, f"title_{lang}")) in html
    project = Project.objects.get(code="startpunt-grensarbeid")
    assert escape(getattr(project, f"title_{lang}")) in html


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_answers_in_every_language(client, demo, lang) -> None:  # noqa: ANN001
    urls = [
        _url("core:home", lang),
        _url("core:about", lang),
        _url("programme:index", lang),
        _url("programme:projects", lang, code="2021-2024"),
        _url("programme:search", lang) + "?q=energie",
        _url("accounts:login", lang),
    ]
    urls += [_url("programme:line", lang, code="2021-2024", number=n) for n in range(1, 6)]
    urls += [_url("programme:plan", lang, code="2021-2024", year=y) for y in range(2021, 2025)]
    urls += [_url("programme:project", lang, code="2021-2024", project=p.code) for p in Project.objects.all()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert url.startswith(f"/{lang}/")


def test_root_redirects_to_the_browser_language(client, db) -> None:  # noqa: ANN001
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9")
    assert response.status_code == 302 and response["Location"] == "/fr/"


def test_language_switch_keeps_the_page(client, demo) -> None:  # noqa: ANN001
    html = client.get("/nl/programme/2021-2024/projects/police-treaty-2018/").content.decode()
    for lang in ("fr", "de", "en"):
        assert f'href="/{lang}/programme/2021-2024/projects/police-treaty-2018/"' in html


def test_dates_are_localised(client, demo) -> None:  # noqa: ANN001
    project = Project.objects.exclude(start_date=None).first()
    month = project.start_date.month
    names = {
        "nl": [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ],
        "de": [
            "Januar",
            "Februar",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
    }
    for lang, months in names.items():
        html = client.get(_url("programme:project", lang, code="2021-2024", project=project.code)).content.decode()
        assert months[month - 1] in html


def test_search_finds_a_project_from_any_language(client, demo) -> None:  # noqa: ANN001
    # the French word finds the project also when the page is in Dutch
    html = client.get("/nl/programme/search/?q=ambulanc").content.decode()
    assert "/projects/cross-border-ambulance/" in html
    html = client.get("/en/programme/search/?q=Grenzg%C3%A4nger").content.decode()
    assert "/projects/startpunt-grensarbeid/" in html
    html = client.get("/en/programme/search/?q=zzzzqqq").content.decode()
    assert "0 results" in html


def test_project_filters(client, demo) -> None:  # noqa: ANN001
    html = client.get("/en/programme/2021-2024/projects/?flagship=1").content.decode()
    found = set(re.findall(r"/projects/([a-z0-9-]+)/\"", html))
    assert found == set(Project.objects.filter(flagship=True).values_list("code", flat=True))
    html = client.get("/en/programme/2021-2024/projects/?country=DEA").content.decode()
    assert "/projects/maas-nrw/" in html and "/projects/police-treaty-2018/" not in html
    html = client.get("/en/programme/2021-2024/projects/?line=2&status=bogus&theme=x.y").content.decode()
    assert "/projects/police-treaty-2018/" in html and "/projects/maas-nrw/" not in html


def test_unknown_records_are_404(client, demo) -> None:  # noqa: ANN001
    for url in (
        "/en/programme/1999-2002/",
        "/en/programme/2021-2024/lines/9/",
        "/en/programme/2021-2024/plans/2030/",
        "/en/programme/2021-2024/projects/nope/",
    ):
        assert client.get(url).status_code == 404, url


def test_analyst_posts_a_progress_update_that_appears_on_the_project(client, demo) -> None:  # noqa: ANN001
    analyst = UserFactory(username="an", role=Role.ANALYST, first_name="Ana", last_name="Lyst")
    client.force_login(analyst)
    url = "/fr/programme/2021-2024/projects/benelux-patient-record/progress/new/"
    form = client.get(url)
    assert form.status_code == 200 and 'name="narrative"' in form.content.decode()
    response = client.post(
        url,
        {
            "year": 2024,
            "quarter": 3,
            "rag": "amber",
            "language": "fr",
            "narrative": "Le pilote transfrontalier a pris du retard.",
        },
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le pilote transfrontalier a pris du retard." in html
    update = ProgressUpdate.objects.get(narrative__startswith="Le pilote")
    assert update.author == analyst and update.author_name == "Ana Lyst" and not update.is_demo


def test_progress_form_rejects_bad_input_without_writing(client, demo) -> None:  # noqa: ANN001
    client.force_login(UserFactory(username="an", role=Role.ANALYST))
    url = "/en/programme/2021-2024/projects/benelux-patient-record/progress/new/"
    before = ProgressUpdate.objects.count()
    response = client.post(url, {"year": 2019, "quarter": 5, "rag": "purple", "language": "xx", "narrative": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('class="errorlist"') >= 4
    assert ProgressUpdate.objects.count() == before


def test_delegate_comment_is_internal(client, demo) -> None:  # noqa: ANN001
    delegate = UserFactory(username="lu", role=Role.DELEGATE, country="LU")
    client.force_login(delegate)
    url = "/de/programme/2021-2024/projects/grande-region/"
    page = client.get(url).content.decode()
    assert 'id="comments"' in page
    client.post(url + "comments/", {"text": "Luxemburg unterstützt das Vorhaben.", "language": "de"})
    assert "Luxemburg unterstützt das Vorhaben." in client.get(url).content.decode()
    client.logout()
    public = client.get(url).content.decode()
    assert "Luxemburg unterstützt das Vorhaben." not in public and 'id="comments"' not in public
