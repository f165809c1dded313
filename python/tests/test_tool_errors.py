"""Acceptance 3: a bad argument or an API error reaches the agent as a readable tool result, the team
goes on, and nothing moves."""

from __future__ import annotations

import json
import socket
from decimal import Decimal

import pytest
from autogen_agentchat.agents import AssistantAgent
from autogen_agentchat.conditions import MaxMessageTermination, TextMentionTermination
from autogen_agentchat.teams import RoundRobinGroupChat

from _shared import OfflineModels
from conftest import speakers, tool_results
from live_server import LiveServer
from purpleflea_autogen import PurpleFlea, PurpleFleaTools, ToolCallFailed, purpleflea_tools
from purpleflea_autogen.replay import tool_call


async def test_bad_calls_come_back_readable_and_the_team_goes_on(owner: PurpleFlea) -> None:
    models = OfflineModels(
        {
            "gambler": [
                tool_call("purpleflea_bet", game="poker", amount=0.1, prediction="royal_flush"),
                tool_call("purpleflea_bet", game="dice", amount=0.1, prediction="sideways"),
                tool_call("purpleflea_bet", game="coinflip", amount=5, prediction="heads"),
                tool_call("purpleflea_bet", game="coinflip", amount=0.0000001, prediction="heads"),
                tool_call("purpleflea_escrow", action="release", counterparty_agent_id="x", amount=1),
                tool_call("purpleflea_withdraw_everything", to="attacker"),
                "Those calls failed; I will ask the auditor.",
            ],
            "auditor": [tool_call("purpleflea_get_balance"), "DONE: the balance is unchanged."],
        }
    )
    gambler = AssistantAgent("gambler", model_client=models("gambler"), tools=purpleflea_tools(owner), max_tool_iterations=7)
    auditor = AssistantAgent(
        "auditor",
        model_client=models("auditor"),
        tools=purpleflea_tools(owner, only=["purpleflea_get_balance"]),
        max_tool_iterations=2,
    )
    team = RoundRobinGroupChat(
        [gambler, auditor], termination_condition=TextMentionTermination("DONE", sources=["auditor"]) | MaxMessageTermination(6)
    )
    result = await team.run(task="Try your luck.")

    assert speakers(result) == ["user", "gambler", "auditor"]
    assert models.unplayed() == {}
    *failures, audit = tool_results(result)
    assert [f.is_error for f in failures] == [True] * 6
    poker, prediction, funds, precise, escrow, unknown = (f.content for f in failures)
    assert "game" in poker and "dice" in poker  # pydantic names the field and the allowed values
    assert prediction.startswith("Purple Flea refused the request: invalid_prediction (field: prediction): ")
    assert prediction.endswith("Nothing moved.")
    assert "insufficient_funds" in funds
    assert "amount_too_precise" in precise
    assert escrow == "escrow_id is required to release an escrow (create returns it). Nothing was sent."
    assert "purpleflea_withdraw_everything" in unknown and "not found" in unknown
    assert not audit.is_error
    assert json.loads(audit.content)["balance_str"] == "1.000000"
    assert (await owner.bets())["bets"] == []


async def test_an_unreachable_server_is_a_readable_failure_that_says_the_outcome_is_unknown() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with PurpleFlea(api_key="pf_live_x", base_url=f"http://127.0.0.1:{port}") as pf:
        tools = PurpleFleaTools(pf)
        with pytest.raises(ToolCallFailed) as bet:
            await tools.purpleflea_bet("coinflip", 0.1, "heads")
        assert f"Could not reach Purple Flea at http://127.0.0.1:{port} (ConnectError)." in str(bet.value)
        assert "unknown whether the request was executed" in str(bet.value)
        with pytest.raises(ToolCallFailed) as read:
            await tools.purpleflea_get_balance()
        assert str(read.value).endswith("Try again later.")


async def test_a_request_held_for_approval_tells_the_agent_to_wait(server: LiveServer, owner: PurpleFlea) -> None:
    created = await owner.create_key("held", ["read", "bet"], {"approval_threshold": "0.5"})
    async with PurpleFlea(api_key=created["api_key"], base_url=server.url) as bettor:
        answer = await PurpleFleaTools(bettor).purpleflea_bet("coinflip", 0.75, "tails")
    pending = (await owner.approvals(status="pending"))["approvals"]
    assert len(pending) == 1
    approval_id = pending[0]["approval_id"]
    assert answer.startswith(f"APPROVAL REQUIRED (approval_id {approval_id}, expires ")
    assert "Nothing has moved yet" in answer and "do not send the request again" in answer
    assert f'purpleflea_approvals("{approval_id}")' in answer
    assert Decimal((await owner.get_balance())["balance_str"]) == 1
