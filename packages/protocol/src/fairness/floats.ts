import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes, utf8ToBytes } from "@noble/hashes/utils.js";

// Pure-JS hashes, so the same code verifies a bet in Node, Deno, Bun and the browser (synchronously).

/** 32 random bytes, written as 64 lowercase hex characters. */
export const SERVER_SEED_RE = /^[0-9a-f]{64}$/;

/** The commitment published before any bet: sha256 over the seed's 32 bytes, as hex. */
export function hashServerSeed(serverSeedHex: string): string {
  return bytesToHex(sha256(hexToBytes(serverSeedHex)));
}

/** HMAC_SHA256(key = server seed bytes, message = "{client_seed}:{nonce}:{round}"), as bytes. */
export function roundBytes(serverSeedHex: string, clientSeed: string, nonce: number, round: number): Uint8Array {
  return hmac(sha256, hexToBytes(serverSeedHex), utf8ToBytes(`${clientSeed}:${nonce}:${round}`));
}

/** Four bytes to a float in [0, 1): b0/256 + b1/256^2 + b2/256^3 + b3/256^4. */
export function bytesToFloat(bytes: Uint8Array, offset: number): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 4; i++) {
    scale *= 256;
    value += (bytes[offset + i] ?? 0) / scale;
  }
  return value;
}

/** The first `count` floats of a bet: 8 per HMAC round, rounds numbered from 0. */
export function fairFloats(serverSeedHex: string, clientSeed: string, nonce: number, count = 1): number[] {
  const floats: number[] = [];
  for (let round = 0; floats.length < count; round++) {
    const bytes = roundBytes(serverSeedHex, clientSeed, nonce, round);
    for (let offset = 0; offset < bytes.length && floats.length < count; offset += 4) floats.push(bytesToFloat(bytes, offset));
  }
  return floats;
}
