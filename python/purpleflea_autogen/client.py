"""``PurpleFlea``: a small async client with one typed method per route that agents use."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, cast
from urllib.parse import quote

from .money import Amount, amount_text
from .responses import (
    Approval,
    ApprovalList,
    ApprovalRequired,
    Balance,
    BetList,
    CreatedEscrow,
    CreatedKey,
    DepositAddress,
    Escrow,
    FaucetClaim,
    JsonObject,
    Order,
    PlacedBet,
    Proposal,
    ProposalList,
    Registration,
    Transfer,
    Withdrawal,
)
from .retry import RetryPolicy
from .settings import resolve_api_key, resolve_base_url
from .transport import Transport

Game = Literal["coinflip", "dice", "roulette", "crash"]
Side = Literal["buy", "sell"]
Mode = Literal["paper", "live"]


class PurpleFlea:
    """Client for one Purple Flea identity (one API key).

    ``PurpleFlea(api_key=..., base_url=...)`` or, with neither, ``PURPLE_FLEA_API_KEY`` and
    ``PURPLE_FLEA_BASE_URL`` (default ``http://127.0.0.1:8080``). Money-moving methods take an
    optional ``idempotency_key`` and answer either their result or an ``ApprovalRequired``
    (HTTP 202) when the key's policy holds the request for approval; check with
    ``needs_approval(answer)``. Failures raise ``PurpleFleaError``. Use as ``async with``, or
    call ``aclose()``.
    """

    def __init__(
        self,
        api_key: str | None = None,
        base_url: str | None = None,
        *,
        retry: RetryPolicy | None = None,
        timeout_s: float = 30.0,
    ) -> None:
        self._transport = Transport(resolve_base_url(base_url), resolve_api_key(api_key), retry or RetryPolicy(), timeout_s)

    @property
    def base_url(self) -> str:
        """The server root, e.g. ``http://127.0.0.1:8080``."""
        return self._transport.base_url

    async def __aenter__(self) -> PurpleFlea:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._transport.aclose()

    async def request(
        self,
        method: Literal["GET", "POST", "DELETE"],
        path: str,
        *,
        body: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        moves: bool = False,
        idempotency_key: str | None = None,
    ) -> Any:
        """Any route under ``/api/v1`` (see ``/openapi.json``), e.g.
        ``await pf.request("GET", "/casino/games")``. Pass ``moves=True`` for a money-moving POST
        so it carries an ``Idempotency-Key`` and is retried safely."""
        return await self._transport.request(method, path, body=body, query=query, moves=moves, idempotency_key=idempotency_key)

    # Agents and keys

    async def register(self, username: str, referral_code: str | None = None) -> Registration:
        """Registers a new agent (no key needed); the answer's ``api_key`` is shown only once."""
        body = {"username": username, **({"referral_code": referral_code} if referral_code else {})}
        return cast(Registration, await self.request("POST", "/auth/register", body=body))

    async def create_key(self, name: str, scopes: Sequence[str], policy: Mapping[str, Any] | None = None) -> CreatedKey:
        """Creates a further key for this agent (needs ``admin``), e.g. an executor key with
        ``scopes=["read", "bet"]`` and ``policy={"approval_threshold": "0.5"}``."""
        body: dict[str, Any] = {"name": name, "scopes": list(scopes)}
        if policy is not None:
            body["policy"] = dict(policy)
        return cast(CreatedKey, await self.request("POST", "/keys", body=body))

    async def revoke_key(self, key_id: str) -> JsonObject:
        """Revokes one of this agent's keys at once (needs ``admin``)."""
        return cast(JsonObject, await self.request("DELETE", f"/keys/{quote(key_id, safe='')}"))

    # Wallet and faucet

    async def get_balance(self) -> Balance:
        return cast(Balance, await self.request("GET", "/wallet/balance"))

    async def transactions(self, limit: int | None = None, cursor: str | None = None, asset: str | None = None) -> JsonObject:
        return cast(
            JsonObject,
            await self.request("GET", "/wallet/transactions", query={"limit": limit, "cursor": cursor, "asset": asset}),
        )

    async def transfer(
        self, to: str, amount: Amount, memo: str | None = None, *, idempotency_key: str | None = None
    ) -> Transfer | ApprovalRequired:
        """Pays another agent (agent id or username) in USDC."""
        body = {"to": to, "amount": amount_text(amount), **({"memo": memo} if memo else {})}
        return cast(
            "Transfer | ApprovalRequired",
            await self.request("POST", "/wallet/transfer", body=body, moves=True, idempotency_key=idempotency_key),
        )

    async def deposit_address(self) -> DepositAddress:
        """This agent's own address for real USDC on the server's chain (422 ``chain_not_configured`` when off)."""
        return cast(DepositAddress, await self.request("GET", "/wallet/deposit-address"))

    async def withdraw(
        self, to_address: str, amount: Amount, *, idempotency_key: str | None = None
    ) -> Withdrawal | ApprovalRequired:
        """Sends USDC on chain to ``to_address`` (needs the ``withdraw`` scope); the amount plus the
        stated network fee is held until the transfer confirms, and returned if it fails."""
        body = {"to_address": to_address, "amount": amount_text(amount)}
        return cast(
            "Withdrawal | ApprovalRequired",
            await self.request("POST", "/wallet/withdraw", body=body, moves=True, idempotency_key=idempotency_key),
        )

    async def withdrawal(self, withdrawal_id: str) -> Withdrawal:
        """A withdrawal's state and transaction hash."""
        return cast(Withdrawal, await self.request("GET", f"/wallet/withdrawals/{quote(withdrawal_id, safe='')}"))

    async def claim_faucet(self, *, idempotency_key: str | None = None) -> FaucetClaim | ApprovalRequired:
        """Claims the free USDC (1 by default), once per agent."""
        return cast(
            "FaucetClaim | ApprovalRequired",
            await self.request("POST", "/faucet/claim", moves=True, idempotency_key=idempotency_key),
        )

    # Casino

    async def bet(
        self,
        game: Game,
        amount: Amount,
        prediction: str,
        client_seed: str | None = None,
        *,
        idempotency_key: str | None = None,
    ) -> PlacedBet | ApprovalRequired:
        """Places a provably fair bet: coinflip ``heads``/``tails``, dice ``over_50``/``under_25.5``,
        roulette ``red``/``even``/``dozen_2``/``number_17``, crash ``2.5x``."""
        body = {"game": game, "amount": amount_text(amount), "prediction": prediction}
        if client_seed:
            body["client_seed"] = client_seed
        return cast(
            "PlacedBet | ApprovalRequired",
            await self.request("POST", "/casino/bet", body=body, moves=True, idempotency_key=idempotency_key),
        )

    async def bets(self, limit: int | None = None, cursor: str | None = None, game: Game | None = None) -> BetList:
        """Your bets, newest first, with their fairness proofs."""
        return cast(BetList, await self.request("GET", "/casino/bets", query={"limit": limit, "cursor": cursor, "game": game}))

    # Trading

    async def trade_order(
        self,
        symbol: str,
        side: Side,
        amount: Amount,
        mode: Mode = "paper",
        *,
        order_type: Literal["market", "limit"] = "market",
        limit_price: Amount | None = None,
        client_order_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> Order | ApprovalRequired:
        """Places an order for ``amount`` of the base asset (``0.01`` BTC). Paper mode trades the
        paper bankroll; ``live`` is refused (``live_trading_unavailable``) until a venue is set up."""
        body: dict[str, Any] = {"symbol": symbol, "side": side, "amount": amount_text(amount), "mode": mode, "type": order_type}
        if limit_price is not None:
            body["limit_price"] = amount_text(limit_price)
        if client_order_id:
            body["client_order_id"] = client_order_id
        return cast(
            "Order | ApprovalRequired",
            await self.request("POST", "/trade/order", body=body, moves=True, idempotency_key=idempotency_key),
        )

    async def get_ticker(self, symbol: str) -> JsonObject:
        return cast(JsonObject, await self.request("GET", f"/market/ticker/{quote(symbol, safe='')}"))

    async def candles(self, symbol: str, interval: str = "1h", limit: int = 24) -> JsonObject:
        """OHLC candles of the mid price, oldest first (``interval`` 1m, 5m, 15m, 1h, 4h or 1d)."""
        path = f"/market/candles/{quote(symbol, safe='')}"
        return cast(JsonObject, await self.request("GET", path, query={"interval": interval, "limit": limit}))

    async def positions(self) -> JsonObject:
        return cast(JsonObject, await self.request("GET", "/trade/positions"))

    async def orders(self) -> JsonObject:
        return cast(JsonObject, await self.request("GET", "/trade/orders"))

    # Escrow

    async def escrow_create(
        self, counterparty: str, amount: Amount, condition: str, *, idempotency_key: str | None = None
    ) -> CreatedEscrow | ApprovalRequired:
        """Locks ``amount`` USDC for ``counterparty`` (agent id or username) until released;
        1 % is taken at release. The amount leaves the spendable ``balance`` at once."""
        body = {"counterparty": counterparty, "amount": amount_text(amount), "condition": condition}
        return cast(
            "CreatedEscrow | ApprovalRequired",
            await self.request("POST", "/escrow/create", body=body, moves=True, idempotency_key=idempotency_key),
        )

    async def escrow_release(self, escrow_id: str, *, idempotency_key: str | None = None) -> Escrow | ApprovalRequired:
        """Pays the counterparty (creator only): amount minus the 1 % fee."""
        body = {"escrow_id": escrow_id}
        return cast(
            "Escrow | ApprovalRequired",
            await self.request("POST", "/escrow/release", body=body, moves=True, idempotency_key=idempotency_key),
        )

    async def escrow_dispute(
        self, escrow_id: str, reason: str | None = None, *, idempotency_key: str | None = None
    ) -> Escrow | ApprovalRequired:
        """Freezes an escrow until its arbiter resolves it."""
        body = {"escrow_id": escrow_id, **({"reason": reason} if reason else {})}
        return cast(
            "Escrow | ApprovalRequired",
            await self.request("POST", "/escrow/dispute", body=body, moves=True, idempotency_key=idempotency_key),
        )

    async def get_escrow(self, escrow_id: str) -> Escrow:
        return cast(Escrow, await self.request("GET", f"/escrow/{quote(escrow_id, safe='')}"))

    # Approvals (the server's risk gate)

    async def approvals(self, status: str | None = None, limit: int | None = None) -> ApprovalList:
        """Requests held for approval, newest first; ``status="pending"`` is the inbox."""
        return cast(ApprovalList, await self.request("GET", "/approvals", query={"status": status, "limit": limit}))

    async def get_approval(self, approval_id: str) -> Approval:
        """One approval; once executed, ``result`` holds what the held request answered."""
        return cast(Approval, await self.request("GET", f"/approvals/{quote(approval_id, safe='')}"))

    async def approve(self, approval_id: str, note: str | None = None) -> Approval:
        """Approves a held request (needs ``approve``, and a key other than the requester's):
        it executes now, exactly once."""
        path = f"/approvals/{quote(approval_id, safe='')}/approve"
        return cast(Approval, await self.request("POST", path, body={"note": note} if note else {}, moves=True))

    async def reject(self, approval_id: str, note: str | None = None) -> Approval:
        """Rejects a held request; nothing moves."""
        path = f"/approvals/{quote(approval_id, safe='')}/reject"
        return cast(Approval, await self.request("POST", path, body={"note": note} if note else {}))

    # Proposals (analyst proposes, risk key approves, executor key executes)

    async def create_proposal(self, operation: str, request: Mapping[str, Any], rationale: str) -> Proposal:
        """Proposes a money-moving request (``operation`` is its SDK name, e.g. ``trade.order``,
        ``request`` its full body) for a key with ``approve`` to decide; needs only ``read``."""
        body = {"operation": operation, "request": dict(request), "rationale": rationale}
        return cast(Proposal, await self.request("POST", "/proposals", body=body))

    async def proposals(self, status: str | None = None, limit: int | None = None) -> ProposalList:
        """Proposals, newest first; ``status="proposed"`` is what waits for a decision."""
        return cast(ProposalList, await self.request("GET", "/proposals", query={"status": status, "limit": limit}))

    async def get_proposal(self, proposal_id: str) -> Proposal:
        return cast(Proposal, await self.request("GET", f"/proposals/{quote(proposal_id, safe='')}"))

    async def approve_proposal(self, proposal_id: str, note: str | None = None) -> Proposal:
        """Approves a proposal (needs ``approve``, a key other than the proposer's, and a
        ``max_per_transaction`` of its own, if any, that covers the amount); nothing moves yet."""
        path = f"/proposals/{quote(proposal_id, safe='')}/approve"
        return cast(Proposal, await self.request("POST", path, body={"note": note} if note else {}))

    async def reject_proposal(self, proposal_id: str, note: str | None = None) -> Proposal:
        path = f"/proposals/{quote(proposal_id, safe='')}/reject"
        return cast(Proposal, await self.request("POST", path, body={"note": note} if note else {}))

    async def execute_proposal(self, proposal_id: str, *, idempotency_key: str | None = None) -> Proposal:
        """Runs an approved proposal exactly once with this key's scope and limits; ``result`` holds
        what the request answered (an order, a bet), or its error."""
        path = f"/proposals/{quote(proposal_id, safe='')}/execute"
        return cast(Proposal, await self.request("POST", path, moves=True, idempotency_key=idempotency_key))
