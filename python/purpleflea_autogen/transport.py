"""HTTP to the Purple Flea API: auth header, idempotency keys, retries, errors."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Mapping
from typing import Any

import httpx

from .errors import PurpleFleaError
from .retry import RetryPolicy, should_retry
from .settings import API_PREFIX


class Transport:
    """Sends one API request, retrying what is safe to retry with the same ``Idempotency-Key``."""

    def __init__(self, base_url: str, api_key: str | None, retry: RetryPolicy, timeout_s: float) -> None:
        self.base_url = base_url
        self._api_key = api_key
        self._retry = retry
        self._http = httpx.AsyncClient(base_url=base_url + API_PREFIX, timeout=timeout_s)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        body: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        moves: bool = False,
        idempotency_key: str | None = None,
    ) -> Any:
        """Returns the parsed JSON of a 2xx answer (a 202 ``approval_required`` included) or raises
        PurpleFleaError. A money-moving request (``moves``) always carries an ``Idempotency-Key``
        (a fresh UUID unless given), so a retry after a lost response cannot move money twice.
        Network errors that outlive the retries are raised as ``httpx.TransportError``."""
        headers: dict[str, str] = {}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        if moves:
            headers["Idempotency-Key"] = idempotency_key or str(uuid.uuid4())
        params = {k: v for k, v in (query or {}).items() if v is not None}
        replay_safe = method == "GET" or moves
        for attempt in range(self._retry.retries + 1):
            last = attempt == self._retry.retries
            try:
                response = await self._http.request(
                    method, path, json=dict(body) if body is not None else None, params=params, headers=headers
                )
            except httpx.TransportError:
                if last or not should_retry(None, replay_safe):
                    raise
                await asyncio.sleep(self._retry.delay_s(attempt, None))
                continue
            retry_after = response.headers.get("retry-after")
            retry = not last and should_retry(response.status_code, replay_safe)
            if not retry or self._retry.outwaits_retries(attempt, retry_after):
                return _parse(response)
            await asyncio.sleep(self._retry.delay_s(attempt, retry_after))
        raise AssertionError("unreachable: the last attempt returns or raises")


def _parse(response: httpx.Response) -> Any:
    try:
        body = response.json() if response.content else None
    except ValueError:
        body = None
    if response.status_code >= 400:
        raise PurpleFleaError.from_body(response.status_code, body)
    return body
