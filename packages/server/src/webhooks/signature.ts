import { createHmac } from "node:crypto";

/**
 * `PurpleFlea-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(key = the secret string, "<t>.<raw body>")>`.
 * The timestamp is signed too, so a receiver can refuse old replays (the SDK allows 5 minutes).
 */
export function signatureHeader(secret: string, body: string, timestampS: number): string {
  return `t=${timestampS},v1=${hmacHex(secret, `${timestampS}.${body}`)}`;
}

export function hmacHex(secret: string, message: string): string {
  return createHmac("sha256", secret).update(message).digest("hex");
}
