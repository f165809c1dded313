"""The schemas AutoGen's FunctionTool builds from the tools: the seed's names and signatures, typed."""

from __future__ import annotations

import pytest
from autogen_core.tools import FunctionTool

from purpleflea_autogen import TOOL_NAMES, PurpleFlea, purpleflea_tools

SEED_SIGNATURES = {
    "purpleflea_get_balance": ([], {}),
    "purpleflea_claim_faucet": ([], {}),
    "purpleflea_get_deposit_address": ([], {}),
    "purpleflea_withdraw_usdc": (["to_address", "amount"], {}),
    "purpleflea_get_withdrawal": (["withdrawal_id"], {}),
    "purpleflea_bet": (["game", "amount", "prediction"], {}),
    "purpleflea_trade": (["symbol", "side", "amount"], {"mode": "paper"}),
    "purpleflea_get_ticker": (["symbol"], {}),
    "purpleflea_positions": ([], {}),
    "purpleflea_escrow": (["action", "counterparty_agent_id", "amount"], {"condition": "", "escrow_id": ""}),
    "purpleflea_approvals": ([], {"approval_id": ""}),
    "purpleflea_get_candles": (["symbol"], {"interval": "1h", "limit": 24}),
    "purpleflea_create_proposal": (["operation", "request", "rationale"], {}),
    "purpleflea_list_proposals": ([], {"status": "", "limit": 10}),
    "purpleflea_approve_proposal": (["id"], {"note": ""}),
    "purpleflea_reject_proposal": (["id"], {"note": ""}),
    "purpleflea_execute_proposal": (["id"], {}),
}


@pytest.fixture
def tools() -> dict[str, FunctionTool]:
    built = purpleflea_tools(PurpleFlea(api_key="pf_live_unused"))
    assert all(isinstance(tool, FunctionTool) for tool in built)
    return {tool.name: tool for tool in built if isinstance(tool, FunctionTool)}


def test_names_required_parameters_and_defaults(tools: dict[str, FunctionTool]) -> None:
    assert list(tools) == list(TOOL_NAMES)
    assert set(TOOL_NAMES) == set(SEED_SIGNATURES)
    for name, (required, defaults) in SEED_SIGNATURES.items():
        parameters = tools[name].schema["parameters"]
        assert parameters["required"] == required, name
        assert {k: v["default"] for k, v in parameters["properties"].items() if "default" in v} == defaults, name
        assert parameters["additionalProperties"] is False


def test_every_parameter_is_typed_and_described(tools: dict[str, FunctionTool]) -> None:
    for tool in tools.values():
        schema = tool.schema
        assert schema["description"].startswith(("Get", "Claim", "Send", "Place", "List", "Create", "Check", "Approve", "Reject", "Execute")), (
            tool.name
        )
        assert "\n    " not in schema["description"], "docstring indentation is stripped"
        for parameter, spec in schema["parameters"]["properties"].items():
            assert spec["type"] in ("string", "number", "integer", "object"), (tool.name, parameter)
            assert spec["description"] != parameter, (tool.name, parameter)


def test_choices_are_enums(tools: dict[str, FunctionTool]) -> None:
    def enum(tool: str, parameter: str) -> list[str]:
        return list(tools[tool].schema["parameters"]["properties"][parameter]["enum"])

    assert enum("purpleflea_bet", "game") == ["dice", "coinflip", "roulette"]
    assert enum("purpleflea_trade", "side") == ["buy", "sell"]
    assert enum("purpleflea_trade", "mode") == ["paper", "live"]
    assert enum("purpleflea_escrow", "action") == ["create", "release", "dispute"]
    assert enum("purpleflea_create_proposal", "operation") == [
        "trade.order",
        "casino.bet",
        "wallet.transfer",
        "escrow.create",
        "escrow.release",
        "wallet.withdraw",
    ]


def test_only_picks_tools_and_rejects_unknown_names() -> None:
    pf = PurpleFlea(api_key="pf_live_unused")
    picked = purpleflea_tools(pf, only=["purpleflea_trade", "purpleflea_get_balance"])
    assert [t.name for t in picked if isinstance(t, FunctionTool)] == ["purpleflea_trade", "purpleflea_get_balance"]
    with pytest.raises(ValueError, match="purpleflea_withdraw"):
        purpleflea_tools(pf, only=["purpleflea_withdraw"])
