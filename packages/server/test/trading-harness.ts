import { type OrderResponse, requireInstrument } from "@purpleflea/protocol";
import type { Book } from "../src/market/book.ts";
import { matchNow } from "../src/trading/matching-task.ts";
import { type ApiResponse, micro, type TestAgent, type TestServer } from "./harness.ts";

/** A fixed simulator step for tests: the market stays here until a test moves it. */
export const TEST_STEP = 40_000_000;

export type OrderReply = OrderResponse & { error?: { code: string; details?: Record<string, unknown> } };

export function placeOrder(
  server: TestServer,
  agent: TestAgent,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse<OrderReply>> {
  return server.call<OrderReply>("/api/v1/trade/order", { key: agent.apiKey, body, headers });
}

/** Pins the market at a step and runs a matcher pass, as the server's timer would at that step. */
export async function moveMarket(server: TestServer, step: number): Promise<void> {
  server.server.platform.market.pin(step);
  await matchNow(server.server.platform);
}

export function bookAt(server: TestServer, symbol: string, step?: number): Book {
  const market = server.server.platform.market;
  return market.book(requireInstrument(symbol), step ?? market.step());
}

/** The first step after `from` at which `reached` holds for the book: deterministic for a given seed. */
export function findStep(server: TestServer, symbol: string, from: number, reached: (book: Book) => boolean): number {
  for (let step = from + 1; step < from + 100_000; step++) {
    if (reached(bookAt(server, symbol, step))) return step;
  }
  throw new Error(`the market never reached the condition within 100,000 steps of ${from}`);
}

/** The paper account as the wallet answers it: balance (spendable, available its alias), held, total. */
export interface PaperBalance {
  balance: bigint;
  available: bigint;
  held: bigint;
  total: bigint;
}

export async function paperBalance(server: TestServer, agent: TestAgent): Promise<PaperBalance> {
  const response = await server.call<{
    balances: Array<{ asset: string; balance_str: string; available_str: string; held_str: string; total_str: string }>;
  }>("/api/v1/wallet/balance", { key: agent.apiKey });
  const paper = response.body.balances.find((b) => b.asset === "PAPER_USDC");
  if (!paper) throw new Error("no paper balance");
  return {
    balance: micro(paper.balance_str),
    available: micro(paper.available_str),
    held: micro(paper.held_str),
    total: micro(paper.total_str),
  };
}
