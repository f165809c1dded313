import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

export interface VerifyWebhookOptions {
  /** Refuse signatures older (or newer) than this, against replays; default 300 s. */
  toleranceS?: number;
  /** Clock for tests, in milliseconds. */
  nowMs?: number;
}

/**
 * Checks a `PurpleFlea-Signature` header (`t=<unix seconds>,v1=<hex>`) against the raw request body,
 * exactly as received (before any JSON parsing): v1 must equal hex HMAC-SHA256(key = secret,
 * message = "<t>.<raw body>") and t must be within the tolerance of now.
 */
export function verifyWebhookSignature(
  rawBody: string,
  header: string,
  secret: string,
  options: VerifyWebhookOptions = {},
): boolean {
  const fields = header.split(",").map((part) => part.trim().split("=", 2));
  const timestamp = fields.find(([name]) => name === "t")?.[1];
  const signatures = fields.filter(([name]) => name === "v1").map(([, value]) => value ?? "");
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0) return false;
  const ageS = Math.abs((options.nowMs ?? Date.now()) / 1000 - Number(timestamp));
  if (ageS > (options.toleranceS ?? 300)) return false;
  const expected = bytesToHex(hmac(sha256, utf8ToBytes(secret), utf8ToBytes(`${timestamp}.${rawBody}`)));
  return signatures.some((signature) => constantTimeEqual(signature, expected));
}

/** Compares without an early exit, so the time taken says nothing about where two signatures differ. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
