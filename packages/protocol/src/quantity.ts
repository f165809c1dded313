import { decimalSchema, type TwinShape, type TwinValue, twin, twinShape } from "./decimal-schema.ts";
import { type FixedPoint, fixedPointJsonSchema, formatFixedPoint, parseFixedPoint } from "./fixed-point.ts";

/**
 * Base quantities (0.01 BTC) are integers too: units of 10^-8 of a coin, one scale for every
 * instrument. Each instrument allows fewer decimals (its lot size); 8 covers them all.
 */
export const QUANTITY_DECIMALS = 8;
export const UNITS_PER_COIN = 10n ** BigInt(QUANTITY_DECIMALS);
/** A billion coins: far above any instrument's order limit, and keeps quantity x price far from 2^63 micro-units. */
export const MAX_QUANTITY_E8 = 10n ** 9n * UNITS_PER_COIN;

/** Division of non-negative integers rounding up: what a buyer pays is never rounded down in its favour. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

const COINS: FixedPoint = {
  decimals: QUANTITY_DECIMALS,
  max: MAX_QUANTITY_E8,
  example: 'a decimal quantity such as 0.01 or "0.5"',
  maxText: formatQuantity(MAX_QUANTITY_E8),
};

/** Parses a base quantity (JSON number or decimal string) into 10^-8 units, exactly or not at all. */
export function parseQuantity(value: unknown, field: string): bigint {
  return parseFixedPoint(COINS, value, field);
}

/** 10^-8 units as a fixed 8-decimal string: 1_000_000n -> "0.01000000". */
export function formatQuantity(units: bigint): string {
  return formatFixedPoint(units, QUANTITY_DECIMALS);
}

/** A request quantity, parsed to exact 10^-8 units like amounts to micro-units. */
export function quantitySchema(field: string) {
  return decimalSchema(
    `${field}: base quantity in coins (0.01 = 0.01 BTC), a number or a decimal string`,
    (value) => parseQuantity(value, field),
    fixedPointJsonSchema(COINS),
  );
}

/** Response convention for quantities, as for money: a number and an exact 8-decimal string twin. */
export function quantityShape<K extends string>(key: K): TwinShape<K> {
  return twinShape(key, `${key}: base quantity in coins`, `${key} as an exact 8-decimal string`);
}

export function quantity<K extends string>(key: K, units: bigint): TwinValue<K> {
  return twin(key, formatQuantity(units));
}
