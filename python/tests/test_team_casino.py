"""The tools through real AutoGen teams: faucet, balance and the seed's three bets, scripted."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from autogen_agentchat.agents import AssistantAgent
from autogen_agentchat.conditions import MaxMessageTermination, TextMentionTermination
from autogen_agentchat.teams import RoundRobinGroupChat

from _shared import OfflineModels
from conftest import new_agent, speakers, tool_results
from live_server import LiveServer
from purpleflea_autogen import purpleflea_tools
from purpleflea_autogen.replay import tool_call

BETS = [("coinflip", "heads"), ("dice", "over_50"), ("roulette", "red")]


async def test_a_team_claims_the_faucet_checks_the_balance_and_settles_three_bets(
    server: LiveServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tools use the client they are bound to, never the environment.
    monkeypatch.setenv("PURPLE_FLEA_API_KEY", "pf_live_wrong")
    pf = await new_agent(server, funded=False)
    models = OfflineModels(
        {
            "treasurer": [
                tool_call("purpleflea_claim_faucet"),
                tool_call("purpleflea_get_balance"),
                "Funded: 1 USDC.",
            ],
            "gambler": [
                *(tool_call("purpleflea_bet", game=game, amount=0.1, prediction=p) for game, p in BETS),
                "DONE: three bets placed.",
            ],
        }
    )
    treasurer = AssistantAgent(
        "treasurer",
        model_client=models("treasurer"),
        tools=purpleflea_tools(pf, only=["purpleflea_claim_faucet", "purpleflea_get_balance"]),
        max_tool_iterations=3,
    )
    gambler = AssistantAgent(
        "gambler", model_client=models("gambler"), tools=purpleflea_tools(pf, only=["purpleflea_bet"]), max_tool_iterations=4
    )
    team = RoundRobinGroupChat(
        [treasurer, gambler],
        termination_condition=TextMentionTermination("DONE", sources=["gambler"]) | MaxMessageTermination(6),
    )
    result = await team.run(task="Fund the wallet, then place one small bet on each game.")

    assert result.stop_reason == "Text 'DONE' mentioned"
    assert speakers(result) == ["user", "treasurer", "gambler"]
    assert models.unplayed() == {}
    results = tool_results(result)
    assert [r.is_error for r in results] == [False] * 5
    claim, balance, *bets = (json.loads(r.content) for r in results)
    assert claim["amount_str"] == "1.000000"
    assert balance["balance_str"] == "1.000000"
    assert [(b["game"], b["prediction"]) for b in bets] == [("coinflip", "heads"), ("dice", "over_50.00"), ("roulette", "red")]
    assert all(b["outcome"] in ("win", "loss") and b["amount_str"] == "0.100000" for b in bets)

    history = (await pf.bets())["bets"]
    assert sorted(b["bet_id"] for b in history) == sorted(b["bet_id"] for b in bets)
    expected = Decimal("0.7") + sum(Decimal(b["payout_str"]) for b in bets)
    assert Decimal((await pf.get_balance())["balance_str"]) == expected == Decimal(bets[-1]["new_balance_str"])
    await pf.aclose()
