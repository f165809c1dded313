"""Human approval above $100 (the seed's human_in_loop.py for AutoGen 0.7), enforced by the
server: the executor's key has an approval threshold of 100, so an order or bet above it is held
(HTTP 202) instead of executed; a human approves it from the server's approval queue, and it runs
exactly once. Below the threshold nobody is asked, which is the seed's "auto-approve below $100".

    python examples/human_approval.py [--offline]     # at a terminal: you answer y/N
    python examples/human_approval.py --offline < /dev/null
        # no terminal: waits (up to 10 minutes) for the decision on the server's queue: the
        # console, or `npx purpleflea approvals approve <id>`, which takes the owner's key from the
        # profile this example saved (or from PURPLE_FLEA_API_KEY)

Corrected from the seed: ``UserProxyAgent`` takes ``input_func`` (no ``human_input_mode``,
``is_termination_msg``, ``max_consecutive_auto_reply`` or ``code_execution_config``), and that
function never sees the conversation, so the seed's regex over "TRADE APPROVED: ... 500 USDC" could
not work. Here the input function reads the pending requests from the server, which knows exactly
what is waiting, and approves or rejects them there with a separate approver key, or waits for
whoever decides elsewhere. The example buys paper BTC (about $500 for 0.01 BTC): the faucet's
1 USDC cannot pay for a $100 bet; an agent funded by its operator can bet above $100 the same way.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Optional

from _shared import ModelFor, Script, main
from autogen_agentchat.agents import AssistantAgent, UserProxyAgent
from autogen_agentchat.base import TaskRunner
from autogen_agentchat.conditions import MaxMessageTermination, TextMentionTermination
from autogen_agentchat.teams import RoundRobinGroupChat
from autogen_core import CancellationToken

from purpleflea_autogen import PurpleFlea, purpleflea_tools
from purpleflea_autogen.responses import Approval
from purpleflea_autogen.replay import tool_call

APPROVAL_THRESHOLD = "100"
"""USDC (paper USDC for paper orders): the executor's requests above it wait for a human."""

TASK = "Buy 0.01 BTC on paper."

OFFLINE: dict[str, Script] = {
    "executor": [
        tool_call("purpleflea_trade", symbol="BTC", side="buy", amount=0.01, mode="paper"),
        "The order is above my approval threshold and is waiting for compliance_proxy.",
        tool_call("purpleflea_approvals"),
        "EXECUTED: the approved order has run; its fill is above.",
    ],
}

Decide = Callable[[Approval], Awaitable[Optional[bool]]]
"""A human's verdict on one held request: True approves, False rejects, None leaves it to the
server's queue (someone decides in the console, the CLI or a webhook)."""

WAIT_S = 600.0
POLL_S = 1.0


async def ask_in_terminal(approval: Approval) -> bool | None:
    """Asks at the terminal; with no terminal attached (CI, a service), leaves the decision to the queue."""
    if not sys.stdin.isatty():
        print(f"Waiting up to {WAIT_S / 60:g} min for a decision on {approval['approval_id']} ({approval['summary']}):")
        print(f"  npx purpleflea approvals approve {approval['approval_id']}   (or reject), or the console")
        return None
    answer = await asyncio.to_thread(input, f"\nApprove {approval['summary']} ({approval['approval_id']})? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


class ApprovalDesk:
    """The human side of the server's approval queue, as a ``UserProxyAgent`` input function."""

    def __init__(self, approver: PurpleFlea, decide: Decide, wait_s: float = WAIT_S) -> None:
        self._approver = approver
        self._decide = decide
        self._wait_s = wait_s

    async def respond(self, prompt: str, cancellation_token: CancellationToken | None = None) -> str:
        pending = (await self._approver.approvals(status="pending"))["approvals"]
        if not pending:
            return "Nothing is waiting for approval."
        lines = []
        for approval in pending:
            approval_id = approval["approval_id"]
            verdict = await self._decide(approval)
            if verdict is True:
                done = await self._approver.approve(approval_id, note="approved by compliance_proxy")
            elif verdict is False:
                done = await self._approver.reject(approval_id, note="rejected by compliance_proxy")
            else:
                done = await self._decided_elsewhere(approval_id)
            lines.append(self._report(done))
        return "\n".join(lines)

    async def _decided_elsewhere(self, approval_id: str) -> Approval:
        """Polls the approval until someone decides it on the server (bounded by ``wait_s``)."""
        deadline = time.monotonic() + self._wait_s
        approval = await self._approver.get_approval(approval_id)
        while approval["status"] == "pending" and time.monotonic() < deadline:
            await asyncio.sleep(POLL_S)
            approval = await self._approver.get_approval(approval_id)
        return approval

    @staticmethod
    def _report(approval: Approval) -> str:
        what = f"{approval['approval_id']} ({approval['summary']})"
        if approval["status"] in ("executed", "failed"):
            return f"Approved {what}: it ran, status {approval['status']}."
        if approval["status"] == "pending":
            return f"Nobody decided {what} in time: nothing moved; it is still waiting. STOP"
        return f"REJECTED {what}: nothing moved."


@asynccontextmanager
async def team(
    pf: PurpleFlea, model_for: ModelFor, decide: Decide = ask_in_terminal, wait_s: float = WAIT_S
) -> AsyncIterator[TaskRunner]:
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
            input_func=ApprovalDesk(approver_client, decide, wait_s).respond,
        )
        termination = (
            TextMentionTermination("EXECUTED", sources=["executor"])
            | TextMentionTermination("REJECTED", sources=["compliance_proxy"])
            | TextMentionTermination("STOP", sources=["compliance_proxy"])
            | MaxMessageTermination(8)
        )
        yield RoundRobinGroupChat([executor, compliance_proxy], termination_condition=termination)


if __name__ == "__main__":
    main(team, TASK, OFFLINE)
