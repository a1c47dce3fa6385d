"""Public pages are cached for anonymous visitors and refreshed as soon as any record changes."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from grensloos.accounts.models import Role
from grensloos.programme import services
from grensloos.programme.models import Project

from ..factories import UserFactory


def test_second_visit_is_served_from_the_cache(client, programme) -> None:  # noqa: ANN001
    url = "/en/programme/2021-2024/projects/alpha/"
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second.content == first.content
    assert len(queries) == 1  # only the content version is read
    assert second["Content-Language"] == "en"


def test_a_change_shows_at_once(client, programme) -> None:  # noqa: ANN001
    url = "/nl/programme/2021-2024/projects/alpha/"
    assert "Net gestart" not in client.get(url).content.decode()
    analyst = UserFactory(username="an", role=Role.ANALYST)
    services.record_progress(
        analyst,
        Project.objects.get(code="alpha"),
        year=2022,
        quarter=1,
        rag="green",
        narrative="Net gestart",
        language="nl",
    )
    assert "Net gestart" in client.get(url).content.decode()


def test_signed_in_users_are_not_served_cached_pages(client, programme) -> None:  # noqa: ANN001
    url = "/en/programme/2021-2024/projects/alpha/"
    client.get(url)  # cached for anonymous visitors
    client.force_login(UserFactory(username="an", role=Role.ANALYST))
    assert "Post a progress update" in client.get(url).content.decode()


def test_languages_are_cached_apart(client, programme) -> None:  # noqa: ANN001
    nl = client.get("/nl/programme/2021-2024/").content.decode()
    fr = client.get("/fr/programme/2021-2024/").content.decode()
    assert 'lang="nl"' in nl and 'lang="fr"' in fr
