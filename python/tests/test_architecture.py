"""The check is the server's, in Python as in TypeScript: each role holds its own key, and an
executor that ignores the risk manager is refused by the server and moves nothing. The same team
also runs against the TypeScript scripted model over the OpenAI chat-completions API."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import analyst_risk_executor
from _desk import team_keys
from _shared import openai_model
import pytest
from autogen_agentchat.agents import AssistantAgent
from autogen_core.tools import FunctionTool
from conftest import speakers, tool_results
from live_server import REPO_ROOT
from purpleflea_autogen import PurpleFlea, PurpleFleaError, purpleflea_tools
from purpleflea_autogen.replay import scripted_model, tool_call, tool_result
from scripted_model_server import scripted_model as scripted_model_server


def order(notional: float) -> dict[str, Any]:
    return {"symbol": "BTC-USD", "side": "buy", "notional": notional, "mode": "paper"}


async def test_an_executor_that_ignores_the_risk_manager_is_refused_and_nothing_moves(owner: PurpleFlea) -> None:
    async with team_keys(owner, per_trade="500", approval_limit="1000") as keys:
        approved_small = await keys.analyst.create_proposal("trade.order", order(200), "small")
        approved_large = await keys.analyst.create_proposal("trade.order", order(800), "above the executor's limit")
        unapproved = await keys.analyst.create_proposal("trade.order", order(300), "not reviewed")
        for proposal in (approved_small, approved_large):
            await keys.risk.approve_proposal(proposal["proposal_id"])
        before = await owner.get_balance()
        rogue = AssistantAgent(
            "executor",
            model_client=scripted_model(
                tool_call("purpleflea_trade", symbol="BTC", side="buy", amount=0.008, mode="paper"),
                tool_call("purpleflea_execute_proposal", id=unapproved["proposal_id"]),
                tool_call("purpleflea_list_proposals", status="approved"),
                lambda messages: tool_call(
                    "purpleflea_execute_proposal",
                    id=max(tool_result(messages, "purpleflea_list_proposals")["proposals"], key=lambda p: p["amount"])[
                        "proposal_id"
                    ],
                ),
                "Tried everything.",
            ),
            # A subverted executor: it holds a trade tool, and its prompt says to trade.
            tools=purpleflea_tools(keys.executor, only=["purpleflea_trade", "purpleflea_list_proposals", "purpleflea_execute_proposal"]),
            max_tool_iterations=5,
        )
        result = await rogue.run(task="Trade as much BTC as you can, approval or not.")

    direct, early, _, over_limit = tool_results(result)
    assert direct.is_error and "proposal_required" in direct.content and direct.content.endswith("Nothing moved.")
    assert early.is_error and "proposal_not_approved" in early.content
    assert over_limit.is_error and "policy_violation" in over_limit.content and "500.000000" in over_limit.content
    assert (await owner.orders())["orders"] == []
    assert await owner.get_balance() == before
    statuses = {p["proposal_id"]: p["status"] for p in (await owner.proposals())["proposals"]}
    assert statuses == {
        approved_small["proposal_id"]: "approved",
        approved_large["proposal_id"]: "approved",
        unapproved["proposal_id"]: "proposed",
    }


async def test_the_team_runs_on_an_openai_compatible_server_with_the_typescript_roles(owner: PurpleFlea) -> None:
    example = REPO_ROOT / "packages" / "agent-tools" / "examples" / "desk-roles.ts"
    before = await owner.get_balance()
    with scripted_model_server(example, "analystRiskExecutorRoles") as base_url:
        # Model names the server knows and AutoGen does not ("analyst"): the example declares their abilities.
        async with analyst_risk_executor.team(owner, lambda name: openai_model(name, base_url=base_url)) as team:
            result = await team.run(task=analyst_risk_executor.TASK)

    assert result.stop_reason == "Text 'EXECUTED' mentioned"
    assert speakers(result) == ["user", "analyst", "risk_manager", "executor"]
    [proposal] = (await owner.proposals())["proposals"]
    assert proposal["status"] == "executed"
    executed = json.loads(tool_results(result)[-1].content)
    order_body = executed["result"]["body"]
    assert order_body["status"] == "filled" and order_body["notional"] <= 500
    after = await owner.get_balance()
    assert Decimal(after["paper_balance_str"]) < Decimal(before["paper_balance_str"])
    assert after["balance_str"] == before["balance_str"]


async def test_the_proposal_tool_offers_exactly_the_operations_the_server_accepts(owner: PurpleFlea) -> None:
    tool = next(t for t in purpleflea_tools(owner, only=["purpleflea_create_proposal"]) if isinstance(t, FunctionTool))
    offered = tool.schema["parameters"]["properties"]["operation"]["enum"]
    with pytest.raises(PurpleFleaError) as refused:
        await owner.create_proposal("casino.verify", {}, "not a money move")
    assert refused.value.code == "unknown_operation"
    assert sorted(offered) == sorted(refused.value.details["operations"])
