"""Translatable fields (django-modeltranslation): the e-mail texts exist in each language."""

from modeltranslation.translator import TranslationOptions, register

from . import models


@register(models.MessageTemplate)
class MessageTemplateTranslation(TranslationOptions):
    fields = ("subject", "body")
    required_languages = ("nl", "fr", "de", "en")
