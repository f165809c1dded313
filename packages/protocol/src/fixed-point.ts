import { PurpleFleaError } from "./errors.ts";

/**
 * An exact decimal scale: values are integers of 10^-decimals. USDC amounts (6 decimals) and coin
 * quantities (8) are two of them, so one parser refuses the same inputs with the same codes for both.
 */
export interface FixedPoint {
  decimals: number;
  /** Largest value a request may carry, in units of the scale. */
  max: bigint;
  /** What a well-formed value looks like, ending "must be …". */
  example: string;
  /** The limit as said after "exceeds …". */
  maxText: string;
}

const DECIMAL_RE = /^(\d+)(?:\.(\d+))?$/;
/** A double holds 15 significant digits exactly; beyond that a JSON number may already be rounded. */
const MAX_EXACT_DIGITS = 15;

/**
 * Parses a JSON number or decimal string into units, exactly or not at all: too many decimals,
 * exponents, signs, NaN and out-of-range values are rejected, never rounded.
 */
export function parseFixedPoint(scale: FixedPoint, value: unknown, field: string, allowZero = false): bigint {
  const text = decimalText(scale, value, field);
  const match = DECIMAL_RE.exec(text);
  if (!match) {
    if (text.startsWith("-")) fail("amount_must_be_positive", field, `${field} must be positive`);
    fail("invalid_amount", field, `${field} must be ${scale.example}`);
  }
  const [, whole = "", fraction = ""] = match;
  if (fraction.length > scale.decimals) {
    fail("amount_too_precise", field, `${field} has more than ${scale.decimals} decimal places`);
  }
  const units = BigInt(whole) * 10n ** BigInt(scale.decimals) + BigInt(fraction.padEnd(scale.decimals, "0"));
  if (units > scale.max) fail("amount_too_large", field, `${field} exceeds ${scale.maxText}`);
  if (units === 0n && !allowZero) fail("amount_must_be_positive", field, `${field} must be greater than zero`);
  return units;
}

function decimalText(scale: FixedPoint, value: unknown, field: string): string {
  if (typeof value === "string") return value.trim();
  if (typeof value !== "number") return fail("invalid_amount", field, `${field} must be a number or a decimal string`);
  if (!Number.isFinite(value)) fail("invalid_amount", field, `${field} must be a finite number`);
  const text = String(value);
  // JavaScript spells tiny and huge numbers with an exponent: below one unit, or far too large.
  if (text.includes("e-")) fail("amount_too_precise", field, `${field} has more than ${scale.decimals} decimal places`);
  if (text.includes("e+")) fail("amount_too_large", field, `${field} exceeds ${scale.maxText}`);
  if (text.replace(/[-.]/g, "").replace(/^0+/, "").length > MAX_EXACT_DIGITS) {
    fail("amount_too_precise", field, `${field} has more digits than a JSON number holds exactly; send it as a decimal string`);
  }
  return text;
}

function fail(
  code: "invalid_amount" | "amount_too_precise" | "amount_must_be_positive" | "amount_too_large",
  field: string,
  message: string,
): never {
  throw new PurpleFleaError(code, message, { field });
}

/** Units as a string with exactly `decimals` decimals: (1_500_000n, 6) -> "1.500000". */
export function formatFixedPoint(units: bigint, decimals: number): string {
  const one = 10n ** BigInt(decimals);
  const sign = units < 0n ? "-" : "";
  const abs = units < 0n ? -units : units;
  return `${sign}${abs / one}.${(abs % one).toString().padStart(decimals, "0")}`;
}
