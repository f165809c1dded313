import { checkInvariants, getBalance, type SqlTx, type Store, shardedBalance, transfer } from "@purpleflea/ledger";
import { PurpleFleaError } from "@purpleflea/protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { completeEscrow, disputeEscrow, refundEscrow, releaseEscrow, resolveEscrow } from "../src/escrow/actions.ts";
import { createEscrow } from "../src/escrow/create.ts";
import type { EscrowRow } from "../src/escrow/records.ts";
import { escrowSettings } from "../src/escrow/settings.ts";
import { ESCROW_ACCOUNT } from "../src/escrow/settlement.ts";
import { expireEscrows } from "../src/escrow/sweeper.ts";
import { openPlatform } from "../src/open-platform.ts";
import { systemAccounts, userAccountId } from "../src/system-accounts.ts";
import { createTestDatabase } from "../src/testing.ts";

const config = loadConfig({ ESCROW_MIN_DEADLINE_MS: "1000" });
// Each run gets a fresh database; on PostgreSQL that costs a CREATE DATABASE and the migrations, so
// fewer runs there: the escrow rules are the same code, what that run adds is the SQL on PostgreSQL.
const RUNS = process.env.PF_TEST_ENGINE === "postgres" ? 10 : 150;
const settings = escrowSettings(config);
const AGENTS = ["r", "a", "b", "c"] as const; // "a" was referred by "r"
const FUNDS = 50_000_000n;
const USERS = ["a", "b", "c"] as const;

type Command =
  | { kind: "create"; creator: number; offset: number; arbiter: boolean; amount: bigint; deadlineS: number; release: boolean }
  | { kind: "act"; escrow: number; actor: number; action: "complete" | "release" | "dispute" | "refund" }
  | { kind: "resolve"; escrow: number; actor: number; outcome: "release" | "refund" | "split"; splitMicro: bigint }
  | { kind: "wait"; ms: number };

const user = fc.integer({ min: 0, max: 2 });
const create = fc.record({
  kind: fc.constant("create" as const),
  creator: user,
  offset: fc.integer({ min: 1, max: 2 }),
  arbiter: fc.boolean(),
  amount: fc.bigInt({ min: 1n, max: 12_000_000n }),
  deadlineS: fc.integer({ min: 1, max: 120 }),
  release: fc.boolean(),
});
const act = fc.record({
  kind: fc.constant("act" as const),
  escrow: fc.nat(20),
  actor: user,
  action: fc.constantFrom("complete" as const, "release" as const, "dispute" as const, "refund" as const),
});
const resolve = fc.record({
  kind: fc.constant("resolve" as const),
  escrow: fc.nat(20),
  actor: user,
  outcome: fc.constantFrom("release" as const, "refund" as const, "split" as const),
  splitMicro: fc.bigInt({ min: 1n, max: 12_000_000n }),
});
const wait = fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 1, max: 90_000 }) });
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: create, weight: 3 },
  { arbitrary: act, weight: 5 },
  { arbitrary: resolve, weight: 2 },
  { arbitrary: wait, weight: 1 },
);

async function seed(tx: SqlTx): Promise<void> {
  for (const id of AGENTS) {
    await tx.run("INSERT INTO agents (id, username, referral_code, referred_by, created_at) VALUES (?, ?, ?, ?, 0)", [
      id,
      `user-${id}`,
      `CODE${id}`,
      id === "a" ? "r" : null,
    ]);
    await tx.run("INSERT INTO ledger_accounts (id, asset, owner, no_overdraft, created_at) VALUES (?, 'USDC', ?, 1, 0)", [
      userAccountId(id, "USDC"),
      id,
    ]);
    if (id === "r") continue;
    await transfer(tx, {
      id: `fund:${id}`,
      kind: "test",
      debitAccountId: systemAccounts.equity,
      creditAccountId: userAccountId(id, "USDC"),
      amount: FUNDS,
    });
  }
}

