import { z } from "zod";
import { PurpleFleaError } from "./errors.ts";
import { formatAmount, type ParseAmountOptions, parseAmount, toNumber } from "./money.ts";

/**
 * A request amount: a JSON number or decimal string, parsed to exact micro-units.
 * A rejected amount carries its error code in the issue params so the HTTP layer can render it.
 */
export function amountSchema(field: string, options: ParseAmountOptions = {}) {
  return z
    .union([z.number(), z.string()])
    .describe(`${field} in USDC, as a number or a decimal string with at most 6 decimals`)
    .transform((value, ctx) => {
      try {
        return parseAmount(value, field, options);
      } catch (error) {
        if (!(error instanceof PurpleFleaError)) throw error;
        ctx.issues.push({ code: "custom", message: error.message, input: value, params: { code: error.code } });
        return z.NEVER;
      }
    });
}

type MoneyShape<K extends string> = { [P in K]: z.ZodNumber } & { [P in `${K}_str`]: z.ZodString };
type MoneyValue<K extends string> = { [P in K]: number } & { [P in `${K}_str`]: string };

/** Response convention: every money field `x` is a number with an exact twin `x_str` ("1.500000"). */
export function moneyShape<K extends string>(key: K): MoneyShape<K> {
  return {
    [key]: z.number().describe(`${key} in USDC`),
    [`${key}_str`]: z.string().describe(`${key} in USDC as an exact 6-decimal string`),
  } as MoneyShape<K>;
}

export function money<K extends string>(key: K, micro: bigint): MoneyValue<K> {
  return { [key]: toNumber(micro), [`${key}_str`]: formatAmount(micro) } as MoneyValue<K>;
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
