import { describe, expect, it } from "vitest";
import { PurpleFleaError } from "./errors.ts";
import { JsonNumber } from "./json-number.ts";
import { feeMicro, formatAmount, parseAmount, toNumber } from "./money.ts";

const accepted: Array<[unknown, bigint]> = [
  [1, 1_000_000n],
  [0.01, 10_000n],
  ["0.01", 10_000n],
  [new JsonNumber("2.50"), 2_500_000n],
  [new JsonNumber("1234567890.123456"), 1_234_567_890_123_456n],
  ["0.000001", 1n],
  [123456.123456, 123_456_123_456n],
  ["1000000000000", 10n ** 18n],
];

const rejected: Array<[unknown, string]> = [
  [0, "amount_must_be_positive"],
  ["0.000000", "amount_must_be_positive"],
  [-1, "amount_must_be_positive"],
  ["-0.5", "amount_must_be_positive"],
  ["0.0000001", "amount_too_precise"],
  [1e-7, "invalid_amount"],
  [new JsonNumber("1e2"), "invalid_amount"],
  [new JsonNumber("0.010000000000000001"), "amount_too_precise"],
  [" 2.5 ", "invalid_amount"],
  [1.0000001, "amount_too_precise"],
  [1234567890.1234567, "amount_too_precise"],
  ["1e3", "invalid_amount"],
  [1e21, "invalid_amount"],
  ["abc", "invalid_amount"],
  ["", "invalid_amount"],
  ["1.", "invalid_amount"],
  [".5", "invalid_amount"],
  ["0x10", "invalid_amount"],
  [Number.NaN, "invalid_amount"],
  [Number.POSITIVE_INFINITY, "invalid_amount"],
  [null, "invalid_amount"],
  [true, "invalid_amount"],
  [{}, "invalid_amount"],
  ["1000000000000.000001", "amount_too_large"],
  ["9223372036854775808", "amount_too_large"],
];

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof PurpleFleaError) return error.code;
    throw error;
  }
  return "ok";
}

describe("parseAmount", () => {
  it.each(accepted)("parses %j exactly", (input, micro) => {
    expect(parseAmount(input, "amount")).toBe(micro);
  });

  it.each(rejected)("rejects %j with %s, naming the field", (input, code) => {
    expect(codeOf(() => parseAmount(input, "stake"))).toBe(code);
    try {
      parseAmount(input, "stake");
    } catch (error) {
      expect((error as PurpleFleaError).details).toEqual({ field: "stake" });
      expect((error as PurpleFleaError).message).toContain("stake");
    }
  });

  it("allows zero only when asked", () => {
    expect(parseAmount("0", "amount", { allowZero: true })).toBe(0n);
  });
});

describe("formatting", () => {
  it.each([
    [0n, "0.000000", 0],
    [1n, "0.000001", 0.000001],
    [1_500_000n, "1.500000", 1.5],
    [-2_000_001n, "-2.000001", -2.000001],
    [10n ** 18n, "1000000000000.000000", 1e12],
  ])("%s micro -> %s", (micro, text, number) => {
    expect(formatAmount(micro)).toBe(text);
    expect(toNumber(micro)).toBe(number);
  });
});

describe("feeMicro", () => {
  it.each([
    [100_000_000n, 100, 1_000_000n],
    [1n, 100, 1n],
    [99n, 100, 1n],
    [100n, 100, 1n],
    [101n, 100, 2n],
    [12_345_678n, 50, 61_729n],
    [5n, 0, 0n],
  ])("fee on %s at %s bps rounds up to %s", (amount, bps, fee) => {
    expect(feeMicro(amount, bps)).toBe(fee);
  });
});
