"""API pagination with bounds, so a huge limit or offset is clamped instead of reaching the database."""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination

MAX_OFFSET = 10**9


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    default_limit = 50
    max_limit = 1000

    def get_offset(self, request) -> int:  # noqa: ANN001
        return min(super().get_offset(request), MAX_OFFSET)
