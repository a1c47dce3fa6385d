"""Domain errors raised by services; views and the API turn them into clear 400/403 responses."""

from __future__ import annotations


class DomainError(Exception):
    """A request that the domain refuses. ``field`` names the input at fault, when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_dict(self) -> dict[str, list[str]]:
        return {self.field or "non_field_errors": [str(self.message)]}
