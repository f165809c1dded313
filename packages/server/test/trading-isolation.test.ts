import { checkInvariants, type SqlTx } from "@purpleflea/ledger";
import { formatAmount, formatQuantity, lotE8, requireInstrument } from "@purpleflea/protocol";
import fc from "fast-check";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { openPlatform } from "../src/open-platform.ts";
import type { Platform } from "../src/platform.ts";
import { matchNow } from "../src/trading/matching-task.ts";
import { TEST_STEP } from "./trading-harness.ts";

let platform: Platform;
let app: FastifyInstance;
beforeAll(async () => {
  const config = loadConfig({ LOG_LEVEL: "silent", RATE_LIMIT_PER_IP_PER_MINUTE: "0", RATE_LIMIT_PER_KEY_PER_MINUTE: "0" });
  platform = await openPlatform(config, ":memory:");
  app = await buildApp(platform);
});
afterAll(async () => {
  await app.close();
  await platform.store.close();
});

const symbols = ["BTC", "ETH", "SOL"] as const;
const sides = ["buy", "sell"] as const;

/** Random order flow sized in USDC (some beyond the bankroll), with cancels and market moves. */
const usdc = fc.integer({ min: 1, max: 14_000 });
const command = fc.oneof(
  fc.record({ kind: fc.constant("market" as const), symbol: fc.constantFrom(...symbols), side: fc.constantFrom(...sides), usdc }),
  fc.record({
    kind: fc.constant("limit" as const),
    symbol: fc.constantFrom(...symbols),
    side: fc.constantFrom(...sides),
    usdc,
    offsetBps: fc.integer({ min: -300, max: 300 }),
    tif: fc.constantFrom("gtc", "ioc", "fok"),
    bracket: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("notional" as const), symbol: fc.constantFrom(...symbols), usdc }),
  fc.record({ kind: fc.constant("cancel" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("move" as const), steps: fc.integer({ min: 1, max: 20_000 }) }),
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

async function post(key: string, url: string, body?: unknown) {
  const response = await app.inject({
    method: "POST",
    url,
    headers: { authorization: `Bearer ${key}` },
    ...(body ? { payload: body as object } : {}),
  });
  return response.json() as Record<string, unknown>;
}

/** The whole lots `usdc` buys at the touch (at least one). */
function amountFor(symbol: string, side: "buy" | "sell", usdc: number): { amount: string; touch: bigint } {
  const instrument = requireInstrument(symbol);
  const book = platform.market.book(instrument);
  const touch = (side === "buy" ? book.asks[0] : book.bids[0])?.priceMicro ?? 1n;
  const lots = (BigInt(usdc) * 10n ** 14n) / touch / lotE8(instrument);
  return { amount: formatQuantity((lots > 0n ? lots : 1n) * lotE8(instrument)), touch };
}

function limitBody(c: Extract<Command, { kind: "limit" }>): Record<string, unknown> {
  const instrument = requireInstrument(c.symbol);
  const { amount, touch } = amountFor(c.symbol, c.side, c.usdc);
  const tick = 10n ** BigInt(6 - instrument.priceDecimals);
  const price = ((touch * BigInt(10_000 + c.offsetBps)) / 10_000n / tick) * tick;
  const body: Record<string, unknown> = {
    symbol: c.symbol,
    side: c.side,
    amount,
    type: "limit",
    limit_price: formatAmount(price > 0n ? price : tick),
    time_in_force: c.tif,
  };
  if (c.bracket && c.side === "buy")
    Object.assign(body, { stop_loss: formatAmount(tick), take_profit: formatAmount(price * 2n) });
  return body;
}

async function run(key: string, c: Command, orderIds: string[], step: { now: number }): Promise<void> {
  if (c.kind === "move") {
    step.now += c.steps;
    platform.market.pin(step.now);
    await matchNow(platform);
    return;
  }
  if (c.kind === "cancel") {
    const id = orderIds[c.pick % Math.max(1, orderIds.length)];
    if (id)
      await app.inject({ method: "DELETE", url: `/api/v1/trade/orders/${id}`, headers: { authorization: `Bearer ${key}` } });
    return;
  }
  const body =
    c.kind === "limit"
      ? limitBody(c)
      : c.kind === "notional"
        ? { symbol: c.symbol, side: "buy", notional: c.usdc, mode: "paper" }
        : { symbol: c.symbol, side: c.side, amount: amountFor(c.symbol, c.side, c.usdc).amount };
  const reply = await post(key, "/api/v1/trade/order", body);
  if (typeof reply.order_id === "string") orderIds.push(reply.order_id);
}

const realUsdc = (tx: SqlTx) =>
  tx.all<{ id: string; credits_posted: bigint; debits_posted: bigint; credits_pending: bigint; debits_pending: bigint }>(
    "SELECT id, credits_posted, debits_posted, credits_pending, debits_pending FROM ledger_accounts WHERE asset = 'USDC' ORDER BY id",
  );
const usdcTransfers = (tx: SqlTx) => tx.get<{ n: bigint }>("SELECT COUNT(*) AS n FROM ledger_transfers WHERE asset = 'USDC'");

describe("paper isolation", () => {
  it("no sequence of paper orders, cancels and market moves ever changes a real USDC balance", async () => {
    let agents = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 30 }), async (commands) => {
        platform.market.pin(TEST_STEP);
        const registered = await app.inject({
          method: "POST",
          url: "/api/v1/auth/register",
          payload: { username: `iso-${++agents}` },
        });
        const key = registered.json<{ api_key: string }>().api_key;
        await post(key, "/api/v1/faucet/claim");
        const before = await platform.store.read(realUsdc);
        const transfersBefore = await platform.store.read(usdcTransfers);
        const orderIds: string[] = [];
        const step = { now: TEST_STEP };
        for (const c of commands) await run(key, c, orderIds, step);
        expect(await platform.store.read(realUsdc)).toEqual(before);
        expect(await platform.store.read(usdcTransfers)).toEqual(transfersBefore);
        expect((await platform.store.read(checkInvariants)).violations).toEqual([]);
        const negative = await platform.store.read((tx) => tx.get("SELECT 1 FROM trading_positions WHERE quantity < 0"));
        expect(negative).toBeUndefined();
      }),
      { numRuns: 60, seed: 20_250_101 },
    );
    // The flow really traded: fills of both kinds, resting orders that filled and were cancelled.
    const stats = await platform.store.read((tx) =>
      tx.all<{ what: string; n: bigint }>(
        `SELECT liquidity AS what, COUNT(*) AS n FROM trading_fills GROUP BY liquidity
         UNION ALL SELECT status, COUNT(*) FROM trading_orders GROUP BY status`,
      ),
    );
    const seen = Object.fromEntries(stats.map((row) => [row.what, row.n]));
    for (const what of ["maker", "taker", "filled", "cancelled", "expired", "open"]) expect(seen[what], what).toBeGreaterThan(0n);
  });
});
