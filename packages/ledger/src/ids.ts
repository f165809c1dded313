import { randomFillSync } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

// Ids are made on every money movement; drawing random bytes 4 KiB at a time instead of per id
// takes the CSPRNG call off the hot path. The bytes are still from the CSPRNG, used once each.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomByte(): number {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++] as number;
}

/** Random base62 text; `length` characters carry about 5.95 bits each. */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    const byte = randomByte();
    // 248 = 4 * 62: rejecting bytes above it keeps every character equally likely.
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out;
}

/** Prefixed ids such as `agt_…`, `tr_…`: 20 base62 characters, about 119 random bits. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(20)}`;
}
