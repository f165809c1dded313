"""The seed's trading examples through real AutoGen teams: each fills a paper order, seen through the API,
and in the teams only the executor's key trades, only what the risk key approved."""

from __future__ import annotations

import json
from decimal import Decimal
from types import ModuleType
from typing import Any

import pytest
from autogen_agentchat.agents import AssistantAgent

import analyst_risk_executor
import quickstart
import trading_desk
from _shared import OfflineModels, Script
from conftest import speakers, tool_results
from purpleflea_autogen import PurpleFlea, purpleflea_tools
from purpleflea_autogen.responses import Balance
from purpleflea_autogen.replay import scripted_model, tool_call

async def test_quickstart_fills_a_paper_order(owner: PurpleFlea) -> None:
    before = await owner.get_balance()
    models = OfflineModels(quickstart.OFFLINE)
    async with quickstart.team(owner, models) as runner:
        result = await runner.run(task=quickstart.TASK)

    assert speakers(result) == ["user", "purple_flea_trader"]
    assert models.unplayed() == {}
    order = json.loads(tool_results(result)[-1].content)
    assert order["status"] == "filled"
    assert order["filled_amount"] == 0.01 and order["fill_price"] > 0
    await assert_paper_order(owner, before, order)


async def assert_paper_order(owner: PurpleFlea, before: Balance, order: dict[str, Any]) -> None:
    assert order["order_id"] in json.dumps(await owner.orders())
    assert "BTC" in json.dumps(await owner.positions())
    after = await owner.get_balance()
    assert Decimal(after["paper_balance_str"]) < Decimal(before["paper_balance_str"])
    assert after["balance_str"] == before["balance_str"]  # paper trading never touches real USDC


MACRO_BULLISH = [tool_call("purpleflea_get_candles", symbol="BTC", interval="4h", limit=12), "BULLISH: steady ETF inflows."]
MACRO_BEARISH = [tool_call("purpleflea_get_candles", symbol="BTC", interval="4h", limit=12), "BEARISH: rates are rising."]


@pytest.mark.parametrize(
    ("example", "scripts", "expected_speakers"),
    [
        (analyst_risk_executor, {}, ["user", "analyst", "risk_manager", "executor"]),
        (trading_desk, {"macro_analyst": MACRO_BULLISH}, ["user", *trading_desk.ANALYSTS, "executor"]),
    ],
)
async def test_the_team_trades_what_the_risk_key_approved_with_the_executor_key(
    owner: PurpleFlea, example: ModuleType, scripts: dict[str, Script], expected_speakers: list[str]
) -> None:
    before = await owner.get_balance()
    models = OfflineModels({**example.OFFLINE, **scripts})
    async with example.team(owner, models) as runner:
        result = await runner.run(task=example.TASK)

    assert result.stop_reason == "Text 'EXECUTED' mentioned"
    assert speakers(result) == expected_speakers
    assert models.unplayed() == {}
    [proposal] = (await owner.proposals())["proposals"]
    assert proposal["status"] == "executed"
    assert len({proposal["proposed_by"], proposal["decided_by"], proposal["executed_by"]}) == 3
    order = json.loads(tool_results(result)[-1].content)["result"]["body"]
    assert order["status"] == "filled" and order["notional"] <= float(example.PER_TRADE)
    assert order["stop_loss"] is not None
    assert f"EXECUTED: order {order['order_id']} filled" in result.messages[-1].to_text()
    await assert_paper_order(owner, before, order)


async def test_the_desk_rejects_when_the_macro_analyst_is_bearish_and_nothing_moves(owner: PurpleFlea) -> None:
    before = await owner.get_balance()
    models = OfflineModels({**trading_desk.OFFLINE, "macro_analyst": MACRO_BEARISH})
    async with trading_desk.team(owner, models) as runner:
        result = await runner.run(task=trading_desk.TASK)

    assert result.stop_reason == "Text 'TRADE REJECTED' mentioned"
    assert speakers(result) == ["user", *trading_desk.ANALYSTS]
    assert [p["status"] for p in (await owner.proposals())["proposals"]] == ["rejected"]
    assert (await owner.orders())["orders"] == []
    assert await owner.get_balance() == before


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
