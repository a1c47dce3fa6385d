from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObstaclesConfig(AppConfig):
    name = "grensloos.obstacles"
    label = "obstacles"
    verbose_name = _("Obstacle register")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models, signals  # noqa: F401  (signals keeps the search terms in step)

        auditlog.register(
            models.Obstacle,
            m2m_fields={"projects", "related"},
            exclude_fields=["search_terms", "embedding", "embedding_backend", "tracking_nonce", "updated_at"],
        )
        # Contact details are audited without their values: the log must not become a second copy.
        auditlog.register(models.ReporterContact, exclude_fields=["name", "email", "phone", "organisation"])
        auditlog.register(models.Attachment, exclude_fields=["file"])
        auditlog.register(models.Solution)
        auditlog.register(models.InformationRequest, exclude_fields=["token_hash", "answer"])
        auditlog.register(models.MessageTemplate)
        auditlog.register(models.PriorityItem)
        auditlog.register(models.GovernmentAnswer)
