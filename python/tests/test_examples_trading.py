"""The seed's trading examples through real AutoGen teams: each fills a paper order, seen through the API."""

from __future__ import annotations

import json
from decimal import Decimal
from types import ModuleType

import pytest
from autogen_agentchat.agents import AssistantAgent

import analyst_risk_executor
import quickstart
import trading_desk
from _shared import OfflineModels
from conftest import speakers, tool_results
from purpleflea_autogen import PurpleFlea, purpleflea_tools
from purpleflea_autogen.replay import scripted_model, tool_call

pytestmark = pytest.mark.needs_routes("/trade/order", "/trade/positions", "/trade/orders")


@pytest.mark.parametrize(
    ("example", "expected_speakers", "stop_reason"),
    [
        (quickstart, ["user", "purple_flea_trader"], None),
        (analyst_risk_executor, ["user", "analyst", "risk_manager", "executor"], "Text 'EXECUTED' mentioned"),
        (trading_desk, ["user", "macro_analyst", "technical_analyst", "risk_officer", "executor"], "Text 'EXECUTED' mentioned"),
    ],
)
async def test_the_example_fills_a_paper_order(
    owner: PurpleFlea, example: ModuleType, expected_speakers: list[str], stop_reason: str | None
) -> None:
    before = await owner.get_balance()
    models = OfflineModels(example.OFFLINE)
    async with example.team(owner, models) as runner:
        result = await runner.run(task=example.TASK)

    assert result.stop_reason == stop_reason
    assert speakers(result) == expected_speakers
    assert models.unplayed() == {}
    order = json.loads(tool_results(result)[-1].content)
    assert order["status"] == "filled"
    assert order["filled_amount"] == 0.01 and order["fill_price"] > 0
    assert order["order_id"] in json.dumps(await owner.orders())
    assert "BTC" in json.dumps(await owner.positions())
    after = await owner.get_balance()
    assert Decimal(after["paper_balance_str"]) < Decimal(before["paper_balance_str"])
    assert after["balance_str"] == before["balance_str"]  # paper trading never touches real USDC


async def test_live_mode_is_refused_readably_and_nothing_moves(owner: PurpleFlea) -> None:
    before = await owner.get_balance()
    agent = AssistantAgent(
        "trader",
        model_client=scripted_model(
            tool_call("purpleflea_trade", symbol="BTC", side="buy", amount=0.01, mode="live"),
            tool_call("purpleflea_get_ticker", symbol="BTC"),
            tool_call("purpleflea_positions"),
            "Live trading is not available here. TERMINATE",
        ),
        tools=purpleflea_tools(owner),
        max_tool_iterations=4,
    )
    result = await agent.run(task="Buy 0.01 BTC with real money.")
    live, ticker, positions = tool_results(result)
    assert live.is_error and "live_trading_unavailable" in live.content and live.content.endswith("Nothing moved.")
    assert not ticker.is_error and "BTC" in ticker.content
    assert not positions.is_error
    assert await owner.get_balance() == before
