from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "grensloos.programme"
    label = "programme"
    verbose_name = _("Work programme")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.WorkProgramme)
        auditlog.register(models.StrategicLine)
        auditlog.register(models.Theme)
        auditlog.register(models.Territory)
        auditlog.register(models.Project, m2m_fields={"themes", "lead", "partners"})
        auditlog.register(models.AnnualPlan)
        auditlog.register(models.Priority, m2m_fields={"themes", "projects"})
        auditlog.register(models.Milestone)
        auditlog.register(models.Indicator)
        auditlog.register(models.Measurement)
        auditlog.register(models.ProgressUpdate)
        auditlog.register(models.ProjectComment)
        auditlog.register(models.MidtermEvaluation)
