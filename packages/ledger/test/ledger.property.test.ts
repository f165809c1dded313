import { PurpleFleaError } from "@purpleflea/protocol";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkInvariants,
  expireHolds,
  getBalance,
  ledgerMigrations,
  openAccount,
  postHeld,
  type SqlTx,
  type Store,
  type TransferSpec,
  transfer,
  transferAll,
  voidHeld,
} from "../src/index.ts";
import { openTestStore } from "../src/testing/test-store.ts";
import { LedgerModel, type ModelSpec } from "./ledger-model.ts";

/** Two assets; the mints may go negative (they are the other side of every deposit), users may not. */
const ACCOUNTS = [
  { id: "mint:USDC", asset: "USDC", noOverdraft: false },
  { id: "a:USDC", asset: "USDC", noOverdraft: true },
  { id: "b:USDC", asset: "USDC", noOverdraft: true },
  { id: "c:USDC", asset: "USDC", noOverdraft: true },
  // On-chain USDC: deposits come from the chain account, withdrawals go back to it, their fee to the fees.
  { id: "chain:USDC", asset: "USDC", noOverdraft: false },
  { id: "fees:USDC", asset: "USDC", noOverdraft: true },
  { id: "mint:PAPER", asset: "PAPER_USDC", noOverdraft: false },
  { id: "a:PAPER", asset: "PAPER_USDC", noOverdraft: true },
] as const;

const accountId = fc.constantFrom(...ACCOUNTS.map((a) => a.id));
// A small id space, so ids collide and the idempotency rules get exercised.
const transferId = fc.integer({ min: 0, max: 25 }).map((n) => `t${n}`);
const amount = fc.oneof(fc.bigInt({ min: 1n, max: 5_000_000n }), fc.constant(0n), fc.constant(1n));
const hold = fc.option(fc.record({ timeoutMs: fc.option(fc.integer({ min: 1, max: 5_000 }), { nil: undefined }) }), {
  nil: undefined,
});
const spec = fc.record({ id: transferId, debit: accountId, credit: accountId, amount, hold });

const USERS = ["a:USDC", "b:USDC", "c:USDC"] as const;

/**
 * A chain deposit as the server books it: keyed by its log (chain, transaction hash, log index),
 * here a small number so logs are seen again; a log always names the same recipient and amount.
 */
function depositSpec(log: number): ModelSpec {
  const to = USERS[log % USERS.length] ?? "a:USDC";
  return { id: `chain-log-${log}`, kind: "chain_deposit", debit: "chain:USDC", credit: to, amount: BigInt(log + 1) * 700_000n };
}

/** A withdrawal's two holds, taken together: the amount toward the chain, the network fee toward the fees. */
function withdrawalSpecs(w: { n: number; from: string; amount: bigint; fee: bigint }): ModelSpec[] {
  return [
    { id: `w${w.n}:amount`, kind: "chain_withdrawal", debit: w.from, credit: "chain:USDC", amount: w.amount, hold: {} },
    { id: `w${w.n}:fee`, kind: "withdrawal_fee", debit: w.from, credit: "fees:USDC", amount: w.fee, hold: {} },
  ];
}

const withdrawalNumber = fc.integer({ min: 0, max: 5 });
const chainSteps = [
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 8 }).map((log) => ({ op: "chainDeposit" as const, log })) },
  {
    weight: 2,
    arbitrary: fc
      .record({
        n: withdrawalNumber,
        from: fc.constantFrom(...USERS),
        amount: fc.bigInt({ min: 1n, max: 3_000_000n }),
        fee: fc.bigInt({ min: 1n, max: 500_000n }),
      })
      .map((w) => ({ op: "withdraw" as const, w })),
  },
  {
    weight: 2,
    arbitrary: fc
      .record({ n: withdrawalNumber, outcome: fc.constantFrom("posted" as const, "voided" as const) })
      .map((end) => ({ op: "endWithdrawal" as const, ...end })),
  },
];

const step = fc.oneof(
  ...chainSteps,
  { weight: 4, arbitrary: spec.map((s) => ({ op: "transfer" as const, spec: s })) },
  { weight: 2, arbitrary: fc.array(spec, { minLength: 2, maxLength: 4 }).map((specs) => ({ op: "batch" as const, specs })) },
  { weight: 2, arbitrary: transferId.map((id) => ({ op: "post" as const, id })) },
  { weight: 2, arbitrary: transferId.map((id) => ({ op: "void" as const, id })) },
  { weight: 1, arbitrary: fc.constant({ op: "expire" as const }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 3_000 }).map((ms) => ({ op: "advance" as const, ms })) },
);
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

function toSpec(s: ModelSpec): TransferSpec {
  return { id: s.id, kind: s.kind, debitAccountId: s.debit, creditAccountId: s.credit, amount: s.amount, hold: s.hold };
}

function withKind(s: Omit<ModelSpec, "kind">): ModelSpec {
  return { ...s, kind: "test" };
}

