import { type FixedPoint, fixedPointJsonSchema, formatFixedPoint, parseFixedPoint } from "./fixed-point.ts";

/** USDC and paper USDC both carry 6 decimals: 1 USDC = 1_000_000 micro-units. */
export const DECIMALS = 6;
/** Largest amount a single request may carry; keeps every sum far from 2^63 in storage. */
export const MAX_AMOUNT_MICRO = 10n ** 18n;

export interface ParseAmountOptions {
  allowZero?: boolean;
}

const USDC: FixedPoint = {
  decimals: DECIMALS,
  max: MAX_AMOUNT_MICRO,
  example: 'a decimal number such as 1.5 or "0.01"',
  maxText: `the maximum of ${formatAmount(MAX_AMOUNT_MICRO)}`,
};

/** Parses a USDC amount (JSON number or decimal string) into micro-units, exactly or not at all. */
export function parseAmount(value: unknown, field: string, options: ParseAmountOptions = {}): bigint {
  return parseFixedPoint(USDC, value, field, options.allowZero);
}

/** The JSON Schema of a request amount: exactly what `parseAmount` accepts. */
export function amountJsonSchema(options: ParseAmountOptions = {}) {
  return fixedPointJsonSchema(USDC, options.allowZero);
}

/** Micro-units as a fixed 6-decimal string: 1500000n -> "1.500000". */
export function formatAmount(micro: bigint): string {
  return formatFixedPoint(micro, DECIMALS);
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
