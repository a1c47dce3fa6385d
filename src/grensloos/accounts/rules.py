"""Role predicates shared by every module's permission rules.

Permissions are declared with django-rules: each module's ``rules.py`` combines these predicates into named
permissions, and views, the API and the admin all ask ``user.has_perm(name, obj)``. Nothing is decided in
templates alone.
"""

from __future__ import annotations

import rules

from .models import Role


def _has_role(*roles: str):
    names = "_or_".join(roles)

    @rules.predicate(name=f"has_role_{names}")
    def predicate(user) -> bool:  # noqa: ANN001
        return bool(user and user.is_authenticated and user.is_active and getattr(user, "role", None) in roles)

    return predicate


is_authenticated = rules.is_authenticated
is_registered = _has_role(Role.REGISTERED)
is_advisor = _has_role(Role.ADVISOR)
is_analyst = _has_role(Role.ANALYST)
is_delegate = _has_role(Role.DELEGATE)
is_admin = _has_role(Role.ADMIN)

#: the Secretariat: analysts and administrators manage content.
is_secretariat = is_analyst | is_admin
#: roles that work inside the platform (everyone but the public and plain registered users).
is_staff_member = is_advisor | is_analyst | is_delegate | is_admin

rules.add_perm("core.view_audit", is_secretariat)
rules.add_perm("accounts.enrol_two_factor", is_staff_member)
