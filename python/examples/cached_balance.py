"""Decision caching (the seed's cached_agent.py for AutoGen 0.7): balance reads are cached for a
short time; bets, orders and escrow are never cached, and each of them clears the cache, since
after moving money the old balance is wrong.

    python examples/cached_balance.py [--offline]

Corrected from the seed: the seed cached by function arguments forever-within-TTL, so an agent that
bet and then checked its balance was shown the balance from before the bet; here any money-moving
tool invalidates it. ``functools.wraps`` keeps the name, docstring and annotations, so AutoGen still
builds the right schema. The seed's md5-of-JSON key is not needed: the balance takes no arguments.
A balance moved by someone else (a transfer in, an approval executing) shows up within the TTL.
"""

from __future__ import annotations

import functools
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import ParamSpec

from _shared import ModelFor, Script, main
from autogen_agentchat.agents import AssistantAgent
from autogen_agentchat.base import TaskRunner

from purpleflea_autogen import PurpleFlea, PurpleFleaTools
from purpleflea_autogen.replay import tool_call

P = ParamSpec("P")

TASK = "Check my balance, bet 0.1 USDC on dice over_50, then tell me my balance before and after."

OFFLINE: dict[str, Script] = {
    "cautious_gambler": [
        tool_call("purpleflea_get_balance"),
        tool_call("purpleflea_get_balance"),
        tool_call("purpleflea_bet", game="dice", amount=0.1, prediction="over_50"),
        tool_call("purpleflea_get_balance"),
        "Balance before and after the dice bet are above. TERMINATE",
    ],
}


class BalanceCache:
    """One cached balance answer, fresh for ``ttl_s`` seconds of ``clock``."""

    def __init__(self, ttl_s: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self.clock = clock
        self.hits = 0
        self.misses = 0
        self._answer: tuple[str, float] | None = None

    def cached(self, read: Callable[[], Awaitable[str]]) -> Callable[[], Awaitable[str]]:
        @functools.wraps(read)
        async def wrapper() -> str:
            if self._answer is not None and self.clock() < self._answer[1]:
                self.hits += 1
                return self._answer[0]
            self.misses += 1
            answer = await read()
            self._answer = (answer, self.clock() + self.ttl_s)
            return answer

        return wrapper

    def invalidated_by(self, move: Callable[P, Awaitable[str]]) -> Callable[P, Awaitable[str]]:
        @functools.wraps(move)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> str:
            try:
                return await move(*args, **kwargs)
            finally:
                self._answer = None

        return wrapper


@asynccontextmanager
async def team(pf: PurpleFlea, model_for: ModelFor, cache: BalanceCache | None = None) -> AsyncIterator[TaskRunner]:
    cache = cache or BalanceCache(ttl_s=60)
    tools = PurpleFleaTools(pf)
    yield AssistantAgent(
        "cautious_gambler",
        model_client=model_for("cautious_gambler"),
        tools=[cache.cached(tools.purpleflea_get_balance), cache.invalidated_by(tools.purpleflea_bet)],
        max_tool_iterations=5,
        system_message="You check the balance before and after every bet. Reply with TERMINATE when done.",
    )


if __name__ == "__main__":
    main(team, TASK, OFFLINE)
