import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Random base62 text; `length` characters carry about 5.95 bits each. */
export function randomBase62(length: number): string {
  const out: string[] = [];
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 4 * 62: rejecting bytes above it keeps every character equally likely.
      if (byte < 248 && out.length < length) out.push(ALPHABET[byte % 62] as string);
    }
  }
  return out.join("");
}

/** Prefixed ids such as `agt_…`, `tr_…`: 20 base62 characters, about 119 random bits. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(20)}`;
}
