from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrossborderConfig(AppConfig):
    name = "grensloos.crossborder"
    label = "crossborder"
    verbose_name = _("Cross-border worker check")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (django-rules permissions; see that module)
