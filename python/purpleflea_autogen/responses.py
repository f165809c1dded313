"""Shapes of the answers the client returns: plain JSON dicts, typed for editors and checkers.

Every money field ``x`` is a float for reading plus an exact string twin ``x_str`` (six decimals);
compute with ``Decimal(answer["x_str"])``. The server may add fields; these are the ones it promises.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict, TypeGuard


class ApprovalRequired(TypedDict):
    """HTTP 202 from a money-moving request above the key's approval threshold: nothing has moved;
    it executes once when someone with the ``approve`` scope approves ``approval_id``."""

    status: Literal["approval_required"]
    approval_id: str
    expires_at: str
    summary: str


def needs_approval(answer: object) -> TypeGuard[ApprovalRequired]:
    """Whether a money-moving call was held for approval instead of executed."""
    return isinstance(answer, dict) and answer.get("status") == "approval_required"


class Registration(TypedDict):
    agent_id: str
    username: str
    api_key: str
    referral_code: str
    created_at: str


class Funds(TypedDict):
    """One account's money: ``balance`` is what the agent can spend now (``available`` is the same
    value, kept for older code); ``held`` is locked by open escrows and resting buy orders;
    ``total`` = ``balance`` + ``held``."""

    balance: float
    balance_str: str
    available: float
    available_str: str
    held: float
    held_str: str
    total: float
    total_str: str


class AssetBalance(Funds):
    asset: str


class Balance(Funds):
    """The USDC account's funds, the spendable paper balance, and every asset's funds in ``balances``."""

    agent_id: str
    currency: str
    paper_balance: float
    paper_balance_str: str
    balances: list[AssetBalance]


class NewFunds(TypedDict):
    """The account's money after a request that moved it: ``new_balance`` is what the agent can
    spend now, like ``balance``; ``held`` and ``total`` as in ``Funds``."""

    new_balance: float
    new_balance_str: str
    held: float
    held_str: str
    total: float
    total_str: str


class FaucetClaim(NewFunds):
    transfer_id: str
    currency: str
    amount: float
    amount_str: str
    claimed_at: str


class Transfer(NewFunds):
    transfer_id: str
    to: str
    amount: float
    amount_str: str
    memo: str | None
    created_at: str


class DepositAddress(TypedDict):
    """This agent's own USDC deposit address (``GET /wallet/deposit-address``)."""

    agent_id: str
    chain_id: int
    address: str
    usdc_address: str
    confirmations: int


class Withdrawal(TypedDict):
    """An on-chain withdrawal: queued, broadcast, then confirmed (posted) or failed/dropped (voided)."""

    withdrawal_id: str
    agent_id: str
    chain_id: int
    to_address: str
    amount: float
    amount_str: str
    network_fee: float
    network_fee_str: str
    status: Literal["queued", "broadcast", "confirmed", "failed", "dropped"]
    tx_hash: str | None
    block_number: int | None
    failure_code: str | None
    created_at: str
    updated_at: str


class BetProof(TypedDict):
    server_seed_hash: str
    client_seed: str
    nonce: int
    server_seed: str | None


class Bet(TypedDict):
    bet_id: str
    game: str
    prediction: str
    outcome: Literal["win", "loss"]
    result: str
    multiplier: float
    win_chance: float
    amount: float
    amount_str: str
    payout: float
    payout_str: str
    proof: BetProof
    created_at: str


class PlacedBet(Bet, NewFunds):
    pass


class BetList(TypedDict):
    bets: list[Bet]
    next_cursor: str | None


class Order(NewFunds):
    """A placed paper (or live) order; ``filled_amount`` is in the base asset (BTC for ``BTC``),
    ``new_balance`` is the paper (or real) USDC the agent can spend after it."""

    order_id: str
    status: str
    fill_price: float | None
    filled_amount: float
    fee: float


class Escrow(TypedDict):
    """An escrow: ``amount`` locked from the creator; at release the counterparty gets
    ``net_amount`` = amount - 1 % ``fee_paid``."""

    escrow_id: str
    status: str
    amount: float
    fee_paid: float
    net_amount: float


class CreatedEscrow(Escrow, NewFunds):
    """A new escrow and the creator's USDC once its amount is held: ``new_balance`` has already
    gone down by ``amount``, which shows in ``held`` until the escrow settles."""


class ApprovalResult(TypedDict):
    status: int
    body: Any


class Approval(TypedDict):
    approval_id: str
    status: Literal["pending", "executed", "failed", "rejected", "expired"]
    operation: str
    request: Any
    summary: str
    amount: float
    amount_str: str
    requested_by: str
    decided_by: str | None
    note: str | None
    created_at: str
    expires_at: str
    decided_at: str | None
    result: ApprovalResult | None


class ApprovalList(TypedDict):
    approvals: list[Approval]
    next_cursor: str | None


class Proposal(TypedDict):
    """A request the analyst proposed with its rationale; an ``approve`` key decides it, and an
    executor key runs it once (``result`` is then what the request answered)."""

    proposal_id: str
    status: Literal["proposed", "approved", "rejected", "executed", "failed"]
    operation: str
    request: dict[str, Any]
    rationale: str
    amount: float
    amount_str: str
    proposed_by: str
    decided_by: str | None
    executed_by: str | None
    note: str | None
    created_at: str
    result: ApprovalResult | None


class ProposalList(TypedDict):
    proposals: list[Proposal]
    next_cursor: str | None


class CreatedKey(TypedDict):
    key_id: str
    name: str
    prefix: str
    scopes: list[str]
    policy: dict[str, Any] | None
    created_at: str
    revoked_at: str | None
    api_key: str


JsonObject = dict[str, Any]
"""A route whose fields this package does not pin down (tickers, positions, history pages)."""
