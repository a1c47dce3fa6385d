"""Controlled vocabularies shared by several modules."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    """Policy domains in which cross-border obstacles arise; statistical indicators carry the same codes,
    so an obstacle page can show the figures of its domain."""

    LABOUR_SOCIAL_SECURITY = "labour_social_security", _("Labour and social security")
    TAXATION = "taxation", _("Taxation")
    HEALTH_CARE = "health_care", _("Health care")
    EDUCATION_DIPLOMAS = "education_diplomas", _("Education and recognition of diplomas")
    MOBILITY_TRANSPORT = "mobility_transport", _("Mobility and transport")
    ENVIRONMENT_ENERGY = "environment_energy", _("Environment and energy")
    DIGITAL_TELECOM_MEDIA = "digital_telecom_media", _("Digital, telecom and media")
    SECURITY_JUSTICE = "security_justice", _("Security and justice")
    BUSINESS_RETAIL_CONSUMER = "business_retail_consumer", _("Business, retail and consumers")
    PUBLIC_ADMINISTRATION = "public_administration_institutional", _("Public administration and institutions")
    OTHER = "other", _("Other")
