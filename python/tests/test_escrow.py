"""Escrow through a real team: the buyer locks USDC for the seller and releases it once the work is
delivered; the seller receives the amount less the 1 % fee."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from decimal import Decimal

from autogen_agentchat.agents import AssistantAgent
from autogen_agentchat.conditions import MaxMessageTermination, TextMentionTermination
from autogen_agentchat.teams import RoundRobinGroupChat
from autogen_core.models import CreateResult, LLMMessage

from conftest import new_agent, speakers, tool_results
from live_server import LiveServer
from purpleflea_autogen import needs_approval, purpleflea_tools
from purpleflea_autogen.replay import ScriptedModel, scripted_model, tool_call

def release_the_escrow_created_earlier(messages: Sequence[LLMMessage]) -> CreateResult:
    match = re.search(r'"escrow_id": "([^"]+)"', str(messages))
    assert match, "the escrow id should be in the buyer's context"
    return tool_call("purpleflea_escrow", action="release", counterparty_agent_id="", amount=0, escrow_id=match.group(1))


async def test_an_escrow_is_created_then_released_with_a_1_percent_fee(server: LiveServer) -> None:
    buyer_pf = await new_agent(server)
    seller_pf = await new_agent(server, funded=False)
    seller_id = (await seller_pf.get_balance())["agent_id"]
    buyer_model = ScriptedModel(
        [
            tool_call(
                "purpleflea_escrow", action="create", counterparty_agent_id=seller_id, amount=0.5, condition="deliver the report"
            ),
            "Escrow created; waiting for the report.",
            release_the_escrow_created_earlier,
            "RELEASED: the seller has been paid.",
        ]
    )
    buyer = AssistantAgent(
        "buyer", model_client=buyer_model, tools=purpleflea_tools(buyer_pf, only=["purpleflea_escrow"]), reflect_on_tool_use=True
    )
    seller = AssistantAgent("seller", model_client=scripted_model("The report is delivered."))
    team = RoundRobinGroupChat(
        [buyer, seller], termination_condition=TextMentionTermination("RELEASED", sources=["buyer"]) | MaxMessageTermination(6)
    )
    result = await team.run(task="Buy a research report from the seller through escrow.")

    assert speakers(result) == ["user", "buyer", "seller", "buyer"]
    created, released = (json.loads(r.content) for r in tool_results(result))
    assert created["amount_str"] == "0.500000"
    assert released["escrow_id"] == created["escrow_id"]
    assert (released["fee_paid_str"], released["net_amount_str"]) == ("0.005000", "0.495000")
    assert (await seller_pf.get_balance())["balance_str"] == "0.495000"
    assert Decimal((await buyer_pf.get_balance())["balance_str"]) == Decimal("0.5")
    await buyer_pf.aclose()
    await seller_pf.aclose()


async def test_the_escrowed_amount_leaves_the_balance_at_creation(server: LiveServer) -> None:
    """After an escrow of 0.5 from 1 USDC, ``balance`` is the 0.5 the agent can still spend."""
    buyer = await new_agent(server)
    seller = await new_agent(server, funded=False)
    created = await buyer.escrow_create((await seller.get_balance())["agent_id"], "0.5", "deliver the report")
    assert not needs_approval(created)
    assert (created["new_balance_str"], created["held_str"], created["total_str"]) == ("0.500000", "0.500000", "1.000000")
    balance = await buyer.get_balance()
    assert (balance["balance"], balance["available"], balance["held"], balance["total"]) == (0.5, 0.5, 0.5, 1.0)
    await buyer.aclose()
    await seller.aclose()