/** Runs one step against the SQL ledger; returns the error code it answered with, or null. */
async function runLedger(store: Store, s: Step, now: number): Promise<string | null> {
  const apply = (tx: SqlTx): Promise<unknown> => {
    switch (s.op) {
      case "transfer":
        return transfer(tx, toSpec(withKind(s.spec)), now);
      case "batch":
        return transferAll(
          tx,
          s.specs.map((x) => toSpec(withKind(x))),
          now,
        );
      case "post":
        return postHeld(tx, s.id, now);
      case "void":
        return voidHeld(tx, s.id, now);
      case "expire":
        return expireHolds(tx, now);
      case "advance":
        return Promise.resolve();
      case "chainDeposit":
        return transfer(tx, toSpec(depositSpec(s.log)), now);
      case "withdraw":
        return transferAll(tx, withdrawalSpecs(s.w).map(toSpec), now);
      case "endWithdrawal":
        return endWithdrawal(tx, s.n, s.outcome, now);
    }
  };
  try {
    await store.write(apply);
    return null;
  } catch (error) {
    if (error instanceof PurpleFleaError) return error.code;
    throw error;
  }
}

/** Confirmed: both holds posted; failed or dropped: both voided, in one transaction as the server does. */
async function endWithdrawal(tx: SqlTx, n: number, outcome: "posted" | "voided", now: number): Promise<void> {
  const settle = outcome === "posted" ? postHeld : voidHeld;
  await settle(tx, `w${n}:amount`, now);
  await settle(tx, `w${n}:fee`, now);
}

function runModel(model: LedgerModel, s: Step, now: number): string | null {
  switch (s.op) {
    case "transfer":
      return model.transfer(withKind(s.spec), now);
    case "batch":
      return model.transferAll(s.specs.map(withKind), now);
    case "post":
      return model.settle(s.id, "posted", now);
    case "void":
      return model.settle(s.id, "voided", now);
    case "expire":
      model.expire(now);
      return null;
    case "advance":
      return null;
    case "chainDeposit":
      return model.transfer(depositSpec(s.log), now);
    case "withdraw":
      return model.transferAll(withdrawalSpecs(s.w), now);
    case "endWithdrawal":
      return model.settleAll([`w${s.n}:amount`, `w${s.n}:fee`], s.outcome, now);
  }
}

let store: Store;
beforeAll(async () => {
  store = await openTestStore(ledgerMigrations);
});
afterAll(() => store.close());

/** Empties the run's ledger and opens the accounts again, beside a new reference model. */
async function freshLedger(): Promise<{ store: Store; model: LedgerModel }> {
  const model = new LedgerModel();
  await store.write(async (tx) => {
    await tx.run("DELETE FROM ledger_transfers");
    await tx.run("DELETE FROM ledger_accounts");
    for (const a of ACCOUNTS) await openAccount(tx, { id: a.id, asset: a.asset, owner: null, noOverdraft: a.noOverdraft });
  });
  for (const a of ACCOUNTS) model.open(a.id, a.asset, a.noOverdraft);
  return { store, model };
}

describe("ledger properties over random interleavings", () => {
  it("agrees with the reference model after every step and keeps every invariant", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 60 }), async (steps) => {
        const { store, model } = await freshLedger();
        let now = 1_000_000;
        for (const s of steps) {
          if (s.op === "advance") now += s.ms;
          const expected = runModel(model, s, now);
          expect(await runLedger(store, s, now)).toBe(expected);
          await store.read(async (tx) => {
            for (const a of ACCOUNTS) {
              const { balance, held, available } = await getBalance(tx, a.id);
              expect({ id: a.id, balance, held, available }).toEqual({ id: a.id, ...model.balance(a.id) });
              if (a.noOverdraft) expect(available >= 0n).toBe(true);
            }
            const rows = await tx.all<{ id: string; status: string }>("SELECT id, status FROM ledger_transfers ORDER BY id");
            expect(rows).toEqual(model.statuses());
            expect(await checkInvariants(tx)).toEqual({ ok: true, violations: [] });
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it("a failing transfer inside a batch leaves no trace of the transfers before it", async () => {
    const { store } = await freshLedger();
    await store.write((tx) =>
      transfer(tx, { id: "fund", kind: "test", debitAccountId: "mint:USDC", creditAccountId: "a:USDC", amount: 10n }),
    );
    const batch = [
      { id: "ok", kind: "test", debitAccountId: "a:USDC", creditAccountId: "b:USDC", amount: 4n },
      { id: "too-much", kind: "test", debitAccountId: "a:USDC", creditAccountId: "c:USDC", amount: 7n },
    ];
    await expect(store.write((tx) => transferAll(tx, batch))).rejects.toMatchObject({ code: "insufficient_funds" });
    await store.read(async (tx) => {
      expect((await getBalance(tx, "a:USDC")).balance).toBe(10n);
      expect((await getBalance(tx, "b:USDC")).balance).toBe(0n);
      expect(await tx.get("SELECT id FROM ledger_transfers WHERE id = 'ok'")).toBeUndefined();
    });
  });
});
