import { PurpleFleaError } from "./errors.ts";
import { JsonNumber } from "./json-number.ts";

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

/**
 * Parses a decimal string or a JSON number into units, exactly or not at all: the text (a string's
 * characters, a number's raw JSON text) must be digits with an optional fraction. Exponents, signs,
 * spaces, NaN, too many decimals and out-of-range values are rejected, never rounded.
 */
export function parseFixedPoint(scale: FixedPoint, value: unknown, field: string, allowZero = false): bigint {
  const text = decimalText(value, field);
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

/**
 * The text to judge. A plain number's `String()` is its JSON text (the server's parser hands every
 * other number over as a JsonNumber), so `1e-7` shows up here as what it is: an exponent.
 */
function decimalText(value: unknown, field: string): string {
  if (typeof value === "string") return value;
  if (value instanceof JsonNumber) return value.text;
  if (typeof value !== "number") return fail("invalid_amount", field, `${field} must be a number or a decimal string`);
  if (!Number.isFinite(value)) fail("invalid_amount", field, `${field} must be a finite number`);
  return String(value);
}

/**
 * The JSON Schema (valid as OpenAPI 3.0 and as JSON Schema 2020-12) of what `parseFixedPoint` accepts: a number within the range, on the
 * scale's grid, or a string matching exactly the texts it takes (no lookarounds, so every regex engine
 * and generator reads it). `max` must be a power of ten whole units.
 */
export function fixedPointJsonSchema(
  scale: FixedPoint,
  allowZero = false,
): { anyOf: [Record<string, unknown>, { type: "string"; pattern: string }] } {
  const one = 10n ** BigInt(scale.decimals);
  const maxWhole = scale.max / one;
  const digits = maxWhole.toString().length - 1;
  if (scale.max % one !== 0n || maxWhole !== 10n ** BigInt(digits)) throw new Error("scale.max must be a power of ten");
  const d = scale.decimals;
  const fraction = `(\\.\\d{1,${d}})?`;
  const nonzeroFraction = Array.from({ length: d }, (_, zeros) => `0{${zeros}}[1-9]\\d{0,${d - 1 - zeros}}`).join("|");
  const texts = [
    `0*[1-9]\\d{0,${digits - 1}}${fraction}`,
    `0*${maxWhole}(\\.0{1,${d}})?`,
    `0+\\.(${nonzeroFraction})`,
    ...(allowZero ? [`0+(\\.0{1,${d}})?`] : []),
  ];
  return {
    anyOf: [
      {
        type: "number",
        // The smallest unit rather than `exclusiveMinimum`, which OpenAPI 3.0 and JSON Schema 2020-12
        // (MCP tool schemas) spell differently; on a grid of units the two say the same.
        minimum: allowZero ? 0 : Number(`1e-${d}`),
        maximum: Number(maxWhole),
        multipleOf: Number(`1e-${d}`),
      },
      { type: "string", pattern: `^(${texts.join("|")})$` },
    ],
  };
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
