"""Trading desk (the seed's group_chat_trading.py for AutoGen 0.7): a SelectorGroupChat where a
model picks who speaks next, and code makes sure the executor only speaks after approval.

    python examples/trading_desk.py [--offline]

Corrected from the seed: the selector prompt carries ``{roles}``, ``{participants}`` and
``{history}`` (the seed's had none, so the selector never saw the conversation); "executor only
after TRADE APPROVED" is a ``candidate_func`` in code rather than a sentence the selector may
ignore; the executor reflects on its tool call so it can say EXECUTED; stop words count only from
their owner. The selector model gets its own script offline: it is consulted once per turn while
more than one candidate remains (never for the executor's turn, the only candidate then).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from _shared import ModelFor, Script, main
from autogen_agentchat.agents import AssistantAgent
from autogen_agentchat.base import TaskRunner
from autogen_agentchat.conditions import MaxMessageTermination, TextMentionTermination
from autogen_agentchat.messages import BaseAgentEvent, BaseChatMessage
from autogen_agentchat.teams import SelectorGroupChat

from purpleflea_autogen import PurpleFlea, purpleflea_tools
from purpleflea_autogen.replay import tool_call

TASK = "Desk meeting: should we take a small paper position in BTC today? Decide and, if approved, execute."

ANALYSTS = ["macro_analyst", "technical_analyst", "risk_officer"]

OFFLINE: dict[str, Script] = {
    "selector": ["macro_analyst", "technical_analyst", "risk_officer"],
    "macro_analyst": ["Bullish: easing rate expectations, weaker dollar, steady ETF inflows."],
    "technical_analyst": ["Entry at market, target +6%, stop-loss 3% below entry; the 50-day average held as support."],
    "risk_officer": ["TRADE APPROVED: buy 0.01 BTC paper at market; both analysts agree and it is well within 3% of balance."],
    "executor": [
        tool_call("purpleflea_trade", symbol="BTC", side="buy", amount=0.01, mode="paper"),
        "EXECUTED: bought 0.01 BTC on paper as approved; fill above.",
    ],
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


@asynccontextmanager
async def team(pf: PurpleFlea, model_for: ModelFor) -> AsyncIterator[TaskRunner]:
    created = await pf.create_key("desk-executor", ["read", "trade", "escrow"])
    async with PurpleFlea(api_key=created["api_key"], base_url=pf.base_url) as executor_key:
        system = {
            "macro_analyst": "Evaluate macro economic signals. Provide a bullish/bearish stance with 1-3 supporting data points.",
            "technical_analyst": "Evaluate technical price patterns. Provide entry levels, targets, and stop-loss levels.",
            "risk_officer": (
                "Synthesize analyst inputs. Only say 'TRADE APPROVED: [params]' if both analysts agree AND the position "
                "size is within 3% of balance. Otherwise say 'TRADE REJECTED: [reason]'."
            ),
        }
        analysts = [AssistantAgent(name, model_client=model_for(name), system_message=system[name]) for name in ANALYSTS]
        executor = AssistantAgent(
            "executor",
            model_client=model_for("executor"),
            tools=purpleflea_tools(executor_key, only=["purpleflea_trade", "purpleflea_get_balance", "purpleflea_escrow"]),
            reflect_on_tool_use=True,
            system_message="Execute ONLY after 'TRADE APPROVED' from risk_officer. Report the result starting with 'EXECUTED'.",
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
