import { PurpleFleaError } from "./errors.ts";

/** USDC and paper USDC both carry 6 decimals: 1 USDC = 1_000_000 micro-units. */
export const DECIMALS = 6;
export const MICRO_PER_UNIT = 10n ** BigInt(DECIMALS);
/** Largest amount a single request may carry; keeps every sum far from 2^63 in storage. */
export const MAX_AMOUNT_MICRO = 10n ** 18n;

const DECIMAL_RE = /^(\d+)(?:\.(\d+))?$/;
/** A double holds 15 significant digits exactly; beyond that a JSON number may already be rounded. */
const MAX_EXACT_DIGITS = 15;

export interface ParseAmountOptions {
  allowZero?: boolean;
}

/**
 * Parses a JSON number or decimal string into micro-units, exactly or not at all:
 * too many decimals, exponents, signs, NaN and out-of-range values are rejected, never rounded.
 */
export function parseAmount(value: unknown, field: string, options: ParseAmountOptions = {}): bigint {
  const text = amountText(value, field);
  const match = DECIMAL_RE.exec(text);
  if (!match) {
    if (text.startsWith("-")) fail("amount_must_be_positive", field, `${field} must be positive`);
    fail("invalid_amount", field, `${field} must be a decimal number such as 1.5 or "0.01"`);
  }
  const [, whole = "", fraction = ""] = match;
  if (fraction.length > DECIMALS) {
    fail("amount_too_precise", field, `${field} has more than ${DECIMALS} decimal places`);
  }
  const micro = BigInt(whole) * MICRO_PER_UNIT + BigInt(fraction.padEnd(DECIMALS, "0"));
  if (micro > MAX_AMOUNT_MICRO) {
    fail("amount_too_large", field, `${field} exceeds the maximum of ${formatAmount(MAX_AMOUNT_MICRO)}`);
  }
  if (micro === 0n && !options.allowZero) {
    fail("amount_must_be_positive", field, `${field} must be greater than zero`);
  }
  return micro;
}

function amountText(value: unknown, field: string): string {
  if (typeof value === "string") return value.trim();
  if (typeof value === "number") {
    if (!Number.isFinite(value)) fail("invalid_amount", field, `${field} must be a finite number`);
    const text = String(value);
    // JavaScript spells tiny and huge numbers with an exponent: they are below a micro-unit or far too large.
    if (text.includes("e-")) fail("amount_too_precise", field, `${field} has more than ${DECIMALS} decimal places`);
    if (text.includes("e+")) fail("amount_too_large", field, `${field} exceeds the maximum of ${formatAmount(MAX_AMOUNT_MICRO)}`);
    if (significantDigits(text) > MAX_EXACT_DIGITS) {
      fail("amount_too_precise", field, `${field} has more digits than a JSON number holds exactly; send it as a decimal string`);
    }
    return text;
  }
  return fail("invalid_amount", field, `${field} must be a number or a decimal string`);
}

function significantDigits(text: string): number {
  return text.replace(/[-.]/g, "").replace(/^0+/, "").length;
}

function fail(
  code: "invalid_amount" | "amount_too_precise" | "amount_must_be_positive" | "amount_too_large",
  field: string,
  message: string,
): never {
  throw new PurpleFleaError(code, message, { field });
}

/** Micro-units as a fixed 6-decimal string: 1500000n -> "1.500000". */
export function formatAmount(micro: bigint): string {
  const sign = micro < 0n ? "-" : "";
  const abs = micro < 0n ? -micro : micro;
  const fraction = (abs % MICRO_PER_UNIT).toString().padStart(DECIMALS, "0");
  return `${sign}${abs / MICRO_PER_UNIT}.${fraction}`;
}

/** Micro-units as the nearest JSON number, for the seed's numeric fields. */
export function toNumber(micro: bigint): number {
  return Number(formatAmount(micro));
}

/** Fee in basis points on micro-units, rounded up so the platform never under-charges. */
export function feeMicro(amountMicro: bigint, feeBps: number): bigint {
  const bps = BigInt(feeBps);
  return (amountMicro * bps + 9_999n) / 10_000n;
}
