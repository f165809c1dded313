/**
 * A JSON number whose text a double does not reproduce (`1e2`, `1.0`, `0.010000000000000001`), kept
 * as the text that was sent. The server's JSON parser makes one wherever `String(Number(text))`
 * differs from the text, so an amount is judged by what the client wrote, not by the nearest double;
 * every other number arrives as a plain `number` whose `String()` is exactly its text.
 */
export class JsonNumber {
  constructor(readonly text: string) {}

  /** Re-serialised (a stored request, an MCP call forwarded to a route) as the exact text, in a string. */
  toJSON(): string {
    return this.text;
  }
}

/** The number a JSON number's text stands for, as a plain number when a double spells it back exactly. */
export function jsonNumber(text: string): number | JsonNumber {
  const value = Number(text);
  return String(value) === text ? value : new JsonNumber(text);
}
