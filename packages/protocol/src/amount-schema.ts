import { z } from "zod";
import { decimalSchema, type TwinShape, type TwinValue, twin, twinShape } from "./decimal-schema.ts";
import { amountJsonSchema, formatAmount, type ParseAmountOptions, parseAmount } from "./money.ts";

/** A request amount: a JSON number or decimal string, parsed to exact micro-units. */
export function amountSchema(field: string, options: ParseAmountOptions = {}) {
  return decimalSchema(
    `${field} in USDC, as a number or a decimal string with at most 6 decimals`,
    (value) => parseAmount(value, field, options),
    amountJsonSchema(options),
  );
}

/** Response convention: every money field `x` is a number with an exact twin `x_str` ("1.500000"). */
export function moneyShape<K extends string>(key: K): TwinShape<K> {
  return twinShape(key, `${key} in USDC`, `${key} in USDC as an exact 6-decimal string`);
}

export function money<K extends string>(key: K, micro: bigint): TwinValue<K> {
  return twin(key, formatAmount(micro));
}

type NullableMoneyShape<K extends string> = { [P in K]: z.ZodNullable<z.ZodNumber> } & {
  [P in `${K}_str`]: z.ZodNullable<z.ZodString>;
};
type NullableMoneyValue<K extends string> = { [P in K]: number | null } & { [P in `${K}_str`]: string | null };

/** A money field that may be absent (an unset limit): both twins are null then. */
export function nullableMoneyShape<K extends string>(key: K): NullableMoneyShape<K> {
  return {
    [key]: z.number().nullable().describe(`${key} in USDC, null when unset`),
    [`${key}_str`]: z.string().nullable().describe(`${key} as an exact 6-decimal string, null when unset`),
  } as NullableMoneyShape<K>;
}

export function nullableMoney<K extends string>(key: K, micro: bigint | null | undefined): NullableMoneyValue<K> {
  if (micro === null || micro === undefined) return { [key]: null, [`${key}_str`]: null } as NullableMoneyValue<K>;
  return money(key, micro) as unknown as NullableMoneyValue<K>;
}
