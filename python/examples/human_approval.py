"""Human approval for large requests (the seed's human_in_loop.py for AutoGen 0.7), enforced by the
server: the executor's key has an approval threshold, so a bet or order above it is held (HTTP 202)
instead of executed; a human approves it from the server's approval queue, and it runs exactly once.

    python examples/human_approval.py [--offline]     # you answer y/N in the terminal

Corrected from the seed: ``UserProxyAgent`` takes ``input_func`` (no ``human_input_mode``,
``is_termination_msg``, ``max_consecutive_auto_reply`` or ``code_execution_config``), and that
function never sees the conversation, so the seed's regex over "TRADE APPROVED: ... 500 USDC" could
not work. Here the input function reads the pending requests from the server, which knows exactly
what is waiting, and approves or rejects them there with a separate approver key. Small requests
(below the threshold) need nobody, which is the seed's "auto-approve below $100".
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from _shared import ModelFor, Script, main
from autogen_agentchat.agents import AssistantAgent, UserProxyAgent
from autogen_agentchat.base import TaskRunner
from autogen_agentchat.conditions import MaxMessageTermination, TextMentionTermination
from autogen_agentchat.teams import RoundRobinGroupChat
from autogen_core import CancellationToken

from purpleflea_autogen import PurpleFlea, purpleflea_tools
from purpleflea_autogen.responses import Approval
from purpleflea_autogen.replay import tool_call

APPROVAL_THRESHOLD = "0.5"
"""USDC; the executor's requests above it wait for a human."""

TASK = "Bet 0.75 USDC on heads in a coinflip."

OFFLINE: dict[str, Script] = {
    "executor": [
        tool_call("purpleflea_bet", game="coinflip", amount=0.75, prediction="heads"),
        "The bet is above my approval threshold and is waiting for compliance_proxy.",
        tool_call("purpleflea_approvals"),
        "EXECUTED: the approved coinflip bet has settled; outcome and payout above.",
    ],
}

Decide = Callable[[Approval], Awaitable[bool]]


async def ask_in_terminal(approval: Approval) -> bool:
    answer = await asyncio.to_thread(input, f"\nApprove {approval['summary']} ({approval['approval_id']})? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


class ApprovalDesk:
    """The human side of the server's approval queue, as a ``UserProxyAgent`` input function."""

    def __init__(self, approver: PurpleFlea, decide: Decide) -> None:
        self._approver = approver
        self._decide = decide

    async def respond(self, prompt: str, cancellation_token: CancellationToken | None = None) -> str:
        pending = (await self._approver.approvals(status="pending"))["approvals"]
        if not pending:
            return "Nothing is waiting for approval."
        lines = []
        for approval in pending:
            approval_id = approval["approval_id"]
            if await self._decide(approval):
                done = await self._approver.approve(approval_id, note="approved by compliance_proxy")
                lines.append(f"Approved {approval_id} ({approval['summary']}): it ran, status {done['status']}.")
            else:
                await self._approver.reject(approval_id, note="rejected by compliance_proxy")
                lines.append(f"REJECTED {approval_id} ({approval['summary']}): nothing moved.")
        return "\n".join(lines)


@asynccontextmanager
async def team(pf: PurpleFlea, model_for: ModelFor, decide: Decide = ask_in_terminal) -> AsyncIterator[TaskRunner]:
    executor_key = await pf.create_key("executor", ["read", "bet", "trade"], {"approval_threshold": APPROVAL_THRESHOLD})
    approver_key = await pf.create_key("compliance", ["read", "approve"])
    async with (
        PurpleFlea(api_key=executor_key["api_key"], base_url=pf.base_url) as executor_client,
        PurpleFlea(api_key=approver_key["api_key"], base_url=pf.base_url) as approver_client,
    ):
        executor = AssistantAgent(
            "executor",
            model_client=model_for("executor"),
            tools=purpleflea_tools(executor_client, only=["purpleflea_bet", "purpleflea_trade", "purpleflea_approvals"]),
            reflect_on_tool_use=True,
            system_message=(
                "You place the bets and trades you are asked for. If Purple Flea answers APPROVAL REQUIRED, say that "
                "you are waiting and do not send the request again. After compliance_proxy answers, check with "
                "purpleflea_approvals and report the result starting with 'EXECUTED', or stop if it was rejected."
            ),
        )
        compliance_proxy = UserProxyAgent(
            "compliance_proxy",
            description="A human who approves or rejects requests held by Purple Flea",
            input_func=ApprovalDesk(approver_client, decide).respond,
        )
        termination = (
            TextMentionTermination("EXECUTED", sources=["executor"])
            | TextMentionTermination("REJECTED", sources=["compliance_proxy"])
            | MaxMessageTermination(8)
        )
        yield RoundRobinGroupChat([executor, compliance_proxy], termination_condition=termination)


if __name__ == "__main__":
    main(team, TASK, OFFLINE)
