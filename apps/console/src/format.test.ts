import { describe, expect, it } from "vitest";
import { formatDecimal, formatMoney, formatQuantity } from "./format.ts";

describe("amount formatting, one way everywhere", () => {
  it.each([
    ["1.000000", "1.00"],
    ["0.005000", "0.005"],
    ["1234567.890000", "1,234,567.89"],
    ["-66.968334", "−66.968334"],
    ["0.000000", "0.00"],
    ["1000000000000.000001", "1,000,000,000,000.000001"],
  ])("%s -> %s, exact", (exact, shown) => {
    expect(formatDecimal(exact)).toBe(shown);
  });

  it("names the unit, and paper money as paper", () => {
    expect(formatMoney("250.000000")).toBe("250.00 USDC");
    expect(formatMoney("10000.000000", "PAPER_USDC")).toBe("10,000.00 paper USDC");
  });

  it("shows coin quantities with only the decimals they have", () => {
    expect(formatQuantity("0.01000000")).toBe("0.01");
    expect(formatQuantity("2.00000000")).toBe("2");
  });
});
