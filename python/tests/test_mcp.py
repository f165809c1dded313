"""The MCP recipe: McpWorkbench with StreamableHttpServerParams against the real server's /mcp."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import mcp_workbench
from _shared import OfflineModels
from conftest import tool_results
from purpleflea_autogen import PurpleFlea
from purpleflea_autogen.mcp import purpleflea_mcp_params
from purpleflea_autogen.replay import tool_call


async def test_an_agent_bets_through_the_mcp_workbench(owner: PurpleFlea) -> None:
    models = OfflineModels(mcp_workbench.OFFLINE)
    async with mcp_workbench.team(owner, models) as agent:
        result = await agent.run(task=mcp_workbench.TASK)

    assert models.unplayed() == {}
    bet_result, balance_result = tool_results(result)
    assert not bet_result.is_error and not balance_result.is_error
    bet = json.loads(bet_result.content)
    assert (bet["game"], bet["prediction"], bet["amount_str"]) == ("roulette", "red", "0.100000")
    assert [b["bet_id"] for b in (await owner.bets())["bets"]] == [bet["bet_id"]]
    balance = (await owner.get_balance())["balance_str"]
    assert json.loads(balance_result.content)["balance_str"] == balance == bet["new_balance_str"]
    assert Decimal(balance) == Decimal("0.9") + Decimal(bet["payout_str"])


async def test_a_refused_mcp_call_is_a_readable_tool_error_and_moves_nothing(owner: PurpleFlea) -> None:
    models = OfflineModels(
        {"mcp_gambler": [tool_call("place_bet", game="dice", amount=1, prediction="sideways"), "It was refused. TERMINATE"]}
    )
    async with mcp_workbench.team(owner, models) as agent:
        result = await agent.run(task="Bet on dice.")
    (refused,) = tool_results(result)
    assert refused.is_error
    assert "invalid_prediction" in refused.content
    assert (await owner.get_balance())["balance_str"] == "1.000000"


def test_mcp_params_need_a_key_and_point_at_mcp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PURPLE_FLEA_API_KEY", raising=False)
    monkeypatch.setenv("PURPLE_FLEA_BASE_URL", "http://127.0.0.1:9999/api/v1")
    with pytest.raises(ValueError, match="PURPLE_FLEA_API_KEY"):
        purpleflea_mcp_params()
    params = purpleflea_mcp_params(api_key="pf_live_k")
    assert params.url == "http://127.0.0.1:9999/mcp"
    assert params.headers == {"Authorization": "Bearer pf_live_k"}
