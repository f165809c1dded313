"""What a Purple Flea tool hands back to the model: JSON on success, a sentence otherwise."""

from __future__ import annotations

import json
from collections.abc import Awaitable
from typing import Any

import httpx

from .errors import PurpleFleaError
from .responses import ApprovalRequired, needs_approval


class ToolCallFailed(Exception):
    """Raised by a tool so AutoGen reports the call with ``is_error=True``; the message is the
    whole of what the model reads, written for it to act on. The team keeps running."""


async def tool_answer(call: Awaitable[Any], *, moves: bool, base_url: str) -> str:
    """Awaits a client call and renders its outcome for the model.

    - success: the server's JSON answer (as JSON text, not a Python repr);
    - held for approval: a sentence telling the agent to wait, returned as a normal result;
    - refused by the server: ``ToolCallFailed`` naming the error code; nothing moved;
    - server unreachable: ``ToolCallFailed``; for a money-moving call, the outcome is unknown.
    """
    try:
        answer = await call
    except PurpleFleaError as error:
        raise ToolCallFailed(refusal_text(error)) from error
    except httpx.TransportError as error:
        raise ToolCallFailed(unreachable_text(base_url, error, moves=moves)) from error
    if needs_approval(answer):
        return waiting_text(answer)
    return json.dumps(answer)


def refusal_text(error: PurpleFleaError) -> str:
    field = error.details.get("field")
    about = f" (field: {field})" if isinstance(field, str) else ""
    return f"Purple Flea refused the request: {error.code}{about}: {error.message}. Nothing moved."


def waiting_text(held: ApprovalRequired) -> str:
    approval_id = held["approval_id"]
    return (
        f"APPROVAL REQUIRED (approval_id {approval_id}, expires {held['expires_at']}): {held['summary']}. "
        "Nothing has moved yet. A human or risk officer must approve it first; do not send the request again. "
        f'Tell the team you are waiting for approval {approval_id}, then check it with purpleflea_approvals("{approval_id}").'
    )


def unreachable_text(base_url: str, error: httpx.TransportError, *, moves: bool) -> str:
    what = f"Could not reach Purple Flea at {base_url} ({type(error).__name__})."
    if moves:
        return f"{what} It is unknown whether the request was executed: check purpleflea_get_balance before trying again."
    return f"{what} Try again later."
