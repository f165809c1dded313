import { PurpleFleaError } from "@purpleflea/protocol";
import { describe, expect, it } from "vitest";
import { settlementFor } from "./settlement.ts";
import { allowedActions, checkTransition, expiryOutcome, roleOf } from "./state-machine.ts";

const NOW = 1_700_000_000_000;
const escrow = (status: Parameters<typeof checkTransition>[0]["status"], deadline = NOW + 1) => ({
  id: "esc_1",
  status,
  deadline_at: BigInt(deadline),
});

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof PurpleFleaError) return error.code;
    throw error;
  }
}

describe("escrow rulebook", () => {
  it.each([
    ["funded", "counterparty", "complete", null],
    ["funded", "creator", "refund", null],
    ["completed", "creator", "refund", "invalid_escrow_transition"],
    ["completed", "counterparty", "refund", null],
    ["disputed", "creator", "release", null],
    ["disputed", "creator", "dispute", "invalid_escrow_transition"],
    ["disputed", "arbiter", "resolve", null],
    ["funded", "arbiter", "resolve", "invalid_escrow_transition"],
    ["funded", "arbiter", "release", "escrow_role_not_allowed"],
    ["released", "creator", "release", "invalid_escrow_transition"],
    ["released", "counterparty", "release", "escrow_role_not_allowed"],
  ] as const)("%s: %s %s -> %s", (status, role, action, code) => {
    expect(codeOf(() => checkTransition(escrow(status), role, action, NOW))).toBe(code);
  });

  it("refuses every action once the deadline has passed, before the sweeper gets there", () => {
    expect(codeOf(() => checkTransition(escrow("funded", NOW), "creator", "release", NOW))).toBe("escrow_deadline_passed");
    expect(codeOf(() => checkTransition(escrow("released", NOW), "creator", "release", NOW))).toBe("invalid_escrow_transition");
  });

  it("expires a funded escrow as chosen, a delivered one to the counterparty, a disputed one to the creator", () => {
    expect(expiryOutcome("funded", "refund")).toBe("refund");
    expect(expiryOutcome("funded", "release")).toBe("release");
    expect(expiryOutcome("completed", "refund")).toBe("release");
    expect(expiryOutcome("disputed", "release")).toBe("refund");
  });

  it("knows the parties and nobody else", () => {
    const parties = { creator_id: "a", counterparty_id: "b", arbiter_id: null };
    expect([roleOf(parties, "a"), roleOf(parties, "b"), roleOf(parties, "c")]).toEqual(["creator", "counterparty", null]);
  });
});

describe("escrow settlement amounts", () => {
  it.each([
    [100_000_000n, "release", 0n, { net_paid: 99_000_000n, fee: 1_000_000n, refunded: 0n }],
    [100_000_000n, "refund", 0n, { net_paid: 0n, fee: 0n, refunded: 100_000_000n }],
    [100_000_000n, "split", 60_000_000n, { net_paid: 59_400_000n, fee: 600_000n, refunded: 40_000_000n }],
    [1n, "release", 0n, { net_paid: 0n, fee: 1n, refunded: 0n }],
    [10_000_001n, "release", 0n, { net_paid: 9_900_000n, fee: 100_001n, refunded: 0n }],
  ] as const)("%s %s %s", (amount, outcome, split, expected) => {
    const settlement = settlementFor(amount, 100n, outcome, split);
    expect(settlement).toMatchObject(expected);
    expect(settlement.net_paid + settlement.fee + settlement.refunded).toBe(amount);
  });
});

describe("actions offered to each role", () => {
  it.each([
    ["creator", "funded", ["release", "dispute", "refund"]],
    ["creator", "completed", ["release", "dispute"]],
    ["counterparty", "funded", ["complete", "dispute", "refund"]],
    ["counterparty", "disputed", ["refund"]],
    ["arbiter", "funded", []],
    ["arbiter", "disputed", ["resolve"]],
    ["creator", "released", []],
  ] as const)("%s on %s", (role, status, expected) => {
    expect(allowedActions(role, status, false)).toEqual(expected);
    // Each one offered is one checkTransition accepts, and none after the deadline.
    for (const action of expected) expect(() => checkTransition(escrow(status), role, action, NOW)).not.toThrow();
    expect(allowedActions(role, status, true)).toEqual([]);
  });
});
