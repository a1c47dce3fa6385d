"""Test data builders (factory_boy)."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model

from grensloos.accounts.models import Role
from grensloos.programme import models as pm

LANGS = ("nl", "fr", "de", "en")


def tr(field: str, text: str) -> dict:
    """Values for every language column of a translated field: ``{"title_nl": "text (nl)", ...}``."""
    return {f"{field}_{lang}": f"{text} ({lang})" for lang in LANGS}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    role = Role.REGISTERED
    password = factory.django.Password("correct horse battery staple")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.WorkProgramme
        django_get_or_create = ("code",)

    code = "2021-2024"
    start_year = 2021
    end_year = 2024
    title_nl = "Werkprogramma"
    title_fr = "Programme de travail"
    title_de = "Arbeitsprogramm"
    title_en = "Work programme"


class LineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.StrategicLine

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_nl = factory.LazyAttribute(lambda o: f"Lijn {o.number}")
    title_fr = factory.LazyAttribute(lambda o: f"Ligne {o.number}")
    title_de = factory.LazyAttribute(lambda o: f"Linie {o.number}")
    title_en = factory.LazyAttribute(lambda o: f"Line {o.number}")
    motto_nl = motto_fr = motto_de = motto_en = "Motto"
    summary_nl = summary_fr = summary_de = summary_en = "Summary"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Theme

    line = factory.SubFactory(LineFactory)
    number = factory.Sequence(lambda n: n + 1)
    title_nl = "Thema"
    title_fr = "Thème"
    title_de = "Thema"
    title_en = "Theme"


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Territory
        django_get_or_create = ("code",)

    code = "BE"
    kind = pm.Territory.Kind.COUNTRY


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Project
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: f"project-{n}")
    title_nl = factory.LazyAttribute(lambda o: f"Project {o.code}")
    title_fr = factory.LazyAttribute(lambda o: f"Projet {o.code}")
    title_de = factory.LazyAttribute(lambda o: f"Projekt {o.code}")
    title_en = factory.LazyAttribute(lambda o: f"Project {o.code}")
    status = pm.ProjectStatus.ONGOING

    @factory.post_generation
    def lead(self, create, extracted, **kwargs):  # noqa: ANN001, ANN201
        if create and extracted:
            self.lead.set([TerritoryFactory(code=c) for c in extracted])

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):  # noqa: ANN001, ANN201
        if create and extracted:
            self.themes.set(extracted)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Milestone

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda n: f"m{n}")
    title_nl = title_fr = title_de = title_en = "Milestone"
    planned_date = datetime.date(2022, 6, 30)
    status = pm.MilestoneStatus.PLANNED


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Indicator

    project = factory.SubFactory(ProjectFactory)
    code = factory.Sequence(lambda n: f"i{n}")
    name_nl = name_fr = name_de = name_en = "Indicator"
    unit_nl = unit_fr = unit_de = unit_en = "%"
    baseline = 0
    target = 100
