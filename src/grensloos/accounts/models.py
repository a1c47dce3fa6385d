"""Users and their roles.

A user has exactly one role. The role decides what the user may do (see ``grensloos.accounts.rules``);
Django's ``is_staff`` and ``is_superuser`` flags follow from it so the admin site and the rest of the
platform agree.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

MEMBER_STATES = ("BE", "NL", "LU")


class Role(models.TextChoices):
    REGISTERED = "registered", _("Registered user")
    ADVISOR = "advisor", _("Border information point advisor")
    ANALYST = "analyst", _("Secretariat analyst")
    DELEGATE = "delegate", _("Member-state delegate")
    ADMIN = "admin", _("Administrator")


class MemberState(models.TextChoices):
    BE = "BE", _("Belgium")
    NL = "NL", _("Netherlands")
    LU = "LU", _("Luxembourg")


STAFF_ROLES = frozenset({Role.ADVISOR, Role.ANALYST, Role.DELEGATE, Role.ADMIN})


class GrensloosUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):  # noqa: ANN001
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.REGISTERED)
    country = models.CharField(
        _("member state"),
        max_length=2,
        choices=MemberState.choices,
        blank=True,
        help_text=_("Required for member-state delegates: the country they represent."),
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)

    objects = GrensloosUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="delegate") | models.Q(country__in=MEMBER_STATES),
                name="delegate_has_member_state",
                violation_error_message=_(
                    "A member-state delegate must be tied to Belgium, the Netherlands or Luxembourg."
                ),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.role == Role.DELEGATE and self.country not in MEMBER_STATES:
            raise ValidationError({"country": _("A member-state delegate must be tied to BE, NL or LU.")})
        if self.role != Role.DELEGATE and self.country and self.role != Role.ADVISOR:
            # Advisors may note the country of their information point; other roles have no country.
            raise ValidationError({"country": _("Only delegates and advisors are tied to a country.")})

    def save(self, *args, **kwargs) -> None:
        # The role is the single source of truth; Django's flags follow it.
        self.is_superuser = self.role == Role.ADMIN
        self.is_staff = self.role in (Role.ANALYST, Role.ADMIN)
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_staff_role(self) -> bool:
        """Any role that works inside the platform (not the public and not plain registered users)."""
        return self.role in STAFF_ROLES
