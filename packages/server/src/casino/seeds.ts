import { randomBytes } from "node:crypto";
import { newId, type SqlTx, WriteConflict } from "@purpleflea/ledger";
import { hashServerSeed, type SeedState } from "@purpleflea/protocol";
import { isoTime } from "../iso-time.ts";

export interface SeedRow {
  id: string;
  agent_id: string;
  server_seed: string;
  server_seed_hash: string;
  client_seed: string;
  next_nonce: bigint;
  status: "active" | "revealed";
  created_at: bigint;
}

const ACTIVE_SEED = "SELECT * FROM casino_seeds WHERE agent_id = ? AND status = 'active'";

/** The agent's committed seed, created on first use: the hash is fixed before any bet uses it. */
export async function activeSeed(tx: SqlTx, agentId: string, now = Date.now()): Promise<SeedRow> {
  const row = await tx.get<SeedRow>(ACTIVE_SEED, [agentId]);
  return row ?? createSeed(tx, agentId, randomBytes(8).toString("hex"), now);
}

/**
 * Commits a new active seed. Two first bets racing to create one meet on the unique index of
 * active seeds: the loser takes the winner's seed.
 */
async function createSeed(tx: SqlTx, agentId: string, clientSeed: string, now: number): Promise<SeedRow> {
  const serverSeed = randomBytes(32).toString("hex");
  const row = await tx.get<SeedRow>(
    `INSERT INTO casino_seeds (id, agent_id, server_seed, server_seed_hash, client_seed, status, created_at)
     VALUES (?, ?, ?, ?, ?, 'active', ?) ON CONFLICT DO NOTHING RETURNING *`,
    [newId("seed"), agentId, serverSeed, hashServerSeed(serverSeed), clientSeed, now],
  );
  const active = row ?? (await tx.get<SeedRow>(ACTIVE_SEED, [agentId]));
  if (!active) throw new WriteConflict(`the active seed of ${agentId} was rotated while being created`);
  return active;
}

/**
 * Reserves the next nonce of a seed, optionally switching its client seed first. Only while the
 * seed is active: a bet must never roll on a seed a concurrent rotation has just revealed.
 */
export async function takeNonce(
  tx: SqlTx,
  seed: SeedRow,
  clientSeed: string | undefined,
): Promise<{ nonce: number; clientSeed: string }> {
  const row = await tx.get<{ next_nonce: bigint; client_seed: string }>(
    `UPDATE casino_seeds SET next_nonce = next_nonce + 1, client_seed = ?
     WHERE id = ? AND status = 'active' RETURNING next_nonce, client_seed`,
    [clientSeed ?? seed.client_seed, seed.id],
  );
  if (!row) throw new WriteConflict(`seed ${seed.id} was revealed before this bet took a nonce`);
  return { nonce: Number(row.next_nonce) - 1, clientSeed: row.client_seed };
}

/** Reveals the active seed and commits a fresh one; the client seed carries over unless replaced. */
export async function rotateSeed(tx: SqlTx, agentId: string, clientSeed: string | undefined, now = Date.now()) {
  const seen = await activeSeed(tx, agentId, now);
  // Claim the reveal and read the nonce count it ends with in one statement: bets that took a
  // nonce before it are counted, and none can take one after.
  const previous = await tx.get<SeedRow>(
    "UPDATE casino_seeds SET status = 'revealed', revealed_at = ? WHERE id = ? AND status = 'active' RETURNING *",
    [now, seen.id],
  );
  if (!previous) throw new WriteConflict(`seed ${seen.id} was rotated by another request`);
  const current = await createSeed(tx, agentId, clientSeed ?? previous.client_seed, now);
  return {
    previous: {
      server_seed: previous.server_seed,
      server_seed_hash: previous.server_seed_hash,
      client_seed: previous.client_seed,
      bets: Number(previous.next_nonce),
    },
    current: seedState(current),
  };
}

export function seedState(row: SeedRow): SeedState {
  return {
    server_seed_hash: row.server_seed_hash,
    client_seed: row.client_seed,
    nonce: Number(row.next_nonce),
    created_at: isoTime(row.created_at),
  };
}
