import { describe, expect, it } from "vitest";
import { PurpleFleaError } from "./errors.ts";
import { formatQuantity, parseQuantity } from "./quantity.ts";

describe("base quantities", () => {
  it.each([
    [0.01, 1_000_000n],
    ["0.01", 1_000_000n],
    ["1.23456789", 123_456_789n],
    [2, 200_000_000n],
  ])("%j -> %s units of 10^-8", (value, units) => {
    expect(parseQuantity(value, "amount")).toBe(units);
  });

  it.each([
    [0, "amount_must_be_positive"],
    [-1, "amount_must_be_positive"],
    ["0.123456789", "amount_too_precise"],
    [1e-9, "invalid_amount"],
    [1e21, "invalid_amount"],
    [" 0.5 ", "invalid_amount"],
    ["1000000001", "amount_too_large"],
    ["1e3", "invalid_amount"],
    [null, "invalid_amount"],
    [Number.NaN, "invalid_amount"],
  ])("%j is refused with %s", (value, code) => {
    expect(() => parseQuantity(value, "amount")).toThrow(expect.objectContaining({ code, details: { field: "amount" } }));
    expect(() => parseQuantity(value, "amount")).toThrow(PurpleFleaError);
  });

  it("formats with 8 decimals", () => {
    expect(formatQuantity(1_000_000n)).toBe("0.01000000");
    expect(formatQuantity(-150_000_000n)).toBe("-1.50000000");
  });
});
