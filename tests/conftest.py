from __future__ import annotations

import pytest

from grensloos.accounts.models import Role

from .factories import LineFactory, ProgrammeFactory, ProjectFactory, TerritoryFactory, ThemeFactory, UserFactory


@pytest.fixture
def make_user(db):  # noqa: ANN001, ANN201
    def make(role: str = Role.REGISTERED, country: str = "", **kwargs):  # noqa: ANN003, ANN202
        return UserFactory(role=role, country=country, **kwargs)

    return make


@pytest.fixture
def analyst(make_user):  # noqa: ANN001, ANN201
    return make_user(Role.ANALYST, username="analyst")


@pytest.fixture
def programme(db):  # noqa: ANN001, ANN201
    """A small programme: two lines, a theme each, three projects (BE-led, NL-led, LU-led)."""
    prog = ProgrammeFactory()
    line1 = LineFactory(programme=prog, number=1)
    line2 = LineFactory(programme=prog, number=2)
    t1 = ThemeFactory(line=line1, number=1)
    t2 = ThemeFactory(line=line2, number=1)
    ProjectFactory(programme=prog, code="alpha", lead=["BE"], themes=[t1], flagship=True)
    ProjectFactory(programme=prog, code="beta", lead=["NL"], themes=[t1])
    ProjectFactory(programme=prog, code="gamma", lead=["LU"], themes=[t2])
    TerritoryFactory(code="DE")
    return prog


@pytest.fixture(autouse=True)
def _empty_cache():  # noqa: ANN202
    """Each test starts with an empty page cache (database ids restart after a rolled-back test)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
