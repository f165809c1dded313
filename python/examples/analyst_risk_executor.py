"""Analyst -> risk manager -> executor (the seed's multi_agent_team.py for AutoGen 0.7), in a
round robin that stops when the executor reports EXECUTED or the risk manager rejects.

    python examples/analyst_risk_executor.py [--offline]

The seed's check was a sentence in the executor's prompt ("ONLY execute trades after APPROVED").
Here it is the server's: each role holds its own key. The analyst's key reads and proposes
(``purpleflea_create_proposal``); the risk manager's key may only approve proposals, up to its own
limit; the executor's key has ``require_approved_proposal`` and a per-trade limit, so any order it
places itself is refused (``proposal_required``) and an approved proposal runs exactly as approved.
A prompt injection that talks the executor into trading moves nothing.

Also corrected from the seed: stop words count only from the agent that owns them (``sources=``),
``MaxMessageTermination`` bounds a conversation that goes in circles, and each agent may chain its
tool calls (``max_tool_iterations``) before it speaks. Offline, each role plays from what the server
answers: the analyst sizes its buy from the live price and balance, the risk manager checks it
against the balance, the executor runs the newest approved proposal.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from _desk import (
    ANALYST_TOOLS,
    EXECUTOR_TOOLS,
    RISK_TOOLS,
    SYMBOL,
    executor_script,
    proposal_ready,
    propose_buy,
    risk_script,
    team_keys,
)
from _shared import ModelFor, Script, main
from autogen_agentchat.agents import AssistantAgent
from autogen_agentchat.base import TaskRunner
from autogen_agentchat.conditions import MaxMessageTermination, TextMentionTermination
from autogen_agentchat.teams import RoundRobinGroupChat

from purpleflea_autogen import PurpleFlea, purpleflea_tools
from purpleflea_autogen.replay import tool_call

TASK = "Market brief: BTC is holding support after a 4% dip with rising volume. Propose and, if approved, place a paper trade."

PER_TRADE = "500"
"""Paper USDC: 5 % of the default 10,000 paper bankroll, the most one executed trade may cost (and risk may approve)."""

OFFLINE: dict[str, Script] = {
    "analyst": [
        tool_call("purpleflea_get_ticker", symbol=SYMBOL),
        tool_call("purpleflea_get_balance"),
        propose_buy(share=0.02, stop_loss=0.05),
        proposal_ready,
    ],
    "risk_manager": risk_script(0.05, "APPROVED", "REJECTED"),
    "executor": executor_script(),
}


@asynccontextmanager
async def team(pf: PurpleFlea, model_for: ModelFor) -> AsyncIterator[TaskRunner]:
    async with team_keys(pf, per_trade=PER_TRADE, approval_limit=PER_TRADE) as keys:
        analyst = AssistantAgent(
            "analyst",
            model_client=model_for("analyst"),
            tools=purpleflea_tools(keys.analyst, only=ANALYST_TOOLS),
            max_tool_iterations=5,
            system_message=(
                "You are a market analyst. Read the BTC ticker (and candles if useful) and the paper balance, then "
                "create one proposal with purpleflea_create_proposal: operation trade.order, a paper buy with a "
                "stop_loss, and your rationale. You cannot trade. End with 'PROPOSAL READY' and the proposal id."
            ),
        )
        risk_manager = AssistantAgent(
            "risk_manager",
            model_client=model_for("risk_manager"),
            tools=purpleflea_tools(keys.risk, only=RISK_TOOLS),
            max_tool_iterations=4,
            system_message=(
                "You are a risk manager. List the proposals waiting (status proposed) and the balance. Approve the "
                "newest only if (1) it costs at most 5% of the paper balance and (2) it has a stop-loss; otherwise "
                "reject it on the server with the reason. Reply 'APPROVED' or 'REJECTED: [reason]'."
            ),
        )
        executor = AssistantAgent(
            "executor",
            model_client=model_for("executor"),
            tools=purpleflea_tools(keys.executor, only=EXECUTOR_TOOLS),
            max_tool_iterations=3,
            system_message=(
                "You are a trade executor. List the approved proposals and execute the newest with "
                "purpleflea_execute_proposal; you cannot place orders yourself. Report the result starting with "
                "'EXECUTED'."
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
