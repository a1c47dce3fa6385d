"""Account use cases used by the command line and the admin."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Role

User = get_user_model()


def generate_password() -> str:
    """A random password of about 128 bits, safe to type."""
    return secrets.token_urlsafe(16)


@transaction.atomic
def create_user(
    username: str,
    role: str,
    *,
    email: str = "",
    country: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> tuple[User, str]:
    """Create a user with a role and return it with its (generated, unless given) password."""
    password = password or generate_password()
    user = User(username=username, email=email, role=role, country=country, first_name=first_name, last_name=last_name)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user, password


def ensure_admin(username: str = "admin", email: str = "") -> tuple[User, str | None]:
    """Create the administrator if it does not exist; the password is returned only when created."""
    existing = User.objects.filter(username=username).first()
    if existing is not None:
        return existing, None
    return create_user(username, Role.ADMIN, email=email)


def reset_password(user: User) -> str:
    password = generate_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    return password
