"""The seed guide's Purple Flea tools for AutoGen agents, typed and bound to one client.

Parameter descriptions come from ``Annotated[..., "text"]`` (AutoGen's ``FunctionTool`` reads only
those) and the tool description from the docstring, so the schemas a model sees read well.
"""

# No `from __future__ import annotations` here: FunctionTool resolves these annotations at run time.
import inspect
from collections.abc import Awaitable, Callable, Iterable
from typing import Annotated, Any, Literal, Union

from autogen_core.tools import BaseTool, FunctionTool

from .client import PurpleFlea
from .tool_results import ToolCallFailed, tool_answer


class PurpleFleaTools:
    """The tools as async methods of one client; ``purpleflea_tools(client)`` wraps them for AutoGen.
    Each call reaches the server with this client's key only (no environment lookups)."""

    def __init__(self, client: PurpleFlea) -> None:
        self._client = client

    async def _answer(self, call: Awaitable[Any], *, moves: bool) -> str:
        return await tool_answer(call, moves=moves, base_url=self._client.base_url)

    async def purpleflea_get_balance(self) -> str:
        """Get this agent's Purple Flea wallet balance.

        Returns JSON: balance (the USDC you can spend now: size bets and trades against it), held
        (locked in open escrows or orders, not spendable), total (balance + held), available (the
        same as balance) and paper_balance (the paper-trading bankroll you can spend). Each amount
        also comes as an exact string, e.g. balance_str."""
        return await self._answer(self._client.get_balance(), moves=False)

    async def purpleflea_claim_faucet(self) -> str:
        """Claim the free USDC from the Purple Flea faucet (1 USDC by default, once per agent).

        Returns JSON with amount and new_balance (what you can spend now). A second claim fails
        with faucet_already_claimed."""
        return await self._answer(self._client.claim_faucet(), moves=True)

    async def purpleflea_get_deposit_address(self) -> str:
        """Get this agent's own address for depositing real USDC on the server's chain.

        Returns JSON: address, chain_id, usdc_address (send only that token) and confirmations (blocks
        before the deposit is credited). Fails with chain_not_configured on a server without a chain."""
        return await self._answer(self._client.deposit_address(), moves=False)

    async def purpleflea_withdraw_usdc(
        self,
        to_address: Annotated[str, "EVM address to send the USDC to: 0x and 40 hex digits"],
        amount: Annotated[float, "USDC to send, besides the network fee"],
    ) -> str:
        """Send real USDC from this agent's balance to an address on the server's chain.

        Returns JSON with withdrawal_id and status "queued"; the amount plus network_fee is held until
        the transfer confirms (then posted) or fails (then returned). Check it with
        purpleflea_get_withdrawal. If it needs human approval, the answer says so: then wait."""
        return await self._answer(self._client.withdraw(to_address, amount), moves=True)

    async def purpleflea_get_withdrawal(self, withdrawal_id: Annotated[str, "The id from purpleflea_withdraw_usdc"]) -> str:
        """Get a withdrawal's status (queued, broadcast, confirmed, failed, dropped) and transaction hash."""
        return await self._answer(self._client.withdrawal(withdrawal_id), moves=False)

    async def purpleflea_bet(
        self,
        game: Annotated[Literal["dice", "coinflip", "roulette"], "Which casino game"],
        amount: Annotated[float, "USDC to stake, at least 0.01"],
        prediction: Annotated[
            str,
            'coinflip: "heads" or "tails"; dice: "over_50" or "under_25.5" (roll 0.00-99.99); '
            'roulette: "red", "black", "odd", "even", "low", "high", "dozen_1".."dozen_3", '
            '"column_1".."column_3" or "number_0".."number_36"',
        ],
    ) -> str:
        """Place a provably fair bet on the Purple Flea casino with real USDC.

        Returns JSON with outcome ("win" or "loss"), result (coin side, roll or pocket), payout,
        new_balance (what you can spend now) and the fairness proof. The house edge is 0.5 %. If the bet needs human
        approval, the answer says so: then wait, do not bet again."""
        return await self._answer(self._client.bet(game, amount, prediction), moves=True)

    async def purpleflea_trade(
        self,
        symbol: Annotated[str, "Instrument quoted in USDC, e.g. BTC, ETH, SOL"],
        side: Annotated[Literal["buy", "sell"], "buy or sell"],
        amount: Annotated[float, "Quantity of the base asset, e.g. 0.01 (BTC), not USDC"],
        mode: Annotated[Literal["paper", "live"], "paper trades the paper bankroll; live uses real USDC"] = "paper",
    ) -> str:
        """Place a market order on Purple Flea trading.

        Returns JSON with order_id, status, fill_price, filled_amount and fee. Paper fills are
        realistic (ask for buys, bid for sells, plus fees). If the order needs human approval,
        the answer says so: then wait, do not order again."""
        return await self._answer(self._client.trade_order(symbol, side, amount, mode), moves=True)

    async def purpleflea_get_ticker(self, symbol: Annotated[str, "Instrument, e.g. BTC"]) -> str:
        """Get the current bid, ask and last price of one instrument on Purple Flea trading."""
        return await self._answer(self._client.get_ticker(symbol), moves=False)

    async def purpleflea_get_candles(
        self,
        symbol: Annotated[str, "Instrument, e.g. BTC"],
        interval: Annotated[Literal["1m", "5m", "15m", "1h", "4h", "1d"], "Candle length"] = "1h",
        limit: Annotated[int, "How many candles, 1-500, the newest last"] = 24,
    ) -> str:
        """Get OHLC candles of one instrument's mid price on Purple Flea trading, oldest first."""
        return await self._answer(self._client.candles(symbol, interval, limit), moves=False)

    async def purpleflea_positions(self) -> str:
        """List this agent's open positions with average price and realised and unrealised PnL."""
        return await self._answer(self._client.positions(), moves=False)

    async def purpleflea_escrow(
        self,
        action: Annotated[
            Literal["create", "release", "dispute"], "create locks funds; release pays the counterparty; dispute freezes"
        ],
        counterparty_agent_id: Annotated[str, "The other party's agent id (agt_...) or username (create only)"],
        amount: Annotated[float, "USDC to lock (create only); 1 % is taken at release"],
        condition: Annotated[str, "create: what must happen before release; dispute: why you dispute"] = "",
        escrow_id: Annotated[str, "The escrow to release or dispute, as returned by create"] = "",
    ) -> str:
        """Create, release or dispute a trustless escrow between agents on Purple Flea.

        Returns JSON with escrow_id, status, fee_paid and net_amount (what the counterparty gets
        at release: amount minus the 1 % fee); create also returns new_balance, what you can still
        spend (the amount is held until release). Only the creator can release."""
        call: Awaitable[Any]
        if action == "create":
            call = self._client.escrow_create(counterparty_agent_id, amount, condition)
        elif not escrow_id:
            raise ToolCallFailed(f"escrow_id is required to {action} an escrow (create returns it). Nothing was sent.")
        elif action == "release":
            call = self._client.escrow_release(escrow_id)
        else:
            call = self._client.escrow_dispute(escrow_id, condition or None)
        return await self._answer(call, moves=True)

    async def purpleflea_approvals(
        self, approval_id: Annotated[str, "One approval to check; empty lists the most recent ones"] = ""
    ) -> str:
        """Check requests that Purple Flea held for human approval (bets, orders, payments above
        the approval threshold).

        Returns JSON with status: pending (still waiting), executed (result holds the bet or order),
        rejected, expired or failed. Approving is for humans or a risk key, not for this tool."""
        if approval_id:
            return await self._answer(self._client.get_approval(approval_id), moves=False)
        return await self._answer(self._client.approvals(limit=10), moves=False)


    async def purpleflea_create_proposal(
        self,
        operation: Annotated[
            Literal["trade.order", "casino.bet", "wallet.transfer", "escrow.create", "escrow.release", "wallet.withdraw"],
            "What to propose: trade.order (a trade), casino.bet, wallet.transfer, escrow.create, escrow.release, wallet.withdraw (on-chain USDC)",
        ],
        request: Annotated[
            dict[str, Any],
            'The full request, e.g. {"symbol": "BTC", "side": "buy", "notional": 200, "mode": "paper", "stop_loss": "47000"}',
        ],
        rationale: Annotated[str, "Why: the signal and the risk, for the risk manager to judge"],
    ) -> str:
        """Create a proposal on Purple Flea: a money-moving request with its rationale, for a risk
        manager to approve. Nothing moves until an executor runs the approved proposal.

        Returns JSON with proposal_id, status "proposed" and amount (what it would cost)."""
        return await self._answer(self._client.create_proposal(operation, request, rationale), moves=False)

    async def purpleflea_list_proposals(
        self,
        status: Annotated[
            Literal["proposed", "approved", "rejected", "executed", "failed", ""], "Only this status; empty lists all"
        ] = "",
        limit: Annotated[int, "How many, newest first"] = 10,
    ) -> str:
        """List proposals on Purple Flea, newest first: "proposed" ones wait for the risk manager,
        "approved" ones for the executor. Returns JSON with proposals (proposal_id, operation,
        request, rationale, amount, status)."""
        return await self._answer(self._client.proposals(status or None, limit), moves=False)

    # Proposal tools take `id`, as the TypeScript tools do, so one script or prompt drives both.
    async def purpleflea_approve_proposal(
        self,
        id: Annotated[str, "The proposal_id to approve"],
        note: Annotated[str, "Why it is acceptable"] = "",
    ) -> str:
        """Approve a proposal on Purple Flea so an executor may run it (risk manager only).

        Returns the proposal as JSON with status "approved"; nothing has moved yet."""
        return await self._answer(self._client.approve_proposal(id, note or None), moves=False)

    async def purpleflea_reject_proposal(
        self,
        id: Annotated[str, "The proposal_id to reject"],
        note: Annotated[str, "Why it is refused"] = "",
    ) -> str:
        """Reject a proposal on Purple Flea (risk manager only); it can never run.

        Returns the proposal as JSON with status "rejected"."""
        return await self._answer(self._client.reject_proposal(id, note or None), moves=False)

    async def purpleflea_execute_proposal(
        self,
        id: Annotated[str, "The proposal_id of an approved proposal"],
    ) -> str:
        """Execute an approved proposal on Purple Flea, exactly once, as it was approved.

        Returns the proposal as JSON with status "executed" and result.body holding the order
        (or bet, payment, escrow). A proposal that is not approved, or above this key's limits,
        is refused and nothing moves."""
        return await self._answer(self._client.execute_proposal(id), moves=True)


AgentTool = Union[BaseTool[Any, Any], Callable[..., Any], Callable[..., Awaitable[Any]]]
"""What ``AssistantAgent(tools=...)`` takes, spelled as it does, so a ``list[AgentTool]`` passes a type checker."""

TOOL_NAMES = tuple(name for name in vars(PurpleFleaTools) if name.startswith("purpleflea_"))


def purpleflea_tools(client: PurpleFlea, only: Iterable[str] | None = None) -> list[AgentTool]:
    """The Purple Flea tools as AutoGen ``FunctionTool``s bound to ``client``, for
    ``AssistantAgent(tools=...)``. ``only`` picks some by name (an executor that may only trade:
    ``only=["purpleflea_trade", "purpleflea_get_balance"]``)."""
    names = list(only) if only is not None else list(TOOL_NAMES)
    unknown = sorted(set(names) - set(TOOL_NAMES))
    if unknown:
        raise ValueError(f"unknown Purple Flea tools {unknown}; the tools are {list(TOOL_NAMES)}")
    methods = PurpleFleaTools(client)
    tools: list[AgentTool] = []
    for name in names:
        method = getattr(methods, name)
        tools.append(FunctionTool(method, description=inspect.cleandoc(method.__doc__ or ""), name=name))
    return tools
