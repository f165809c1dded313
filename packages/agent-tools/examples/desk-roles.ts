/**
 * Scripted trading roles that decide from what the Purple Flea tools return (prices, candles, the
 * paper balance, the proposals waiting), so the offline examples behave like a cautious desk on
 * whatever the market does. Shared by the TypeScript examples and, through the scripted model
 * server, the Python suite's AutoGen teams (their tools have the same names and arguments).
 */
import { type Conversation, call, finish, passOn, plan, type Role, say, type Turn } from "../src/testing/index.ts";

export const SYMBOL = "BTC-USD";

interface Ticker {
  bid: number;
  ask: number;
  mid: number;
  spread_bps: number;
  regime: string;
}
interface Candles {
  candles: Array<{ open: number; close: number }>;
}
interface Balance {
  paper_balance: number;
}
interface Proposal {
  proposal_id: string;
  amount: number;
  request: { stop_loss?: unknown; notional?: unknown; symbol?: string };
}

/** Relative change from the first candle's open to the last one's close: 0.012 is +1.2 %. */
export function trend(candles: Candles): number {
  const first = candles.candles[0];
  const last = candles.candles.at(-1);
  return first && last ? last.close / first.open - 1 : 0;
}

const percent = (x: number) => `${(x * 100).toFixed(2)} %`;
/** A price on BTC's 0.01 tick, as exact text. */
const onTick = (price: number) => (Math.floor(price * 100) / 100).toFixed(2);

export interface BuyPlan {
  /** Share of the paper balance to spend. */
  share: number;
  stopLoss: number;
  takeProfit?: number;
}

/** The analyst's proposal: a paper market buy sized from the balance, with stops from the touch. */
export function proposeBuy(conversation: Conversation, buy: BuyPlan, why: string): Turn {
  const ticker = conversation.result<Ticker>("purpleflea_get_ticker");
  const { paper_balance } = conversation.result<Balance>("purpleflea_get_balance");
  const request = {
    symbol: SYMBOL,
    side: "buy",
    notional: Math.floor(paper_balance * buy.share),
    mode: "paper",
    stop_loss: onTick(ticker.bid * (1 - buy.stopLoss)),
    ...(buy.takeProfit ? { take_profit: onTick(ticker.ask * (1 + buy.takeProfit)) } : {}),
  };
  const rationale =
    `${why} Mid ${ticker.mid}, spread ${ticker.spread_bps} bps, ${ticker.regime} regime. ` +
    `Buying ${percent(buy.share)} of the paper balance with a stop ${percent(buy.stopLoss)} below the bid.`;
  return call("purpleflea_create_proposal", { operation: "trade.order", request, rationale });
}

export interface ReviewRules {
  /** The largest share of the paper balance one proposal may spend. */
  maxShare: number;
  /** The words the team listens for: the seed's "APPROVED" / "TRADE APPROVED". */
  approved: string;
  rejected: string;
  /** A further reason to refuse, read from the conversation (the desk's analysts disagreeing). */
  veto?: (conversation: Conversation) => string | null;
}

function review(conversation: Conversation, rules: ReviewRules): Turn {
  const [proposal] = conversation.result<{ proposals: Proposal[] }>("purpleflea_list_proposals").proposals;
  if (!proposal) return say(`${rules.rejected}: there is no proposal to review.`);
  const { paper_balance } = conversation.result<Balance>("purpleflea_get_balance");
  const limit = paper_balance * rules.maxShare;
  const reason =
    rules.veto?.(conversation) ??
    (proposal.amount > limit
      ? `it costs ${proposal.amount}, above ${percent(rules.maxShare)} of the balance (${limit})`
      : null) ??
    (proposal.request.stop_loss === undefined ? "it has no stop-loss" : null);
  const id = proposal.proposal_id;
  if (reason) return call("purpleflea_reject_proposal", { id, note: reason });
  return call("purpleflea_approve_proposal", { id, note: `within ${percent(rules.maxShare)} of the balance, stop-loss set` });
}

/** Reviews the newest proposal against the balance and approves or rejects it on the server. */
export function riskManager(rules: ReviewRules): Role {
  return plan(
    call("purpleflea_list_proposals", { status: "proposed", limit: 5 }),
    call("purpleflea_get_balance"),
    (conversation) => review(conversation, rules),
    (conversation) => {
      const approved = conversation.result<Proposal & { status: string }>(
        conversation.text("purpleflea_approve_proposal") ? "purpleflea_approve_proposal" : "purpleflea_reject_proposal",
      );
      if (approved.status !== "approved") return say(`${rules.rejected}: ${conversation.results.at(-1)?.args.note ?? ""}`);
      return passOn(conversation, `${rules.approved}: proposal ${approved.proposal_id} (${approved.amount} paper USDC).`);
    },
  );
}

/** Executes the newest approved proposal, and reports what the server did with it. */
export const executor: Role = plan(
  call("purpleflea_list_proposals", { status: "approved", limit: 5 }),
  (conversation) => {
    const [approved] = conversation.result<{ proposals: Proposal[] }>("purpleflea_list_proposals").proposals;
    return approved ? call("purpleflea_execute_proposal", { id: approved.proposal_id }) : say("Nothing is approved to execute.");
  },
  (conversation) => {
    const done = conversation.results.at(-1);
    const result = (done?.json as { result?: { status: number; body: Record<string, unknown> } } | undefined)?.result;
    if (!result || result.status >= 400) return say(`FAILED: ${done?.text ?? "no proposal was executed"}`);
    const order = result.body;
    return say(`EXECUTED: order ${order.order_id} ${order.status}, ${order.filled_amount} BTC at ${order.fill_price}.`);
  },
);

/** The roles of `analyst-risk-executor.ts`, here so a client in another language can serve them cheaply. */
export const analystRiskExecutorRoles: Record<string, Role> = {
  analyst: plan(
    call("purpleflea_get_ticker", { symbol: SYMBOL }),
    call("purpleflea_get_candles", { symbol: SYMBOL, interval: "1h", limit: 24 }),
    call("purpleflea_get_balance"),
    (c) => {
      const change = trend(c.result("purpleflea_get_candles"));
      const share = change >= 0 ? 0.02 : 0.01;
      return proposeBuy(c, { share, stopLoss: 0.05 }, `BTC moved ${(change * 100).toFixed(2)} % over 24 hours.`);
    },
    finish((c) => `PROPOSAL READY: ${c.result<{ proposal_id: string }>("purpleflea_create_proposal").proposal_id}`),
  ),
  risk_manager: riskManager({ maxShare: 0.05, approved: "APPROVED", rejected: "REJECTED" }),
  executor,
};
