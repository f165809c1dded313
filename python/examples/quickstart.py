"""Quickstart (the seed's quickstart_autogen.py for AutoGen 0.7): one agent checks the balance and
places a paper trade in a single run.

    python examples/quickstart.py             # OPENAI_API_KEY or AZURE_OPENAI_* set: a real model
    python examples/quickstart.py --offline   # the scripted model below; no key, no network

Corrected from the seed: the client comes from ``autogen_ext.models.openai`` (not
``autogen_ext.models``); no ``UserProxyAgent(human_input_mode=...)`` / ``initiate_chat`` /
``result.summary``: the agent runs itself with ``agent.run(task=...)``; and it may chain tool calls
(``max_tool_iterations=3``: balance, then trade, then its answer) where the default stops after one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from _shared import ModelFor, Script, main
from autogen_agentchat.agents import AssistantAgent
from autogen_agentchat.base import TaskRunner

from purpleflea_autogen import PurpleFlea, purpleflea_tools
from purpleflea_autogen.replay import tool_call

TASK = "Check my balance and place a paper trade: buy 0.01 BTC if my paper balance is above 100 USDC."

OFFLINE: dict[str, Script] = {
    "purple_flea_trader": [
        tool_call("purpleflea_get_balance"),
        tool_call("purpleflea_trade", symbol="BTC", side="buy", amount=0.01, mode="paper"),
        "The paper balance is above 100 USDC, so I bought 0.01 BTC on paper; the fill is above. TERMINATE",
    ],
}


@asynccontextmanager
async def team(pf: PurpleFlea, model_for: ModelFor) -> AsyncIterator[TaskRunner]:
    yield AssistantAgent(
        "purple_flea_trader",
        model_client=model_for("purple_flea_trader"),
        tools=purpleflea_tools(pf, only=["purpleflea_get_balance", "purpleflea_trade"]),
        max_tool_iterations=3,
        system_message=(
            "You are a financial trading agent on Purple Flea. Always check the balance before placing "
            "trades. Never risk more than 5% of the balance on a single trade. Reply with TERMINATE when done."
        ),
    )


if __name__ == "__main__":
    main(team, TASK, OFFLINE)
