import { PurpleFleaError } from "@purpleflea/protocol";

/** Cursors are opaque to clients: a base64url position they hand back unchanged. */
export function encodeCursor(seq: bigint): string {
  return Buffer.from(`s:${seq}`).toString("base64url");
}

export function decodeCursor(cursor: string): bigint {
  const match = /^s:(\d{1,19})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match?.[1]) throw new PurpleFleaError("invalid_cursor", "cursor is not one this server issued", { field: "cursor" });
  return BigInt(match[1]);
}
