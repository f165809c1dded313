"""Trading desk (the seed's group_chat_trading.py for AutoGen 0.7): a SelectorGroupChat where a
model picks who speaks next, and code makes sure the executor only speaks after approval.

    python examples/trading_desk.py [--offline]

As in ``analyst_risk_executor.py`` each role holds its own key, so the risk officer's approval is
a decision on the server, not a phrase: the technical analyst proposes the trade, the risk officer
approves or rejects the proposal, and the executor's key can only execute an approved proposal
(``require_approved_proposal``, 3 % of the paper bankroll per trade). Even a selector that picked
the executor early, or an executor told to trade, would move nothing.

Corrected from the seed: the selector prompt carries ``{roles}``, ``{participants}`` and
``{history}`` (the seed's had none, so the selector never saw the conversation); "executor only
after TRADE APPROVED" is a ``candidate_func`` in code rather than a sentence the selector may
ignore; stop words count only from their owner. The selector model gets its own script offline:
it is consulted once per turn while more than one candidate remains (never for the executor's
turn, the only candidate then). Offline, the analysts read live candles and prices, and the risk
officer rejects if the macro analyst is bearish or the trade is too large.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from _desk import (
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
from autogen_agentchat.messages import BaseAgentEvent, BaseChatMessage
from autogen_agentchat.teams import SelectorGroupChat
from autogen_core.models import LLMMessage

from purpleflea_autogen import PurpleFlea, purpleflea_tools
from purpleflea_autogen.replay import tool_call, tool_result

TASK = "Desk meeting: should we take a small paper position in BTC today? Decide and, if approved, execute."

ANALYSTS = ["macro_analyst", "technical_analyst", "risk_officer"]

PER_TRADE = "300"
"""Paper USDC: 3 % of the default 10,000 paper bankroll, the desk's limit per trade."""


def macro_view(messages: Sequence[LLMMessage]) -> str:
    candles = tool_result(messages, "purpleflea_get_candles")["candles"]
    change = candles[-1]["close"] / candles[0]["open"] - 1
    stance = "BULLISH" if change >= 0 else "BEARISH"
    return f"{stance}: BTC moved {change:.2%} over two days of 4-hour candles."


OFFLINE: dict[str, Script] = {
    "selector": ["macro_analyst", "technical_analyst", "risk_officer"],
    "macro_analyst": [tool_call("purpleflea_get_candles", symbol=SYMBOL, interval="4h", limit=12), macro_view],
    "technical_analyst": [
        tool_call("purpleflea_get_ticker", symbol=SYMBOL),
        tool_call("purpleflea_get_balance"),
        propose_buy(share=0.02, stop_loss=0.03, take_profit=0.06),
        proposal_ready,
    ],
    "risk_officer": risk_script(0.03, "TRADE APPROVED", "TRADE REJECTED", vetoed_by="macro_analyst"),
    "executor": executor_script(),
}

SELECTOR_PROMPT = """You are a trading desk coordinator. The desk:
{roles}

Conversation so far:
{history}

The usual order is macro_analyst, technical_analyst, risk_officer, then executor once the risk
officer has approved. Select the next speaker from {participants}. Reply with the name only."""


def candidates(messages: Sequence[BaseAgentEvent | BaseChatMessage]) -> list[str]:
    """The executor is the only candidate right after the risk officer approves, and never otherwise."""
    chat = [m for m in messages if isinstance(m, BaseChatMessage)]
    last = chat[-1] if chat else None
    if last is not None and last.source == "risk_officer" and "TRADE APPROVED" in last.to_text():
        return ["executor"]
    return [name for name in ANALYSTS if last is None or name != last.source]


SYSTEM = {
    "macro_analyst": "Evaluate BTC's 4-hour candles. Give a BULLISH or BEARISH stance with 1-3 supporting data points.",
    "technical_analyst": (
        "Evaluate BTC's price and the paper balance, then create one proposal with purpleflea_create_proposal: "
        "operation trade.order, a paper buy with entry at market, a stop_loss and a take_profit. You cannot trade."
    ),
    "risk_officer": (
        "Review the newest proposal. Approve it on the server only if both analysts are bullish AND it costs at most "
        "3% of the paper balance; otherwise reject it. Then say 'TRADE APPROVED: [params]' or 'TRADE REJECTED: [reason]'."
    ),
}
TOOLS = {
    "macro_analyst": ["purpleflea_get_candles"],
    "technical_analyst": ["purpleflea_get_ticker", "purpleflea_get_balance", "purpleflea_create_proposal"],
    "risk_officer": RISK_TOOLS,
}


@asynccontextmanager
async def team(pf: PurpleFlea, model_for: ModelFor) -> AsyncIterator[TaskRunner]:
    async with team_keys(pf, per_trade=PER_TRADE, approval_limit=PER_TRADE) as keys:
        holders = {"macro_analyst": keys.analyst, "technical_analyst": keys.analyst, "risk_officer": keys.risk}
        analysts = [
            AssistantAgent(
                name,
                model_client=model_for(name),
                tools=purpleflea_tools(holders[name], only=TOOLS[name]),
                max_tool_iterations=4,
                system_message=SYSTEM[name],
            )
            for name in ANALYSTS
        ]
        executor = AssistantAgent(
            "executor",
            model_client=model_for("executor"),
            tools=purpleflea_tools(keys.executor, only=EXECUTOR_TOOLS),
            max_tool_iterations=3,
            system_message=(
                "Execute the newest approved proposal with purpleflea_execute_proposal, ONLY after 'TRADE APPROVED' "
                "from risk_officer. Report the result starting with 'EXECUTED'."
            ),
        )
        termination = (
            TextMentionTermination("EXECUTED", sources=["executor"])
            | TextMentionTermination("TRADE REJECTED", sources=["risk_officer"])
            | MaxMessageTermination(12)
        )
        yield SelectorGroupChat(
            [*analysts, executor],
            model_client=model_for("selector"),
            termination_condition=termination,
            selector_prompt=SELECTOR_PROMPT,
            candidate_func=candidates,
        )


if __name__ == "__main__":
    main(team, TASK, OFFLINE)
