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

/** `ms` as 8 base62 digits, most significant first: good until the year 8900. */
function timeBase62(ms: number): string {
  let out = "";
  for (let rest = ms, i = 0; i < 8; i++, rest = Math.floor(rest / 62)) out = ALPHABET[rest % 62] + out;
  return out;
}

/**
 * Prefixed ids such as `agt_…`, `tr_…`: 8 characters of creation time, then 14 random base62
 * characters (about 83 bits). Ids made later sort later (the alphabet is in ASCII order), so
 * new rows land at the right edge of every index on them: a commit dirties a few index pages
 * instead of one random page per row, which is most of what a commit writes.
 */
export function newId(prefix: string, now = Date.now()): string {
  return `${prefix}_${timeBase62(now)}${randomBase62(14)}`;
}
