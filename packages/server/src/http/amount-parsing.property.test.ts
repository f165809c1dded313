import { amountJsonSchema, amountSchema } from "@purpleflea/protocol";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJsonBody } from "./json-body.ts";

/**
 * Property: an amount sent as a JSON number or a JSON string, parsed by the server's body parser and
 * the amount schema, is accepted exactly when a reference reading of its raw text says so, with the
 * same micro-units or the same error code. The reference reads characters one by one, with no regex
 * and no floating point, so it shares nothing with the implementation but the documented rule.
 */
const MAX_MICRO = 10n ** 18n;
const DIGITS = "0123456789";

type Verdict = { micro: bigint } | { code: string };

function reference(text: string): Verdict {
  let i = 0;
  let whole = "";
  while (i < text.length && DIGITS.includes(text[i] ?? "")) whole += text[i++];
  let fraction: string | null = null;
  if (text[i] === ".") {
    i++;
    fraction = "";
    while (i < text.length && DIGITS.includes(text[i] ?? "")) fraction += text[i++];
  }
  const wellFormed = whole !== "" && i === text.length && (fraction === null || fraction !== "");
  if (!wellFormed) return { code: text.startsWith("-") ? "amount_must_be_positive" : "invalid_amount" };
  if ((fraction ?? "").length > 6) return { code: "amount_too_precise" };
  let micro = 0n;
  for (const digit of whole + (fraction ?? "").padEnd(6, "0")) micro = micro * 10n + BigInt(DIGITS.indexOf(digit));
  if (micro > MAX_MICRO) return { code: "amount_too_large" };
  if (micro === 0n) return { code: "amount_must_be_positive" };
  return { micro };
}

const schema = amountSchema("amount");

function server(json: string): Verdict {
  const body = parseJsonBody(`{"amount":${json}}`, 32) as { amount: unknown };
  const result = schema.safeParse(body.amount);
  if (result.success) return { micro: result.data };
  const params = result.error.issues[0] as { params?: { code?: string } } | undefined;
  return { code: params?.params?.code ?? "invalid_request" };
}

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...DIGITS), minLength: min, maxLength: max });
/** JSON number texts of every shape the grammar allows: signs, fractions, exponents, many digits. */
const jsonNumberText = fc
  .tuple(
    fc.constantFrom("", "", "-"),
    fc.oneof(
      fc.constant("0"),
      fc.tuple(fc.constantFrom(..."123456789"), digits(0, 15)).map(([a, b]) => a + b),
    ),
    fc.option(
      digits(1, 9).map((d) => `.${d}`),
      { nil: "" },
    ),
    fc.option(
      fc.tuple(fc.constantFrom("e", "E"), fc.constantFrom("", "+", "-"), digits(1, 3)).map((parts) => parts.join("")),
      { freq: 4, nil: "" },
    ),
  )
  .map((parts) => parts.join(""));
/** Strings near the grammar: digits, dots, signs, exponents and blanks in any order. */
const decimalishString = fc.oneof(
  fc.string({ unit: fc.constantFrom(..."0123456789.-+eE \t"), maxLength: 22 }),
  fc.tuple(fc.constantFrom("", " ", "+", "-"), jsonNumberText, fc.constantFrom("", " ", "\n")).map((p) => p.join("")),
);

describe("amount parsing, property: the raw text decides, as the README says", () => {
  it("JSON numbers", () => {
    fc.assert(
      fc.property(jsonNumberText, (text) => {
        expect(server(text)).toEqual(reference(text));
      }),
      { numRuns: 3_000 },
    );
  });

  it("decimal strings", () => {
    fc.assert(
      fc.property(decimalishString, (text) => {
        expect(server(JSON.stringify(text))).toEqual(reference(text));
      }),
      { numRuns: 3_000 },
    );
  });

  it("the OpenAPI document's string pattern accepts exactly what the server accepts", () => {
    const pattern = new RegExp(amountJsonSchema().anyOf[1].pattern);
    const near = fc.oneof(decimalishString, jsonNumberText, fc.constantFrom("1000000000000", "1000000000000.000001", "0.000000"));
    fc.assert(
      fc.property(near, (text) => {
        expect([text, pattern.test(text)]).toEqual([text, "micro" in reference(text)]);
      }),
      { numRuns: 3_000 },
    );
  });
});
