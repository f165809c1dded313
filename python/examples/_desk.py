"""What the two trading teams share: one key per role, so the server (not a prompt) keeps each role
to its job, and the scripted turns that play the roles offline from what the server answers.

- analyst: a read key; reading market data and proposing need nothing more.
- risk manager: an ``approve`` key with an approval limit of its own, and no money scope: it
  approves proposals and cannot trade, bet or pay.
- executor: a ``trade`` key with ``require_approved_proposal`` and a per-trade limit: every order
  it sends itself is refused (``proposal_required``), and an approved proposal runs exactly as
  approved, so it cannot trade more than the risk manager approved.
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from autogen_core.models import CreateResult, LLMMessage

from purpleflea_autogen import PurpleFlea
from purpleflea_autogen.replay import tool_call, tool_result

SYMBOL = "BTC-USD"

ANALYST_TOOLS = ["purpleflea_get_ticker", "purpleflea_get_candles", "purpleflea_get_balance", "purpleflea_create_proposal"]
RISK_TOOLS = ["purpleflea_list_proposals", "purpleflea_get_balance", "purpleflea_approve_proposal", "purpleflea_reject_proposal"]
EXECUTOR_TOOLS = ["purpleflea_list_proposals", "purpleflea_execute_proposal"]


@dataclass
class TeamKeys:
    analyst: PurpleFlea
    risk: PurpleFlea
    executor: PurpleFlea


@asynccontextmanager
async def team_keys(owner: PurpleFlea, per_trade: str, approval_limit: str) -> AsyncIterator[TeamKeys]:
    """Creates the three role keys (paper USDC limits), yields a client per role, revokes the keys after."""
    specs: list[tuple[str, list[str], dict[str, Any] | None]] = [
        ("analyst", ["read"], None),
        ("risk-manager", ["approve"], {"max_per_transaction": approval_limit}),
        ("executor", ["trade"], {"require_approved_proposal": True, "max_per_transaction": per_trade}),
    ]
    created = [await owner.create_key(name, scopes, policy) for name, scopes, policy in specs]
    clients = [PurpleFlea(api_key=key["api_key"], base_url=owner.base_url) for key in created]
    try:
        yield TeamKeys(*clients)
    finally:
        for client, key in zip(clients, created):
            await client.aclose()
            await owner.revoke_key(key["key_id"])


def _on_tick(price: float) -> str:
    return f"{math.floor(price * 100) / 100:.2f}"


def propose_buy(share: float, stop_loss: float, take_profit: float | None = None) -> Any:
    """A turn: a paper market buy of ``share`` of the paper balance, stops from the live touch."""

    def turn(messages: Sequence[LLMMessage]) -> CreateResult:
        ticker = tool_result(messages, "purpleflea_get_ticker")
        balance = tool_result(messages, "purpleflea_get_balance")
        request: dict[str, Any] = {
            "symbol": SYMBOL,
            "side": "buy",
            "notional": math.floor(balance["paper_balance"] * share),
            "mode": "paper",
            "stop_loss": _on_tick(ticker["bid"] * (1 - stop_loss)),
        }
        if take_profit:
            request["take_profit"] = _on_tick(ticker["ask"] * (1 + take_profit))
        rationale = (
            f"Mid {ticker['mid']}, spread {ticker['spread_bps']} bps, {ticker['regime']} regime: buying "
            f"{share:.0%} of the paper balance with a stop {stop_loss:.0%} below the bid."
        )
        return tool_call("purpleflea_create_proposal", operation="trade.order", request=request, rationale=rationale)

    return turn


def proposal_ready(messages: Sequence[LLMMessage]) -> str:
    proposal = tool_result(messages, "purpleflea_create_proposal")
    return f"PROPOSAL READY: {proposal['proposal_id']} ({proposal['amount']} paper USDC). {proposal['rationale']}"


def review(max_share: float, vetoed_by: str | None = None) -> Any:
    """A turn: approves the newest proposal if it costs at most ``max_share`` of the paper balance
    and has a stop-loss (and, for the desk, nobody said BEARISH), else rejects it with the reason."""

    def turn(messages: Sequence[LLMMessage]) -> CreateResult:
        proposals = tool_result(messages, "purpleflea_list_proposals")["proposals"]
        if not proposals:
            raise ValueError("there is no proposal to review")
        newest = proposals[0]
        balance = tool_result(messages, "purpleflea_get_balance")["paper_balance"]
        reason = _refusal(newest, balance * max_share, max_share, messages, vetoed_by)
        if reason:
            return tool_call("purpleflea_reject_proposal", id=newest["proposal_id"], note=reason)
        return tool_call("purpleflea_approve_proposal", id=newest["proposal_id"], note=f"within {max_share:.0%}, stop set")

    return turn


def _refusal(
    proposal: dict[str, Any], limit: float, max_share: float, messages: Sequence[LLMMessage], vetoed_by: str | None
) -> str | None:
    said = [str(getattr(m, "content", "")) for m in messages if vetoed_by and getattr(m, "source", None) == vetoed_by]
    if any("BEARISH" in text for text in said):
        return f"{vetoed_by} is bearish"
    if proposal["amount"] > limit:
        return f"it costs {proposal['amount']}, above {max_share:.0%} of the balance"
    if "stop_loss" not in proposal["request"]:
        return "it has no stop-loss"
    return None


def verdict(approved: str, rejected: str) -> Any:
    """A turn: the risk manager's words on the decision it just made on the server."""

    def turn(messages: Sequence[LLMMessage]) -> str:
        try:
            decided = tool_result(messages, "purpleflea_approve_proposal")
            return f"{approved}: proposal {decided['proposal_id']} ({decided['amount']} paper USDC)."
        except ValueError:
            decided = tool_result(messages, "purpleflea_reject_proposal")
            return f"{rejected}: {decided['note']}"

    return turn


def risk_script(max_share: float, approved: str, rejected: str, vetoed_by: str | None = None) -> list[Any]:
    """The risk manager offline: reads the proposals waiting and the balance, decides on the server, says so."""
    return [
        tool_call("purpleflea_list_proposals", status="proposed", limit=5),
        tool_call("purpleflea_get_balance"),
        review(max_share, vetoed_by),
        verdict(approved, rejected),
    ]


def executor_script() -> list[Any]:
    """The executor offline: runs the newest approved proposal and reports what the server did."""
    return [tool_call("purpleflea_list_proposals", status="approved", limit=5), execute_newest, executed]


def execute_newest(messages: Sequence[LLMMessage]) -> CreateResult:
    approved = tool_result(messages, "purpleflea_list_proposals")["proposals"]
    if not approved:
        raise ValueError("nothing is approved to execute")
    return tool_call("purpleflea_execute_proposal", id=approved[0]["proposal_id"])


def executed(messages: Sequence[LLMMessage]) -> str:
    proposal = tool_result(messages, "purpleflea_execute_proposal")
    order = (proposal["result"] or {}).get("body", {})
    return f"EXECUTED: order {order.get('order_id')} {order.get('status')}, {order.get('filled_amount')} BTC at {order.get('fill_price')}."
