"""The async client against the real server: typed answers, exact amounts, errors, approvals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import FAST_RETRY, new_agent, username
from live_server import LiveServer
from purpleflea_autogen import PurpleFlea, PurpleFleaError, exact, needs_approval


async def test_register_faucet_balance_and_bet(server: LiveServer) -> None:
    async with PurpleFlea(base_url=server.url) as anonymous:
        registration = await anonymous.register(username())
    assert registration["api_key"].startswith("pf_live_")
    async with PurpleFlea(api_key=registration["api_key"], base_url=f"{server.url}/api/v1/") as pf:
        claim = await pf.claim_faucet()
        assert not needs_approval(claim)
        assert claim["amount_str"] == "1.000000"
        bet = await pf.bet("coinflip", Decimal("0.25"), "heads")
        assert not needs_approval(bet)
        assert bet["outcome"] in ("win", "loss")
        balance = await pf.get_balance()
        assert balance["balance_str"] == bet["new_balance_str"]
        expected = Decimal("0.75") + (Decimal(bet["payout_str"]))
        assert Decimal(balance["balance_str"]) == expected


async def test_reads_key_and_url_from_the_environment(server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    agent = await new_agent(server)
    balance = await agent.get_balance()
    key = (await agent.create_key("env", ["read"]))["api_key"]
    await agent.aclose()
    monkeypatch.setenv("PURPLE_FLEA_API_KEY", key)
    monkeypatch.setenv("PURPLE_FLEA_BASE_URL", server.url)
    async with PurpleFlea() as pf:
        assert (await pf.get_balance())["agent_id"] == balance["agent_id"]


@pytest.mark.parametrize(
    ("amount", "sent"),
    [(0.1, "0.100000"), ("0.000001", "0.000001"), (Decimal("0.5"), "0.500000"), (1e-05, "0.000010"), (0, None)],
)
async def test_amounts_reach_the_server_exactly(
    server: LiveServer, owner: PurpleFlea, amount: float | str | Decimal, sent: str | None
) -> None:
    payee = await new_agent(server, funded=False)
    payee_id = (await payee.get_balance())["agent_id"]
    if sent is None:
        with pytest.raises(PurpleFleaError) as caught:
            await owner.transfer(payee_id, amount)
        assert caught.value.code == "amount_must_be_positive"
    else:
        transfer = await owner.transfer(payee_id, amount)
        assert not needs_approval(transfer)
        assert transfer["amount_str"] == sent
        assert exact(transfer, "amount") == Decimal(sent) == exact(await payee.get_balance(), "balance")
    await payee.aclose()


async def test_api_errors_raise_purpleflea_error_with_code_status_and_field(server: LiveServer, owner: PurpleFlea) -> None:
    before = (await owner.get_balance())["balance_str"]
    cases = [
        (owner.bet("dice", 0.1, "sideways"), "invalid_prediction", 400),
        (owner.bet("dice", 0.0000001, "over_50"), "amount_too_precise", 400),
        (owner.bet("coinflip", 5, "heads"), "insufficient_funds", 422),
        (owner.claim_faucet(), "faucet_already_claimed", 409),
        (owner.get_approval("apr_missing"), "approval_not_found", 404),
    ]
    for call, code, status in cases:
        with pytest.raises(PurpleFleaError) as caught:
            await call
        assert (caught.value.code, caught.value.status) == (code, status)
        assert caught.value.message
    assert (await owner.get_balance())["balance_str"] == before

    with pytest.raises(PurpleFleaError) as caught:
        await owner.bet("dice", 0.1, "sideways")
    assert caught.value.details["field"] == "prediction"
    assert str(caught.value).startswith("invalid_prediction (HTTP 400): ")

    async with PurpleFlea(api_key="pf_live_not-a-real-key", base_url=server.url, retry=FAST_RETRY) as stranger:
        with pytest.raises(PurpleFleaError) as caught:
            await stranger.get_balance()
        assert (caught.value.code, caught.value.status) == ("invalid_api_key", 401)


async def test_a_bet_above_the_threshold_waits_and_runs_once_when_approved(server: LiveServer, owner: PurpleFlea) -> None:
    created = await owner.create_key("bettor", ["read", "bet"], {"approval_threshold": "0.5"})
    async with PurpleFlea(api_key=created["api_key"], base_url=server.url) as bettor:
        held = await bettor.bet("coinflip", 0.75, "heads")
        assert needs_approval(held)
        assert (await owner.get_balance())["balance_str"] == "1.000000"
        with pytest.raises(PurpleFleaError) as own:
            await bettor.approve(held["approval_id"])
        assert own.value.code in ("insufficient_scope", "cannot_decide_own_request")

        approved = await owner.approve(held["approval_id"], note="fine")
        assert approved["status"] == "executed"
        assert approved["result"] is not None
        bet = approved["result"]["body"]
        with pytest.raises(PurpleFleaError) as again:
            await owner.approve(held["approval_id"])
        assert again.value.code == "approval_already_decided"
        assert [b["bet_id"] for b in (await bettor.bets())["bets"]] == [bet["bet_id"]]
        assert (await owner.get_balance())["balance_str"] == bet["new_balance_str"]


async def test_chain_calls_reach_their_routes_on_a_server_without_a_chain(server: LiveServer) -> None:
    async with PurpleFlea(base_url=server.url) as anonymous:
        registration = await anonymous.register(username())
    async with PurpleFlea(api_key=registration["api_key"], base_url=server.url, retry=FAST_RETRY) as pf:
        cases = [
            (pf.deposit_address(), "chain_not_configured", 422),
            (pf.withdraw("0x" + "ab" * 20, Decimal("1.5")), "chain_not_configured", 422),
            (pf.withdrawal("wd_missing"), "withdrawal_not_found", 404),
        ]
        for call, code, status in cases:
            with pytest.raises(PurpleFleaError) as caught:
                await call
            assert (caught.value.code, caught.value.status) == (code, status)
