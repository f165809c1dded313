"""Retries: what is safe to send again is sent again with the same Idempotency-Key, and happens once."""

from __future__ import annotations

import httpx
import pytest

from conftest import FAST_RETRY, new_agent
from faulty_proxy import FaultyProxy
from live_server import LiveServer
from purpleflea_autogen import PurpleFlea, PurpleFleaError, RetryPolicy, needs_approval

BET = b"POST /api/v1/casino/bet "


async def via(proxy: FaultyProxy, agent: PurpleFlea) -> PurpleFlea:
    key = (await agent.create_key("through-proxy", ["read", "bet"]))["api_key"]
    return PurpleFlea(api_key=key, base_url=proxy.url, retry=FAST_RETRY)


async def test_a_bet_whose_answer_is_lost_is_retried_with_the_same_key_and_happens_once(
    server: LiveServer, owner: PurpleFlea
) -> None:
    async with FaultyProxy(server.url, BET, "drop_response") as proxy, await via(proxy, owner) as pf:
        bet = await pf.bet("coinflip", 0.25, "heads")
        assert proxy.faults == 1
        assert len(proxy.seen_keys) == 2
        assert proxy.seen_keys[0] is not None and proxy.seen_keys[0] == proxy.seen_keys[1]
        assert not needs_approval(bet)
        assert [b["bet_id"] for b in (await owner.bets())["bets"]] == [bet["bet_id"]]
        assert (await owner.get_balance())["balance_str"] == bet["new_balance_str"]


@pytest.mark.parametrize("status", [503, 429])
async def test_5xx_and_429_are_retried_with_the_same_key(server: LiveServer, owner: PurpleFlea, status: int) -> None:
    async with FaultyProxy(server.url, BET, f"status:{status}") as proxy, await via(proxy, owner) as pf:
        bet = await pf.bet("dice", 0.1, "over_50", idempotency_key=f"my-key-{status}")
        assert proxy.seen_keys == [f"my-key-{status}", f"my-key-{status}"]
        assert not needs_approval(bet)
        assert len((await owner.bets())["bets"]) == 1


async def test_a_request_without_idempotency_is_not_sent_twice(server: LiveServer, owner: PurpleFlea) -> None:
    async with FaultyProxy(server.url, b"POST /api/v1/keys ", "drop_response") as proxy:
        owner_key = await owner.create_key("admin-through-proxy", ["admin", "read"])
        async with PurpleFlea(api_key=owner_key["api_key"], base_url=proxy.url, retry=FAST_RETRY) as pf:
            with pytest.raises(httpx.TransportError):
                await pf.create_key("lost-answer", ["read"])
        assert proxy.seen_keys == [None]


async def test_retries_give_up_with_the_last_error(server: LiveServer) -> None:
    agent = await new_agent(server, funded=False)
    balance = b"GET /api/v1/wallet/balance "
    async with FaultyProxy(server.url, balance, "status:503", times=100) as proxy, await via(proxy, agent) as pf:
        with pytest.raises(PurpleFleaError) as caught:
            await pf.get_balance()
        assert (caught.value.code, caught.value.status) == ("internal", 503)
        assert len(proxy.seen_keys) == FAST_RETRY.retries + 1
    await agent.aclose()


def test_a_retry_after_beyond_every_remaining_wait_is_answered_at_once() -> None:
    # A faucet refused until tomorrow says Retry-After: 86400; three 5 s waits could never reach it.
    policy = RetryPolicy(retries=3, max_delay_s=5.0)
    assert policy.outwaits_retries(0, "86400")
    assert not policy.outwaits_retries(0, "12")
    assert policy.outwaits_retries(2, "12")
    assert not policy.outwaits_retries(0, None)
    assert not policy.outwaits_retries(0, "soon")
