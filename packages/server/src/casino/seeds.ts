import { randomBytes } from "node:crypto";
import { newId, type SqlTx } from "@purpleflea/ledger";
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

/** The agent's committed seed, created on first use: the hash is fixed before any bet uses it. */
export async function activeSeed(tx: SqlTx, agentId: string, now = Date.now()): Promise<SeedRow> {
  const row = await tx.get<SeedRow>("SELECT * FROM casino_seeds WHERE agent_id = ? AND status = 'active'", [agentId]);
  return row ?? createSeed(tx, agentId, randomBytes(8).toString("hex"), now);
}

async function createSeed(tx: SqlTx, agentId: string, clientSeed: string, now: number): Promise<SeedRow> {
  const serverSeed = randomBytes(32).toString("hex");
  const row = await tx.get<SeedRow>(
    `INSERT INTO casino_seeds (id, agent_id, server_seed, server_seed_hash, client_seed, status, created_at)
     VALUES (?, ?, ?, ?, ?, 'active', ?) RETURNING *`,
    [newId("seed"), agentId, serverSeed, hashServerSeed(serverSeed), clientSeed, now],
  );
  if (!row) throw new Error("seed insert returned no row");
  return row;
}

/** Reserves the next nonce of a seed, optionally switching its client seed first. */
export async function takeNonce(
  tx: SqlTx,
  seed: SeedRow,
  clientSeed: string | undefined,
): Promise<{ nonce: number; clientSeed: string }> {
  const row = await tx.get<{ next_nonce: bigint; client_seed: string }>(
    "UPDATE casino_seeds SET next_nonce = next_nonce + 1, client_seed = ? WHERE id = ? RETURNING next_nonce, client_seed",
    [clientSeed ?? seed.client_seed, seed.id],
  );
  if (!row) throw new Error(`seed ${seed.id} vanished`);
  return { nonce: Number(row.next_nonce) - 1, clientSeed: row.client_seed };
}

/** Reveals the active seed and commits a fresh one; the client seed carries over unless replaced. */
export async function rotateSeed(tx: SqlTx, agentId: string, clientSeed: string | undefined, now = Date.now()) {
  const previous = await activeSeed(tx, agentId, now);
  await tx.run("UPDATE casino_seeds SET status = 'revealed', revealed_at = ? WHERE id = ?", [now, previous.id]);
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
