"""The decision-caching example: balance reads are cached, money moves are not and clear the cache."""

from __future__ import annotations

import json

import cached_balance
from _shared import OfflineModels
from conftest import tool_results
from purpleflea_autogen import PurpleFlea


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_the_balance_is_cached_until_a_bet_moves_money(owner: PurpleFlea) -> None:
    cache = cached_balance.BalanceCache(ttl_s=60, clock=FakeClock())
    models = OfflineModels(cached_balance.OFFLINE)
    async with cached_balance.team(owner, models, cache) as agent:
        result = await agent.run(task=cached_balance.TASK)

    assert models.unplayed() == {}
    first, second, bet, after = (json.loads(r.content) for r in tool_results(result))
    assert (cache.hits, cache.misses) == (1, 2)
    assert first == second
    assert first["balance_str"] == "1.000000"
    assert after["balance_str"] == bet["new_balance_str"] == (await owner.get_balance())["balance_str"]
    assert len((await owner.bets())["bets"]) == 1


async def test_a_cached_balance_expires_after_its_ttl() -> None:
    clock = FakeClock()
    cache = cached_balance.BalanceCache(ttl_s=60, clock=clock)
    reads = iter(["first", "second"])

    async def read() -> str:
        return next(reads)

    cached = cache.cached(read)
    assert [await cached(), await cached()] == ["first", "first"]
    clock.now += 60
    assert await cached() == "second"
    assert (cache.hits, cache.misses) == (1, 2)
