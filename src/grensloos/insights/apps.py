from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "grensloos.insights"
    label = "insights"
    verbose_name = _("Benelux data and trends")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # Observation blocks are bulk data with their own provenance (ImportRecord); the audit log records
        # the datasets (one entry per import that changed something) and the curated indicators.
        auditlog.register(
            models.Dataset, include_fields=["code", "checksum", "series_count", "observation_count", "last_update"]
        )
        auditlog.register(models.Indicator)
        auditlog.register(models.Source)
