import type { SqlTx } from "@purpleflea/ledger";
import { type EventFeed, PurpleFleaError } from "@purpleflea/protocol";
import { eventsAfter, latestEventSeq, toEnvelope } from "./events.ts";

/** Whose events a reader sees: one agent's, or (the operator) everyone's. */
export type EventScope = { agentId: string } | { all: true };

const CURSOR_RE = /^e:(\d{1,18})$/;

/** Cursors are opaque to clients: a position they hand back unchanged (as `after` or Last-Event-ID). */
export function encodeEventCursor(seq: bigint): string {
  return Buffer.from(`e:${seq}`).toString("base64url");
}

function decodeEventCursor(cursor: string, field: string): bigint {
  const match = CURSOR_RE.exec(Buffer.from(cursor, "base64url").toString());
  if (!match?.[1]) throw new PurpleFleaError("invalid_cursor", `${field} is not a cursor this server issued`, { field });
  return BigInt(match[1]);
}

/** Where a reader starts: after the cursor it brought, at the beginning, or (live streams) at the newest event. */
export async function startPosition(tx: SqlTx, cursor: string | undefined, field: string, fallback: "start" | "now") {
  if (cursor !== undefined) return decodeEventCursor(cursor, field);
  return fallback === "start" ? 0n : latestEventSeq(tx);
}

/**
 * One page of the scope's events after `afterSeq`, oldest first, each with the cursor to resume after
 * it; `position` is where the next page starts.
 */
export async function readFeed(
  tx: SqlTx,
  scope: EventScope,
  afterSeq: bigint,
  limit: number,
): Promise<{ feed: EventFeed; position: bigint }> {
  const rows = await eventsAfter(tx, afterSeq, limit + 1, "agentId" in scope ? scope.agentId : undefined);
  const page = rows.slice(0, limit);
  const position = page.at(-1)?.seq ?? afterSeq;
  const events = page.map((row) => ({ ...toEnvelope(row), cursor: encodeEventCursor(row.seq) }));
  return { feed: { events, cursor: encodeEventCursor(position), has_more: rows.length > limit }, position };
}
