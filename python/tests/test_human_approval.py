"""Acceptance 4, the human approval example: the executor's request above the threshold waits; the
human's approval through the API makes it run exactly once; a rejection moves nothing."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import human_approval
from _shared import OfflineModels
from conftest import speakers, tool_results
from purpleflea_autogen import PurpleFlea, PurpleFleaError
from purpleflea_autogen.replay import tool_call
from purpleflea_autogen.responses import Approval


class Human:
    def __init__(self, approve: bool) -> None:
        self.approve = approve
        self.seen: list[Approval] = []

    async def decide(self, approval: Approval) -> bool:
        self.seen.append(approval)
        return self.approve


async def test_a_bet_above_the_threshold_waits_for_the_human_and_runs_once(owner: PurpleFlea) -> None:
    human = Human(approve=True)
    models = OfflineModels(human_approval.OFFLINE)
    async with human_approval.team(owner, models, decide=human.decide) as team:
        result = await team.run(task=human_approval.TASK)

    assert result.stop_reason == "Text 'EXECUTED' mentioned"
    assert speakers(result) == ["user", "executor", "compliance_proxy", "executor"]
    assert models.unplayed() == {}
    held, listed = tool_results(result)
    assert held.content.startswith("APPROVAL REQUIRED") and not held.is_error
    assert [a["summary"] for a in human.seen] == [human.seen[0]["summary"]]
    assert "0.750000" in human.seen[0]["summary"]

    approval = json.loads(listed.content)["approvals"][0]
    assert approval["status"] == "executed"
    bet = approval["result"]["body"]
    assert bet["amount_str"] == "0.750000" and bet["game"] == "coinflip"
    assert [b["bet_id"] for b in (await owner.bets())["bets"]] == [bet["bet_id"]]
    assert Decimal((await owner.get_balance())["balance_str"]) == Decimal("0.25") + Decimal(bet["payout_str"])
    with pytest.raises(PurpleFleaError) as again:
        await owner.approve(approval["approval_id"])
    assert again.value.code == "approval_already_decided"
    assert len((await owner.bets())["bets"]) == 1


async def test_a_rejected_request_moves_nothing_and_stops_the_team(owner: PurpleFlea) -> None:
    models = OfflineModels({"executor": human_approval.OFFLINE["executor"][:2]})
    async with human_approval.team(owner, models, decide=Human(approve=False).decide) as team:
        result = await team.run(task=human_approval.TASK)

    assert result.stop_reason == "Text 'REJECTED' mentioned"
    assert speakers(result) == ["user", "executor", "compliance_proxy"]
    assert models.unplayed() == {}
    approvals = (await owner.approvals())["approvals"]
    assert [a["status"] for a in approvals] == ["rejected"]
    assert (await owner.bets())["bets"] == []
    assert (await owner.get_balance())["balance_str"] == "1.000000"


@pytest.mark.needs_routes("/trade/order")
async def test_a_trade_above_the_threshold_waits_for_the_human_and_runs_once(owner: PurpleFlea) -> None:
    before = Decimal((await owner.get_balance())["paper_balance_str"])
    models = OfflineModels(
        {
            "executor": [
                tool_call("purpleflea_trade", symbol="SOL", side="buy", amount=1, mode="paper"),
                "The order is waiting for compliance_proxy.",
                tool_call("purpleflea_approvals"),
                "EXECUTED: the approved SOL order filled.",
            ]
        }
    )
    async with human_approval.team(owner, models, decide=Human(approve=True).decide) as team:
        result = await team.run(task="Buy 1 SOL on paper.")

    assert result.stop_reason == "Text 'EXECUTED' mentioned"
    held, listed = tool_results(result)
    assert held.content.startswith("APPROVAL REQUIRED")
    approval = json.loads(listed.content)["approvals"][0]
    assert approval["status"] == "executed"
    order = approval["result"]["body"]
    assert order["filled_amount"] == 1
    assert order["order_id"] in json.dumps(await owner.orders())
    assert Decimal((await owner.get_balance())["paper_balance_str"]) < before
    with pytest.raises(PurpleFleaError) as again:
        await owner.approve(approval["approval_id"])
    assert again.value.code == "approval_already_decided"
