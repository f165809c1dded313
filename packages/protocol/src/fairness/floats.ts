import { createHash, createHmac } from "node:crypto";

/** 32 random bytes, written as 64 lowercase hex characters. */
export const SERVER_SEED_RE = /^[0-9a-f]{64}$/;

/** The commitment published before any bet: sha256 over the seed's 32 bytes, as hex. */
export function hashServerSeed(serverSeedHex: string): string {
  return createHash("sha256").update(Buffer.from(serverSeedHex, "hex")).digest("hex");
}

/** HMAC_SHA256(key = server seed bytes, message = "{client_seed}:{nonce}:{round}"), as bytes. */
export function roundBytes(serverSeedHex: string, clientSeed: string, nonce: number, round: number): Buffer {
  return createHmac("sha256", Buffer.from(serverSeedHex, "hex")).update(`${clientSeed}:${nonce}:${round}`).digest();
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
