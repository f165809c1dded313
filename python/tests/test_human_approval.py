"""The human approval example at the seed's $100: an order above the threshold waits; the human's
approval through the API makes it run exactly once; a rejection moves nothing; with no terminal
attached, the example takes the decision from the server's approval queue."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from decimal import Decimal

import pytest

import human_approval
from _shared import OfflineModels
from conftest import EXAMPLES, speakers, tool_results, username
from live_server import LiveServer
from purpleflea_autogen import PurpleFlea, PurpleFleaError
from purpleflea_autogen.replay import tool_call
from purpleflea_autogen.responses import Approval


class Human:
    def __init__(self, approve: bool | None) -> None:
        self.approve = approve
        self.seen: list[Approval] = []

    async def decide(self, approval: Approval) -> bool | None:
        self.seen.append(approval)
        return self.approve


async def test_an_order_above_100_waits_for_the_human_and_runs_once(owner: PurpleFlea) -> None:
    before = Decimal((await owner.get_balance())["paper_balance_str"])
    human = Human(approve=True)
    models = OfflineModels(human_approval.OFFLINE)
    async with human_approval.team(owner, models, decide=human.decide) as team:
        result = await team.run(task=human_approval.TASK)

    assert result.stop_reason == "Text 'EXECUTED' mentioned"
    assert speakers(result) == ["user", "executor", "compliance_proxy", "executor"]
    assert models.unplayed() == {}
    held, listed = tool_results(result)
    assert held.content.startswith("APPROVAL REQUIRED") and not held.is_error
    assert len(human.seen) == 1 and "above the approval threshold of 100.000000" in human.seen[0]["summary"]

    approval = json.loads(listed.content)["approvals"][0]
    assert approval["status"] == "executed"
    order = approval["result"]["body"]
    assert order["status"] == "filled" and order["filled_amount"] == 0.01 and order["notional"] > 100
    assert [o["order_id"] for o in (await owner.orders())["orders"]] == [order["order_id"]]
    assert Decimal((await owner.get_balance())["paper_balance_str"]) == before - Decimal(order["notional_str"]) - Decimal(
        order["fee_str"]
    )
    with pytest.raises(PurpleFleaError) as again:
        await owner.approve(approval["approval_id"])
    assert again.value.code == "approval_already_decided"
    assert len((await owner.orders())["orders"]) == 1


async def test_an_order_below_100_needs_nobody(owner: PurpleFlea) -> None:
    models = OfflineModels(
        {"executor": [tool_call("purpleflea_trade", symbol="SOL", side="buy", amount=0.1, mode="paper"), "EXECUTED: filled."]}
    )
    human = Human(approve=False)
    async with human_approval.team(owner, models, decide=human.decide) as team:
        result = await team.run(task="Buy 0.1 SOL on paper.")

    assert result.stop_reason == "Text 'EXECUTED' mentioned"
    assert json.loads(tool_results(result)[0].content)["status"] == "filled"
    assert human.seen == [] and (await owner.approvals())["approvals"] == []


async def test_a_rejected_request_moves_nothing_and_stops_the_team(owner: PurpleFlea) -> None:
    before = await owner.get_balance()
    models = OfflineModels({"executor": human_approval.OFFLINE["executor"][:2]})
    async with human_approval.team(owner, models, decide=Human(approve=False).decide) as team:
        result = await team.run(task=human_approval.TASK)

    assert result.stop_reason == "Text 'REJECTED' mentioned"
    assert speakers(result) == ["user", "executor", "compliance_proxy"]
    assert models.unplayed() == {}
    assert [a["status"] for a in (await owner.approvals())["approvals"]] == ["rejected"]
    assert (await owner.orders())["orders"] == []
    assert await owner.get_balance() == before


async def test_with_no_terminal_it_takes_the_decision_from_the_approval_queue(server: LiveServer) -> None:
    async with PurpleFlea(base_url=server.url) as anonymous:
        registration = await anonymous.register(username())
    owner = PurpleFlea(api_key=registration["api_key"], base_url=server.url)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_OPENAI_", "PURPLE_FLEA_"))}
    env.update(PURPLE_FLEA_BASE_URL=server.url, PURPLE_FLEA_API_KEY=registration["api_key"], PYTHONUNBUFFERED="1")
    example = await asyncio.create_subprocess_exec(
        sys.executable,
        str(EXAMPLES / "human_approval.py"),
        "--offline",
        stdin=subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env=env,
    )
    # The human, elsewhere (the console, the CLI): approves once the example says it is waiting.
    assert example.stdout is not None
    seen: list[str] = []
    while not any("npx purpleflea approvals approve" in line for line in seen):
        line = (await asyncio.wait_for(example.stdout.readline(), timeout=120)).decode()
        assert line, "the example ended without waiting for a decision:\n" + "".join(seen)
        seen.append(line)
    [pending] = (await owner.approvals(status="pending"))["approvals"]
    assert f"npx purpleflea approvals approve {pending['approval_id']}" in seen[-1]
    await owner.approve(pending["approval_id"], note="approved from the queue")
    rest, _ = await asyncio.wait_for(example.communicate(), timeout=120)
    text = "".join(seen) + rest.decode()
    assert example.returncode == 0, text
    assert f"Approved {pending['approval_id']}" in text
    assert "stop reason: Text 'EXECUTED' mentioned" in text
    [order] = (await owner.orders())["orders"]
    assert order["status"] == "filled"
    await owner.aclose()
