from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "grensloos.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # Role and country changes are security-relevant; passwords and login times are not recorded.
        auditlog.register(models.User, include_fields=["username", "email", "role", "country", "is_active"])
