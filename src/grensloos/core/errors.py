"""Domain errors raised by services; views and the API turn them into clear 400/403 responses."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


class DomainError(Exception):
    """A request that the domain refuses. ``field`` names the input at fault, when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, list[str]]:
        return {self.field or "non_field_errors": [str(self.message)]}


def require(user, perm: str, obj=None) -> None:  # noqa: ANN001
    """Refuse (PermissionDenied) unless ``user`` has the django-rules permission ``perm`` on ``obj``."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def validate(obj, exclude=None) -> None:  # noqa: ANN001
    """``full_clean()`` the record; the first problem becomes a DomainError naming its field."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            name, messages = next(iter(exc.message_dict.items()))
            raise DomainError(" ".join(messages), field=name) from exc
        raise DomainError(" ".join(exc.messages)) from exc
