"""Where the client and the MCP recipe find the server and the key: arguments, then environment."""

from __future__ import annotations

import os

DEFAULT_BASE_URL = "http://127.0.0.1:8080"
API_PREFIX = "/api/v1"


def resolve_base_url(base_url: str | None) -> str:
    """The server root (``http://host:port``), from the argument or ``PURPLE_FLEA_BASE_URL``.

    A URL ending in ``/api/v1`` (as the seed guide wrote it) is accepted and trimmed to the root,
    since the REST API and ``/mcp`` both hang off the root."""
    url = (base_url or os.environ.get("PURPLE_FLEA_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
    return url[: -len(API_PREFIX)] if url.endswith(API_PREFIX) else url


def resolve_api_key(api_key: str | None) -> str | None:
    """The key (``pf_live_...``) from the argument or ``PURPLE_FLEA_API_KEY``; None for registration only."""
    return api_key or os.environ.get("PURPLE_FLEA_API_KEY") or None
