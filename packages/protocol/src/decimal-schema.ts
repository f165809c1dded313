import { z } from "zod";
import { PurpleFleaError } from "./errors.ts";
import { JsonNumber } from "./json-number.ts";

/**
 * A request decimal (amount, quantity): a JSON number or decimal string, turned into exact units by
 * `parse`. A rejected value carries its error code in the issue params so the HTTP layer can render it.
 * `jsonSchema` documents exactly what `parse` accepts, so the OpenAPI document is as strict as the server.
 */
export function decimalSchema(
  description: string,
  parse: (value: number | string | JsonNumber) => bigint,
  jsonSchema: Record<string, unknown>,
) {
  return z
    .union([z.number(), z.string(), z.instanceof(JsonNumber)])
    .meta({ description, ...jsonSchema })
    .transform((value, ctx) => {
      try {
        return parse(value);
      } catch (error) {
        if (!(error instanceof PurpleFleaError)) throw error;
        ctx.issues.push({ code: "custom", message: error.message, input: value, params: { code: error.code } });
        return z.NEVER;
      }
    });
}

export type TwinShape<K extends string> = { [P in K]: z.ZodNumber } & { [P in `${K}_str`]: z.ZodString };
export type TwinValue<K extends string> = { [P in K]: number } & { [P in `${K}_str`]: string };

/**
 * Response convention for exact values: a field `x` is a number for reading and its twin `x_str`
 * the exact decimal string, because a JSON number cannot carry every value exactly.
 */
export function twinShape<K extends string>(key: K, numberDescription: string, textDescription: string): TwinShape<K> {
  return {
    [key]: z.number().describe(numberDescription),
    [`${key}_str`]: z.string().describe(textDescription),
  } as TwinShape<K>;
}

/** The two fields of `twinShape` from the exact text ("1.500000"). */
export function twin<K extends string>(key: K, text: string): TwinValue<K> {
  return { [key]: Number(text), [`${key}_str`]: text } as TwinValue<K>;
}
