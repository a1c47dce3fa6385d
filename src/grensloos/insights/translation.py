from modeltranslation.translator import TranslationOptions, register

from . import models

ALL = ("nl", "fr", "de", "en")


@register(models.Dataset)
class DatasetTranslation(TranslationOptions):
    fields = ("title",)


@register(models.Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "description", "unit")
    required_languages = {lang: ("name", "unit") for lang in ALL}
