"""The one error the client raises for an API failure, rebuilt from the server's error body."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class PurpleFleaError(Exception):
    """An API request the server refused or failed: ``code`` is the stable snake_case error code
    (``insufficient_funds``, ``invalid_prediction``, ...), ``status`` the HTTP status, ``details``
    what the server added (``details["field"]`` names a bad field). Branch on ``code``."""

    def __init__(self, code: str, status: int, message: str, details: Mapping[str, Any] | None = None) -> None:
        super().__init__(f"{code} (HTTP {status}): {message}")
        self.code = code
        self.status = status
        self.message = message
        self.details: dict[str, Any] = dict(details or {})

    @classmethod
    def from_body(cls, status: int, body: object) -> PurpleFleaError:
        """Reads ``{"error": {"code", "message", "details"}}``; anything else (a proxy's HTML page,
        an empty body) becomes ``internal`` for 5xx and ``invalid_request`` otherwise, as in the
        TypeScript SDK."""
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict) and isinstance(error.get("code"), str):
            details = error.get("details")
            return cls(
                error["code"],
                status,
                str(error.get("message", "")),
                details if isinstance(details, dict) else None,
            )
        return cls("internal" if status >= 500 else "invalid_request", status, f"HTTP {status}")
