"""Analyst -> risk manager -> executor (the seed's multi_agent_team.py for AutoGen 0.7), in a
round robin that stops when the executor reports EXECUTED or the risk manager rejects.

    python examples/analyst_risk_executor.py [--offline]

Corrected from the seed: the executor has ``reflect_on_tool_use=True``, without which its turn ends
with the raw tool result and it never says EXECUTED; the stop words only count from the agent that
owns them (``sources=``), so a task or proposal that quotes them cannot end the run; and
``MaxMessageTermination`` bounds a conversation that goes in circles. The executor's key may only
read and trade: the server, not the prompt, keeps it away from the casino and escrow.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from _shared import ModelFor, Script, main
from autogen_agentchat.agents import AssistantAgent
from autogen_agentchat.base import TaskRunner
from autogen_agentchat.conditions import MaxMessageTermination, TextMentionTermination
from autogen_agentchat.teams import RoundRobinGroupChat

from purpleflea_autogen import PurpleFlea, purpleflea_tools
from purpleflea_autogen.replay import tool_call

TASK = "Market brief: BTC is holding support after a 4% dip with rising volume. Propose and, if approved, place a paper trade."

OFFLINE: dict[str, Script] = {
    "analyst": [
        "Proposal: buy 0.01 BTC (paper) at market. Rationale: support held after the dip on rising volume. "
        "Stop-loss 5% below entry. PROPOSAL READY",
    ],
    "risk_manager": ["APPROVED: 0.01 BTC is far below 5% of the paper balance, no correlated positions, stop-loss set."],
    "executor": [
        tool_call("purpleflea_trade", symbol="BTC", side="buy", amount=0.01, mode="paper"),
        "EXECUTED: bought 0.01 BTC on paper; order and fill price above.",
    ],
}


@asynccontextmanager
async def team(pf: PurpleFlea, model_for: ModelFor) -> AsyncIterator[TaskRunner]:
    created = await pf.create_key("executor", ["read", "trade"])
    async with PurpleFlea(api_key=created["api_key"], base_url=pf.base_url) as executor_key:
        analyst = AssistantAgent(
            "analyst",
            model_client=model_for("analyst"),
            system_message=(
                "You are a market analyst. Analyze market conditions and propose specific trades. Always include: "
                "symbol, direction, amount, and rationale. End proposals with 'PROPOSAL READY' when complete."
            ),
        )
        risk_manager = AssistantAgent(
            "risk_manager",
            model_client=model_for("risk_manager"),
            system_message=(
                "You are a risk manager. Review proposals from the analyst. Check: (1) position size <= 5% of "
                "balance, (2) no correlated positions, (3) stop-loss specified. Reply 'APPROVED' or 'REJECTED: [reason]'."
            ),
        )
        executor = AssistantAgent(
            "executor",
            model_client=model_for("executor"),
            tools=purpleflea_tools(executor_key, only=["purpleflea_trade", "purpleflea_get_balance"]),
            reflect_on_tool_use=True,
            system_message=(
                "You are a trade executor. ONLY execute trades after the risk_manager has said 'APPROVED'. Call "
                "purpleflea_trade with the approved parameters, then report the result starting with 'EXECUTED'. "
                "Never initiate trades independently."
            ),
        )
        termination = (
            TextMentionTermination("EXECUTED", sources=["executor"])
            | TextMentionTermination("REJECTED", sources=["risk_manager"])
            | MaxMessageTermination(10)
        )
        yield RoundRobinGroupChat([analyst, risk_manager, executor], termination_condition=termination)


if __name__ == "__main__":
    main(team, TASK, OFFLINE)
