/**
 * The one way the console shows numbers that came as exact strings (every money field's `_str`
 * twin): thousands grouped, at least two decimals, trailing zeros past them dropped. Nothing is
 * rounded, so what is shown is exactly what the ledger holds.
 */
export function formatDecimal(exact: string, minDecimals = 2): string {
  const negative = exact.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? exact.slice(1) : exact).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const decimals = fraction.replace(/0+$/, "").padEnd(minDecimals, "0");
  return `${negative ? "−" : ""}${grouped}${decimals ? `.${decimals}` : ""}`;
}

export type Asset = "USDC" | "PAPER_USDC";

/** An amount with its unit: real USDC, or paper USDC (which can never meet real funds). */
export function formatMoney(exact: string, asset: Asset = "USDC"): string {
  return `${formatDecimal(exact)} ${asset === "USDC" ? "USDC" : "paper USDC"}`;
}

/** A coin quantity (8 decimals on the wire): as many decimals as it has, none forced. */
export function formatQuantity(exact: string): string {
  return formatDecimal(exact, 0);
}

/** Times as the reader's local date and time, to the second. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return "–";
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

/** Long ids shortened for tables; the full id stays in the title attribute. */
export function shortId(id: string): string {
  return id.length > 16 ? `${id.slice(0, 10)}…${id.slice(-4)}` : id;
}
