"""Translatable content fields (django-modeltranslation): one column per language for each field below."""

from modeltranslation.translator import TranslationOptions, register

from . import models

ALL = ("nl", "fr", "de", "en")


@register(models.Territory)
class TerritoryTranslation(TranslationOptions):
    fields = ("name",)


@register(models.WorkProgramme)
class WorkProgrammeTranslation(TranslationOptions):
    fields = ("title", "summary")
    required_languages = {lang: ("title",) for lang in ALL}


@register(models.StrategicLine)
class StrategicLineTranslation(TranslationOptions):
    fields = ("title", "motto", "summary")
    required_languages = ALL


@register(models.Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("title", "summary")
    required_languages = {lang: ("title",) for lang in ALL}


@register(models.Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "summary")
    required_languages = {lang: ("title",) for lang in ALL}


@register(models.AnnualPlan)
class AnnualPlanTranslation(TranslationOptions):
    fields = ("title", "summary")
    required_languages = {lang: ("title",) for lang in ALL}


@register(models.Priority)
class PriorityTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {lang: ("title",) for lang in ALL}


@register(models.Milestone)
class MilestoneTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ALL


@register(models.Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "unit")
    required_languages = ALL


@register(models.MidtermEvaluation)
class MidtermEvaluationTranslation(TranslationOptions):
    fields = ("conclusions",)
    # No fallback: a report in German must not show the Dutch conclusions as if they were German.
    fallback_languages = {"default": ()}
