import type { SqlTx } from "@purpleflea/ledger";
import type { createdKeySchema, keySchema } from "@purpleflea/protocol";
import { type Policy, PurpleFleaError, type Scope } from "@purpleflea/protocol";
import type { z } from "zod";
import { isoTime, isoTimeOrNull } from "../iso-time.ts";
import { decodePolicy, encodePolicy, policyToWire } from "../policy/policy-codec.ts";
import { createApiKey, generateApiKey, hashApiKey, hasScope, type KeyIdentity, keyPrefix } from "./api-keys.ts";

type Key = z.infer<typeof keySchema>;
type CreatedKey = z.infer<typeof createdKeySchema>;

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string;
  policy: string | null;
  created_at: bigint;
  revoked_at: bigint | null;
  owner: bigint;
}

export interface NewKey {
  name: string;
  scopes: Scope[];
  policy?: Policy | undefined;
}

/**
 * A further key for the same agent: narrower scopes and its own spend policy (one per team role).
 * A key grants only scopes it holds itself, and an admin key carries no spend policy: it could mint
 * itself an unlimited key, so a limit on it would be theatre.
 */
export async function createKey(tx: SqlTx, creator: KeyIdentity, request: NewKey, now = Date.now()): Promise<CreatedKey> {
  const scopes = [...new Set(request.scopes)];
  requireScopes(creator, scopes, "grant", { field: "scopes" });
  if (scopes.includes("admin") && request.policy) {
    throw new PurpleFleaError("admin_key_cannot_have_policy", "an admin key can create keys, so a spend policy cannot bind it", {
      field: "policy",
    });
  }
  const { id, key } = await createApiKey(tx, creator.agentId, request.name, scopes, now);
  await tx.run("UPDATE api_keys SET policy = ? WHERE id = ?", [encodePolicy(request.policy), id]);
  return { ...toKey(await requireKey(tx, creator.agentId, id)), api_key: key };
}

export async function listKeys(tx: SqlTx, agentId: string): Promise<Key[]> {
  const rows = await tx.all<KeyRow>("SELECT * FROM api_keys WHERE agent_id = ? ORDER BY created_at, id", [agentId]);
  return rows.map(toKey);
}

export async function revokeKey(tx: SqlTx, caller: KeyIdentity, keyId: string, now = Date.now()): Promise<Key> {
  requireOwnerFor(caller, await requireKey(tx, caller.agentId, keyId));
  if (keyId === caller.keyId)
    throw new PurpleFleaError("cannot_revoke_current_key", "revoke this key with another admin key, or rotate it");
  await tx.run("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [now, keyId]);
  return toKey(await requireKey(tx, caller.agentId, keyId));
}

/**
 * A new secret for the same key: id, scopes, policy, daily counters and pending approvals stay, so
 * rotating never resets a limit. The old secret stops working at once. Rotating reveals the key, so
 * the caller must hold every scope it has, and only the owner key rotates the owner key.
 */
export async function rotateKey(tx: SqlTx, caller: KeyIdentity, keyId: string): Promise<CreatedKey> {
  const old = await requireKey(tx, caller.agentId, keyId);
  if (old.revoked_at !== null) throw new PurpleFleaError("key_not_found", `key ${keyId} is revoked`);
  requireOwnerFor(caller, old);
  requireScopes(caller, old.scopes.split(" ") as Scope[], "reveal a key with");
  const key = generateApiKey();
  await tx.run("UPDATE api_keys SET key_hash = ?, prefix = ? WHERE id = ?", [hashApiKey(key), keyPrefix(key), keyId]);
  return { ...toKey(await requireKey(tx, caller.agentId, keyId)), api_key: key };
}

export async function agentPolicy(tx: SqlTx, agentId: string) {
  const row = await tx.get<{ policy: string | null }>("SELECT policy FROM agents WHERE id = ?", [agentId]);
  return { policy: policyToWire(decodePolicy(row?.policy ?? null)) };
}

/** The agent-wide policy applies to every key of the agent, on top of each key's own. */
export async function setAgentPolicy(tx: SqlTx, agentId: string, policy: Policy | null) {
  await tx.run("UPDATE agents SET policy = ? WHERE id = ?", [encodePolicy(policy), agentId]);
  return agentPolicy(tx, agentId);
}

/** A key can hand out (create, or reveal by rotating) only scopes it holds itself. */
function requireScopes(caller: KeyIdentity, scopes: readonly Scope[], verb: string, details: Record<string, string> = {}): void {
  const missing = scopes.find((scope) => !hasScope(caller, scope));
  if (missing === undefined) return;
  throw new PurpleFleaError("insufficient_scope", `this key cannot ${verb} the ${missing} scope it lacks`, {
    required_scope: missing,
    ...details,
  });
}

/** The owner key answers to nobody else: no other key, however wide, may rotate or revoke it. */
function requireOwnerFor(caller: KeyIdentity, target: KeyRow): void {
  if (target.owner === 1n && !caller.owner) {
    throw new PurpleFleaError("owner_key_required", "only the owner key may rotate or revoke the owner key");
  }
}

async function requireKey(tx: SqlTx, agentId: string, keyId: string): Promise<KeyRow> {
  const row = await tx.get<KeyRow>("SELECT * FROM api_keys WHERE id = ? AND agent_id = ?", [keyId, agentId]);
  if (!row) throw new PurpleFleaError("key_not_found", `no key ${keyId}`);
  return row;
}

function toKey(row: KeyRow): Key {
  return {
    key_id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.split(" ") as Scope[],
    owner: row.owner === 1n,
    policy: policyToWire(decodePolicy(row.policy)),
    created_at: isoTime(row.created_at),
    revoked_at: isoTimeOrNull(row.revoked_at),
  };
}
