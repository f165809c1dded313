"""When a failed request may be sent again, and how long to wait first."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """``retries`` attempts after the first, exponential backoff with full jitter between
    ``base_delay_s`` and ``max_delay_s``; a ``Retry-After`` from the server wins."""

    retries: int = 3
    base_delay_s: float = 0.2
    max_delay_s: float = 5.0

    def delay_s(self, attempt: int, retry_after: str | None) -> float:
        if retry_after is not None:
            try:
                seconds = float(retry_after)
            except ValueError:
                seconds = -1.0
            if seconds >= 0:
                return min(seconds, self.max_delay_s)
        return random.uniform(0, min(self.max_delay_s, self.base_delay_s * 2**attempt))

    def outwaits_retries(self, attempt: int, retry_after: str | None) -> bool:
        """A ``Retry-After`` longer than all the waiting the remaining attempts may do (a faucet
        window that reopens tomorrow): retrying could not succeed, so the answer is returned at once."""
        try:
            seconds = float(retry_after) if retry_after is not None else -1.0
        except ValueError:
            return False
        return seconds > self.max_delay_s * (self.retries - attempt)


def should_retry(status: int | None, replay_safe: bool) -> bool:
    """A 429 did nothing, so it is always retried. A lost response (``status`` None) or a 5xx may
    have done the work: only reads and requests carrying an ``Idempotency-Key`` are sent again."""
    if status == 429:
        return True
    if status is None or status >= 500:
        return replay_safe
    return False
