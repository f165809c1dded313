import { newId, randomBase62, type SqlTx, type Store } from "@purpleflea/ledger";
import { OPERATOR_KEY_PREFIX } from "@purpleflea/protocol";
import { hashApiKey } from "../agents/api-keys.ts";

/** Who is calling an operator route: a stored key, or the one whose hash the environment names. */
export interface OperatorIdentity {
  keyId: string;
  name: string;
}

/** Audit rows and idempotency records of operator actions that concern no one agent are filed under this. */
export const PLATFORM_SCOPE = "platform";

/** The key id audit rows carry for the key configured as OPERATOR_KEY_SHA256. */
export const ENV_OPERATOR_KEY_ID = "opk_env";

export function generateOperatorKey(): string {
  return `${OPERATOR_KEY_PREFIX}${randomBase62(43)}`;
}

export interface OperatorKeyRow {
  id: string;
  prefix: string;
  name: string;
  created_at: bigint;
  revoked_at: bigint | null;
}

/** Stores a new operator key and returns it: the only time its secret exists outside the caller. */
export async function createOperatorKey(tx: SqlTx, name: string, now = Date.now()): Promise<{ id: string; key: string }> {
  const key = generateOperatorKey();
  const id = newId("opk");
  await tx.run("INSERT INTO operator_keys (id, key_hash, prefix, name, created_at) VALUES (?, ?, ?, ?, ?)", [
    id,
    hashApiKey(key),
    key.slice(0, OPERATOR_KEY_PREFIX.length + 6),
    name,
    now,
  ]);
  return { id, key };
}

export function listOperatorKeys(tx: SqlTx): Promise<OperatorKeyRow[]> {
  return tx.all<OperatorKeyRow>("SELECT id, prefix, name, created_at, revoked_at FROM operator_keys ORDER BY created_at, id");
}

/** Revokes at once: lookups are not cached. Returns false for an unknown or already revoked key. */
export async function revokeOperatorKey(tx: SqlTx, id: string, now = Date.now()): Promise<boolean> {
  const { changes } = await tx.run("UPDATE operator_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [now, id]);
  return changes === 1;
}

/**
 * Finds the operator behind a presented key. Not cached (operator calls are few), so a revocation
 * applies to the very next request on every node.
 */
export class OperatorKeys {
  constructor(
    private readonly store: Store,
    private readonly envKeyHash: string | undefined,
  ) {}

  async lookup(key: string): Promise<OperatorIdentity | undefined> {
    const hash = hashApiKey(key);
    if (this.envKeyHash !== undefined && hash === this.envKeyHash) return { keyId: ENV_OPERATOR_KEY_ID, name: "environment" };
    const row = await this.store.read((tx) =>
      tx.get<{ id: string; name: string }>("SELECT id, name FROM operator_keys WHERE key_hash = ? AND revoked_at IS NULL", [
        hash,
      ]),
    );
    return row ? { keyId: row.id, name: row.name } : undefined;
  }
}
