import { createHash, randomInt } from "node:crypto";
import { newId, randomBase62, type SqlTx } from "@purpleflea/ledger";
import { SCOPES, type Scope } from "@purpleflea/protocol";

export const KEY_PREFIX = "pf_live_";
export const ALL_SCOPES = SCOPES;

export interface KeyIdentity {
  keyId: string;
  agentId: string;
  username: string;
  scopes: Scope[];
  /** The key made at registration: the only one that may rotate or revoke itself. */
  owner: boolean;
}

/**
 * Every key may read its own agent's data: `read` alone means "read-only", and a key that may bet or
 * trade can always see its balance and results (as with exchange API keys).
 */
export function hasScope(identity: Pick<KeyIdentity, "scopes">, scope: Scope): boolean {
  return scope === "read" || identity.scopes.includes(scope);
}

/** 43 base62 characters carry 256 bits, as much as 32 random bytes. */
export function generateApiKey(): string {
  return `${KEY_PREFIX}${randomBase62(43)}`;
}

/** Keys are 256-bit random, so one SHA-256 suffices: no salt or slow hash needed against guessing. */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** The first characters of a key, shown in lists to tell keys apart. */
export function keyPrefix(key: string): string {
  return key.slice(0, KEY_PREFIX.length + 6);
}

export async function createApiKey(
  tx: SqlTx,
  agentId: string,
  name: string,
  scopes: readonly Scope[],
  now: number,
  owner = false,
) {
  const key = generateApiKey();
  const id = newId("key");
  await tx.run(
    "INSERT INTO api_keys (id, agent_id, key_hash, prefix, name, scopes, created_at, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [id, agentId, hashApiKey(key), keyPrefix(key), name, scopes.join(" "), now, owner ? 1 : 0],
  );
  return { id, key };
}

const LIVE_KEY_SELECT = `SELECT k.id, k.agent_id, a.username, k.scopes, k.owner FROM api_keys k JOIN agents a ON a.id = k.agent_id
  WHERE k.revoked_at IS NULL`;

async function liveKey(tx: SqlTx, column: "key_hash" | "id", value: string): Promise<KeyIdentity | undefined> {
  const row = await tx.get<{ id: string; agent_id: string; username: string; scopes: string; owner: bigint }>(
    `${LIVE_KEY_SELECT} AND k.${column} = ?`,
    [value],
  );
  if (!row) return undefined;
  return {
    keyId: row.id,
    agentId: row.agent_id,
    username: row.username,
    scopes: row.scopes.split(" ") as Scope[],
    owner: row.owner === 1n,
  };
}

export function findKeyIdentity(tx: SqlTx, keyHash: string): Promise<KeyIdentity | undefined> {
  return liveKey(tx, "key_hash", keyHash);
}

const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** Short, unambiguous code agents can pass around: no 0/O or 1/I. */
export function generateReferralCode(): string {
  return Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
}

/** The identity of a live key by its id, for executing a request it made earlier. */
export function findKeyById(tx: SqlTx, keyId: string): Promise<KeyIdentity | undefined> {
  return liveKey(tx, "id", keyId);
}
