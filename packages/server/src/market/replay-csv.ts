import { readFileSync } from "node:fs";
import { findInstrument } from "@purpleflea/protocol";
import { ConfigError } from "../config.ts";
import type { FeedPoint } from "./feed.ts";

const PRICE_RE = /^(\d+)(?:\.(\d+))?$/;

/**
 * Reads a replay file: a header row, then one row per step per instrument, replayed in file order.
 * Columns by name (case-insensitive, any order, extra ones ignored): `symbol` and either `close`
 * (candles, with optional `high` and `low`) or `price` (trades).
 */
export function readReplayCsv(path: string): Map<string, FeedPoint[]> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(`MARKET_REPLAY_CSV: cannot read ${path}: ${(error as Error).message}`);
  }
  return parseReplayCsv(text, path);
}

export function parseReplayCsv(text: string, source: string): Map<string, FeedPoint[]> {
  const lines = text.split(/\r?\n/);
  const header = splitRow(lines[0] ?? "").map((name) => name.toLowerCase());
  const column = (name: string) => header.indexOf(name);
  const price = column("close") >= 0 ? column("close") : column("price");
  if (column("symbol") < 0 || price < 0) {
    throw new ConfigError(`MARKET_REPLAY_CSV: ${source} needs a header with symbol and close (candles) or price (trades)`);
  }
  const rows = new Map<string, FeedPoint[]>();
  for (const [index, line] of lines.entries()) {
    if (index === 0 || line.trim() === "") continue;
    const cells = splitRow(line);
    const where = `${source}:${index + 1}`;
    const instrument = findInstrument(cells[column("symbol")] ?? "");
    if (!instrument) throw new ConfigError(`MARKET_REPLAY_CSV: ${where}: unknown symbol ${cells[column("symbol")]}`);
    const point: FeedPoint = { midMicro: priceMicro(cells[price], where), regime: "normal" };
    if (column("high") >= 0) point.highMicro = priceMicro(cells[column("high")], where);
    if (column("low") >= 0) point.lowMicro = priceMicro(cells[column("low")], where);
    const series = rows.get(instrument.symbol) ?? [];
    series.push(point);
    rows.set(instrument.symbol, series);
  }
  return rows;
}

function splitRow(line: string): string[] {
  return line.split(",").map((cell) => cell.trim().replace(/^"(.*)"$/, "$1"));
}

/** A positive decimal price to micro-USDC, rounded half up past 6 decimals (data files carry float noise). */
function priceMicro(text: string | undefined, where: string): bigint {
  const match = PRICE_RE.exec(text ?? "");
  if (!match) throw new ConfigError(`MARKET_REPLAY_CSV: ${where}: "${text ?? ""}" is not a positive decimal price`);
  const [, whole = "0", fraction = ""] = match;
  const digits = fraction.padEnd(7, "0");
  const micro = BigInt(whole) * 1_000_000n + BigInt(digits.slice(0, 6)) + (Number(digits[6]) >= 5 ? 1n : 0n);
  if (micro === 0n) throw new ConfigError(`MARKET_REPLAY_CSV: ${where}: a price must be above zero`);
  return micro;
}
