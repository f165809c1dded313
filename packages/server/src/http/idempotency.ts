import { createHash } from "node:crypto";
import type { SqlTx } from "@purpleflea/ledger";
import { PurpleFleaError } from "@purpleflea/protocol";

/** Stripe semantics: a key's first response is kept for 24 hours and replayed for the same request. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
const KEY_RE = /^[\x21-\x7e]{1,255}$/;

export interface HttpResult {
  status: number;
  /** The JSON text sent, stored once so replays are byte-identical. */
  json: string;
  replayed: boolean;
}

export interface IdempotencyScope {
  agentId: string;
  key: string;
  requestHash: string;
  /**
   * The id of the request that runs the operation. A failure it throws is stored with this id in its
   * body, so a replay answers the original body byte for byte, naming the request that ran (the
   * replay's own id is in its Request-Id header).
   */
  requestId: string;
}

export function checkIdempotencyKey(key: string): string {
  if (!KEY_RE.test(key)) {
    throw new PurpleFleaError("idempotency_key_invalid", "Idempotency-Key must be 1-255 printable ASCII characters", {
      field: "Idempotency-Key",
    });
  }
  return key;
}

/**
 * Hash of what makes two requests "the same": caller key, method, path and body with keys in sorted
 * order. The key id is part of it, so one of an agent's keys can neither replay another's stored answer
 * nor have its request answered by one (it gets `idempotency_key_reused`).
 */
export function requestHash(callerKeyId: string, method: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(`${callerKeyId} ${method} ${path}\n${stableJson(body ?? null)}`)
    .digest("hex");
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Runs `op` at most once per key. Business failures are stored and replayed like successes;
 * bugs are not stored, so a retry after a fix can succeed.
 *
 * Claim first: the key's row is inserted (or an expired one taken over) before `op` runs, so of
 * two racing requests with one key only one runs; the other waits on the row, then replays it.
 */
export async function runIdempotent(
  tx: SqlTx,
  scope: IdempotencyScope,
  op: () => Promise<{ status: number; body: unknown }>,
  now = Date.now(),
): Promise<HttpResult> {
  const claimed = await tx.get(
    `INSERT INTO idempotency_keys (agent_id, key, request_hash, status_code, body, created_at) VALUES (?, ?, ?, 0, '', ?)
     ON CONFLICT (agent_id, key) DO UPDATE SET request_hash = excluded.request_hash, status_code = 0, body = '',
       created_at = excluded.created_at
     WHERE idempotency_keys.created_at <= ? RETURNING key`,
    [scope.agentId, scope.key, scope.requestHash, now, now - IDEMPOTENCY_TTL_MS],
  );
  if (!claimed) return replay(tx, scope);
  const result = await runCapturingFailure(tx, op, scope.requestId);
  await tx.run("UPDATE idempotency_keys SET status_code = ?, body = ? WHERE agent_id = ? AND key = ?", [
    result.status,
    result.json,
    scope.agentId,
    scope.key,
  ]);
  return result;
}

/** The stored answer for a key another request holds, or idempotency_key_reused for a different request. */
async function replay(tx: SqlTx, scope: IdempotencyScope): Promise<HttpResult> {
  const stored = await tx.get<{ request_hash: string; status_code: bigint; body: string }>(
    "SELECT request_hash, status_code, body FROM idempotency_keys WHERE agent_id = ? AND key = ?",
    [scope.agentId, scope.key],
  );
  if (!stored) throw new Error(`idempotency key ${scope.key} neither claimed nor stored`);
  if (stored.request_hash !== scope.requestHash) {
    throw new PurpleFleaError("idempotency_key_reused", "this Idempotency-Key was used with a different request", {
      field: "Idempotency-Key",
    });
  }
  return { status: Number(stored.status_code), json: stored.body, replayed: true };
}

async function runCapturingFailure(
  tx: SqlTx,
  op: () => Promise<{ status: number; body: unknown }>,
  requestId: string,
): Promise<HttpResult> {
  try {
    const { status, body } = await tx.atomic(op);
    return { status, json: JSON.stringify(body), replayed: false };
  } catch (error) {
    if (!(error instanceof PurpleFleaError)) throw error;
    return { status: error.status, json: JSON.stringify(error.toBody(requestId)), replayed: false };
  }
}

export async function deleteExpiredIdempotencyKeys(tx: SqlTx, now = Date.now()): Promise<number> {
  const { changes } = await tx.run("DELETE FROM idempotency_keys WHERE created_at <= ?", [now - IDEMPOTENCY_TTL_MS]);
  return changes;
}