/** Runs one command at the simulated time; refusals are expected, anything else is a bug. */
async function run(store: Store, ids: string[], cmd: Command, now: number): Promise<void> {
  const agent = (i: number) => USERS[i] ?? "a";
  const escrowId = (i: number) => ids[i % Math.max(ids.length, 1)] ?? "esc_none";
  try {
    await store.write(async (tx) => {
      if (cmd.kind === "wait") return expireEscrows(tx, now);
      if (cmd.kind === "resolve") {
        const split = cmd.outcome === "split" ? { split: cmd.splitMicro } : {};
        return resolveEscrow(tx, agent(cmd.actor), { escrow_id: escrowId(cmd.escrow), outcome: cmd.outcome, ...split }, now);
      }
      if (cmd.kind === "act") {
        const actions = { complete: completeEscrow, release: releaseEscrow, dispute: disputeEscrow, refund: refundEscrow };
        return actions[cmd.action](tx, agent(cmd.actor), { escrow_id: escrowId(cmd.escrow) }, now);
      }
      // Counterparty and arbiter are the two other users, so most creates go through.
      const request = {
        counterparty: `user-${agent((cmd.creator + cmd.offset) % 3)}`,
        amount: cmd.amount,
        condition: "property",
        deadline: cmd.deadlineS,
        on_expiry: cmd.release ? ("release" as const) : ("refund" as const),
        ...(cmd.arbiter ? { arbiter: agent((cmd.creator + 3 - cmd.offset) % 3) } : {}),
      };
      const escrow = await createEscrow(tx, agent(cmd.creator), request, settings, now);
      ids.push(escrow.escrow_id);
      return escrow;
    });
  } catch (error) {
    if (!(error instanceof PurpleFleaError)) throw error;
  }
}

/** Money is only ever moved, never made or lost, and every escrow accounts for all of its amount. */
async function checkConserved(store: Store): Promise<void> {
  await store.read(async (tx) => {
    expect((await checkInvariants(tx)).violations).toEqual([]);
    let total = 0n;
    for (const id of AGENTS) total += (await getBalance(tx, userAccountId(id, "USDC"))).balance;
    total += (await shardedBalance(tx, systemAccounts.fees)).balance;
    const escrowAccount = await tx.get<{ posted: bigint | null; pending: bigint | null }>(
      `SELECT SUM(credits_posted - debits_posted) AS posted, SUM(credits_pending) AS pending FROM ledger_accounts
       WHERE id = ? OR id LIKE ?`,
      [ESCROW_ACCOUNT, `${ESCROW_ACCOUNT}#%`],
    );
    expect(escrowAccount?.posted ?? 0n).toBe(0n);
    expect(total).toBe(FUNDS * BigInt(USERS.length));
    const escrows = await tx.all<EscrowRow>("SELECT * FROM escrows");
    const open = escrows.filter((e) => ["funded", "completed", "disputed"].includes(e.status));
    expect(escrowAccount?.pending ?? 0n).toBe(open.reduce((sum, e) => sum + e.amount, 0n));
    for (const e of escrows.filter((e) => !open.includes(e))) expect(e.net_paid + e.fee + e.refunded).toBe(e.amount);
    const referred = escrows.filter((e) => e.creator_id === "a").reduce((sum, e) => sum + (e.fee * 1_500n) / 10_000n, 0n);
    expect((await getBalance(tx, userAccountId("r", "USDC"))).balance).toBe(referred);
  });
}

describe("escrow property: random actions by random parties", () => {
  it("conserve funds, never overdraw, and account for every escrowed micro-unit", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 40, size: "max" }), async (commands) => {
        const database = process.env.PF_TEST_ENGINE === "postgres" ? await createTestDatabase() : null;
        const platform = database
          ? await openPlatform({ ...config, DATABASE_URL: database.settings.DATABASE_URL })
          : await openPlatform(config, ":memory:");
        try {
          await platform.store.write(seed);
          const ids: string[] = [];
          let now = Date.UTC(2030, 0, 1);
          for (const cmd of commands) {
            if (cmd.kind === "wait") now += cmd.ms;
            await run(platform.store, ids, cmd, now);
            await checkConserved(platform.store);
          }
        } finally {
          await platform.store.close();
          await database?.drop();
        }
      }),
      { numRuns: RUNS },
    );
  });
});
