import type { SqlTx } from "@purpleflea/ledger";
import { type EventFeed, PurpleFleaError } from "@purpleflea/protocol";
import { type EventPosition, eventsAfter, latestEventPosition, positionOf, STREAM_START, toEnvelope } from "./events.ts";

/** Whose events a reader sees: one agent's, or (the operator) everyone's. */
export type EventScope = { agentId: string } | { all: true };

const CURSOR_RE = /^e:(\d{1,18}):(\d{1,18})$/;

/** Cursors are opaque to clients: a position they hand back unchanged (as `after` or Last-Event-ID). */
export function encodeEventCursor(position: EventPosition): string {
  return Buffer.from(`e:${position.txid}:${position.seq}`).toString("base64url");
}

function decodeEventCursor(cursor: string, field: string): EventPosition {
  const match = CURSOR_RE.exec(Buffer.from(cursor, "base64url").toString());
  if (!match?.[1] || !match[2])
    throw new PurpleFleaError("invalid_cursor", `${field} is not a cursor this server issued`, { field });
  return { txid: BigInt(match[1]), seq: BigInt(match[2]) };
}

/** Where a reader starts: after the cursor it brought, at the beginning, or (live streams) at the newest event. */
export async function startPosition(
  tx: SqlTx,
  cursor: string | undefined,
  field: string,
  fallback: "start" | "now",
): Promise<EventPosition> {
  if (cursor !== undefined) return decodeEventCursor(cursor, field);
  return fallback === "start" ? STREAM_START : latestEventPosition(tx);
}

/**
 * One page of the scope's events after `after`, in commit order, each with the cursor to resume
 * after it; `position` is where the next page starts.
 */
export async function readFeed(
  tx: SqlTx,
  scope: EventScope,
  after: EventPosition,
  limit: number,
): Promise<{ feed: EventFeed; position: EventPosition }> {
  const rows = await eventsAfter(tx, after, limit + 1, "agentId" in scope ? scope.agentId : undefined);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const position = last ? positionOf(last) : after;
  const events = page.map((row) => ({ ...toEnvelope(row), cursor: encodeEventCursor(positionOf(row)) }));
  return { feed: { events, cursor: encodeEventCursor(position), has_more: rows.length > limit }, position };
}
