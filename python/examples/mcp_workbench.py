"""MCP recipe: the agent uses the server's own tools at ``/mcp`` through ``McpWorkbench`` with
``StreamableHttpServerParams`` (needs ``pip install "purpleflea-autogen[mcp]"``).

    python examples/mcp_workbench.py [--offline]

The server's MCP tools are named after its operations (``get_balance``, ``place_bet``,
``list_approvals``, ...) and take the same arguments as the REST API; a refused call is a tool
error carrying the error code, so the model can read it and react. ``tools=`` and ``workbench=``
cannot be combined on one agent.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from _shared import ModelFor, Script, main
from autogen_agentchat.agents import AssistantAgent
from autogen_agentchat.base import TaskRunner
from autogen_ext.tools.mcp import McpWorkbench

from purpleflea_autogen import PurpleFlea
from purpleflea_autogen.mcp import purpleflea_mcp_params
from purpleflea_autogen.replay import tool_call

TASK = "Bet 0.1 USDC on red at roulette, then tell me my balance."

OFFLINE: dict[str, Script] = {
    "mcp_gambler": [
        tool_call("place_bet", game="roulette", amount="0.1", prediction="red"),
        tool_call("get_balance"),
        "The roulette bet settled and the balance is above. TERMINATE",
    ],
}


@asynccontextmanager
async def team(pf: PurpleFlea, model_for: ModelFor) -> AsyncIterator[TaskRunner]:
    created = await pf.create_key("mcp-gambler", ["read", "bet"])
    async with McpWorkbench(purpleflea_mcp_params(api_key=created["api_key"], base_url=pf.base_url)) as workbench:
        yield AssistantAgent(
            "mcp_gambler",
            model_client=model_for("mcp_gambler"),
            workbench=workbench,
            max_tool_iterations=3,
            system_message="You use the Purple Flea tools to do what you are asked. Reply with TERMINATE when done.",
        )


if __name__ == "__main__":
    main(team, TASK, OFFLINE)
