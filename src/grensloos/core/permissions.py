"""API permission by role: the same django-rules permissions as the pages and the admin."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework.permissions import SAFE_METHODS, BasePermission

_ACTIONS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


class RolePermission(BasePermission):
    """Reads are public unless the view names a ``read_permission``; writes need ``<app>.<action>_<model>``.

    The permission names are django-rules permissions (see each app's ``rules.py``), so the API, the admin
    and the HTML views share one definition of who may do what. Object-level rules get the object.
    """

    def _write_perm(self, request: Any, view: Any) -> str:
        model = view.get_queryset().model
        return f"{model._meta.app_label}.{_ACTIONS[request.method]}_{model._meta.model_name}"

    def has_permission(self, request: Any, view: Any) -> bool:
        if request.method in SAFE_METHODS or request.method not in _ACTIONS:
            perm = getattr(view, "read_permission", None)
            return perm is None or request.user.has_perm(perm)
        if not request.user.is_authenticated:
            return False
        if request.method == "POST":
            return request.user.has_perm(self._write_perm(request, view))
        return True  # decided per object below

    def has_object_permission(self, request: Any, view: Any, obj: models.Model) -> bool:
        if request.method in SAFE_METHODS or request.method not in _ACTIONS:
            perm = getattr(view, "read_permission", None)
            return perm is None or request.user.has_perm(perm, obj)
        return request.user.has_perm(self._write_perm(request, view), obj)
