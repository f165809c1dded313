/**
 * Counter-based randomness: every draw is a pure function of (key, counters), so the simulator can
 * compute any step of any instrument directly, in any order, on any node, and always get the same
 * number. Not cryptographic; it only has to look random and be reproducible.
 */

/** FNV-1a over a string: turns a seed and an instrument name into a 32-bit key. */
export function hashKey(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's finaliser: spreads every input bit over the output. */
function mix(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

const TWO_32 = 2 ** 32;

/** A uniform draw in (0, 1) from a key and integer counters (steps may exceed 32 bits). */
export function uniform(key: number, ...counters: number[]): number {
  let h = key;
  for (const counter of counters) {
    h = mix(h ^ mix(counter >>> 0));
    h = mix(h ^ mix(Math.floor(counter / TWO_32) + 0x9e3779b9));
  }
  return ((h >>> 0) + 0.5) / TWO_32;
}

/** A standard normal draw (Box-Muller over two uniforms). */
export function normal(key: number, ...counters: number[]): number {
  const u1 = uniform(key, ...counters, 1);
  const u2 = uniform(key, ...counters, 2);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
