import { z } from "zod";
import { PurpleFleaError } from "./errors.ts";

/**
 * Base quantities (0.01 BTC) are integers too: units of 10^-8 of a coin, one scale for every
 * instrument. Each instrument allows fewer decimals (its lot size); 8 covers them all.
 */
export const QUANTITY_DECIMALS = 8;
export const UNITS_PER_COIN = 10n ** BigInt(QUANTITY_DECIMALS);
/** A billion coins: far above any instrument's order limit, and keeps quantity x price far from 2^63 micro-units. */
export const MAX_QUANTITY_E8 = 10n ** 9n * UNITS_PER_COIN;

const DECIMAL_RE = /^(\d+)(?:\.(\d+))?$/;
/** A double holds 15 significant digits exactly; beyond that a JSON number may already be rounded. */
const MAX_EXACT_DIGITS = 15;

type QuantityCode = "invalid_amount" | "amount_too_precise" | "amount_must_be_positive" | "amount_too_large";

function fail(code: QuantityCode, field: string, message: string): never {
  throw new PurpleFleaError(code, message, { field });
}

/** Parses a base quantity (JSON number or decimal string) into 10^-8 units, exactly or not at all. */
export function parseQuantity(value: unknown, field: string): bigint {
  const text = quantityText(value, field);
  const match = DECIMAL_RE.exec(text);
  if (!match) {
    if (text.startsWith("-")) fail("amount_must_be_positive", field, `${field} must be positive`);
    fail("invalid_amount", field, `${field} must be a decimal quantity such as 0.01 or "0.5"`);
  }
  const [, whole = "", fraction = ""] = match;
  if (fraction.length > QUANTITY_DECIMALS) {
    fail("amount_too_precise", field, `${field} has more than ${QUANTITY_DECIMALS} decimal places`);
  }
  const units = BigInt(whole) * UNITS_PER_COIN + BigInt(fraction.padEnd(QUANTITY_DECIMALS, "0"));
  if (units > MAX_QUANTITY_E8) fail("amount_too_large", field, `${field} exceeds ${formatQuantity(MAX_QUANTITY_E8)}`);
  if (units === 0n) fail("amount_must_be_positive", field, `${field} must be greater than zero`);
  return units;
}

function quantityText(value: unknown, field: string): string {
  if (typeof value === "string") return value.trim();
  if (typeof value !== "number") return fail("invalid_amount", field, `${field} must be a number or a decimal string`);
  if (!Number.isFinite(value)) fail("invalid_amount", field, `${field} must be a finite number`);
  const text = String(value);
  // JavaScript spells tiny and huge numbers with an exponent: below a unit, or far too large.
  if (text.includes("e-")) fail("amount_too_precise", field, `${field} has more than ${QUANTITY_DECIMALS} decimal places`);
  if (text.includes("e+")) fail("amount_too_large", field, `${field} exceeds ${formatQuantity(MAX_QUANTITY_E8)}`);
  if (text.replace(/[-.]/g, "").replace(/^0+/, "").length > MAX_EXACT_DIGITS) {
    fail("amount_too_precise", field, `${field} has more digits than a JSON number holds exactly; send it as a decimal string`);
  }
  return text;
}

/** 10^-8 units as a fixed 8-decimal string: 1_000_000n -> "0.01000000". */
export function formatQuantity(units: bigint): string {
  const sign = units < 0n ? "-" : "";
  const abs = units < 0n ? -units : units;
  return `${sign}${abs / UNITS_PER_COIN}.${(abs % UNITS_PER_COIN).toString().padStart(QUANTITY_DECIMALS, "0")}`;
}

/** A request quantity; a rejected one carries its error code in the issue params, like amounts. */
export function quantitySchema(field: string) {
  return z
    .union([z.number(), z.string()])
    .describe(`${field}: base quantity in coins (0.01 = 0.01 BTC), a number or a decimal string`)
    .transform((value, ctx) => {
      try {
        return parseQuantity(value, field);
      } catch (error) {
        if (!(error instanceof PurpleFleaError)) throw error;
        ctx.issues.push({ code: "custom", message: error.message, input: value, params: { code: error.code } });
        return z.NEVER;
      }
    });
}

type QuantityShape<K extends string> = { [P in K]: z.ZodNumber } & { [P in `${K}_str`]: z.ZodString };
type QuantityValue<K extends string> = { [P in K]: number } & { [P in `${K}_str`]: string };

/** Response convention for quantities, as for money: a number and an exact 8-decimal string twin. */
export function quantityShape<K extends string>(key: K): QuantityShape<K> {
  return {
    [key]: z.number().describe(`${key}: base quantity in coins`),
    [`${key}_str`]: z.string().describe(`${key} as an exact 8-decimal string`),
  } as QuantityShape<K>;
}

export function quantity<K extends string>(key: K, units: bigint): QuantityValue<K> {
  return { [key]: Number(formatQuantity(units)), [`${key}_str`]: formatQuantity(units) } as QuantityValue<K>;
}
