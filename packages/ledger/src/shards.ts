import { PurpleFleaError } from "@purpleflea/protocol";
import { type AccountBalance, type AccountSpec, openAccount } from "./accounts.ts";
import { newId } from "./ids.ts";
import type { SqlTx } from "./store.ts";
import { type TransferRow, type TransferSpec, transfer } from "./transfers.ts";

/**
 * A platform account that most requests touch (the house bankroll, the fee account, the paper
 * market) is kept as several rows, its shards: on PostgreSQL a single row would serialise every
 * bet and every fee behind one row lock. The first shard keeps the account's own id, so a store
 * made before sharding keeps its balance there; the others are `id#1` … `id#7`. Reports and
 * limits read the sum over the shards, which is exact like any other balance.
 */
export const SHARDS = 8;

export function shardIds(base: string): string[] {
  return Array.from({ length: SHARDS }, (_, i) => (i === 0 ? base : `${base}#${i}`));
}

/**
 * The shard for one movement, chosen by hashing its key (a bet id, a fee id): random-looking, so
 * concurrent requests spread over the rows, yet the same for the same key, so a transfer applied
 * twice under its id names the same account both times.
 */
export function shardFor(base: string, key: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return shardIds(base)[(hash >>> 0) % SHARDS] ?? base;
}

export async function openShardedAccount(tx: SqlTx, spec: AccountSpec, now = Date.now()): Promise<void> {
  for (const id of shardIds(spec.id)) await openAccount(tx, { ...spec, id }, now);
}

const placeholders = `(${shardIds("")
  .map(() => "?")
  .join(", ")})`;

/** The account's balance: the sum over its shards. */
export async function shardedBalance(tx: SqlTx, base: string): Promise<AccountBalance> {
  const row = await tx.get<{ asset: string; balance: bigint; held: bigint }>(
    `SELECT MIN(asset) AS asset, SUM(credits_posted - debits_posted) AS balance, SUM(debits_pending) AS held
     FROM ledger_accounts WHERE id IN ${placeholders}`,
    shardIds(base),
  );
  if (!row?.asset) throw new PurpleFleaError("account_not_found", `account ${base} does not exist`, { account_id: base });
  return { id: base, asset: row.asset, balance: row.balance, held: row.held, available: row.balance - row.held };
}

/**
 * A transfer out of a no-overdraft sharded account: from `shard` if it covers the amount, else
 * from the shard that holds the most. Refused (insufficient_funds) only when no shard can pay it.
 */
export async function transferFromShards(
  tx: SqlTx,
  base: string,
  shard: string,
  spec: TransferSpec,
  now = Date.now(),
): Promise<TransferRow> {
  try {
    return await tx.atomic(() => transfer(tx, { ...spec, debitAccountId: shard }, now));
  } catch (error) {
    if (!(error instanceof PurpleFleaError) || error.code !== "insufficient_funds") throw error;
    const richest = await tx.get<{ id: string }>(
      `SELECT id FROM ledger_accounts WHERE id IN ${placeholders}
       ORDER BY credits_posted - debits_posted - debits_pending DESC, id LIMIT 1`,
      shardIds(base),
    );
    if (!richest || richest.id === shard) throw error;
    return transfer(tx, { ...spec, debitAccountId: richest.id }, now);
  }
}

/**
 * Evens out a no-overdraft account's shards (each moves toward the mean) once one has drifted
 * below half of it, so that a run of wins on one shard does not send payouts looking elsewhere.
 * Returns the number of transfers made.
 */
export async function rebalanceShards(tx: SqlTx, base: string, now = Date.now()): Promise<number> {
  const rows = await tx.all<{ id: string; available: bigint }>(
    `SELECT id, credits_posted - debits_posted - debits_pending AS available FROM ledger_accounts
     WHERE id IN ${placeholders} ORDER BY id`,
    shardIds(base),
  );
  const total = rows.reduce((sum, r) => sum + r.available, 0n);
  const mean = total / BigInt(rows.length || 1);
  if (mean === 0n || rows.every((r) => r.available * 2n >= mean)) return 0;
  const donors = rows.filter((r) => r.available > mean).map((r) => ({ id: r.id, spare: r.available - mean }));
  let moves = 0;
  for (const poor of rows.filter((r) => r.available < mean)) {
    let need = mean - poor.available;
    for (const donor of donors) {
      const amount = need < donor.spare ? need : donor.spare;
      if (amount === 0n) continue;
      await transfer(
        tx,
        { id: newId("rebal"), kind: "shard_rebalance", debitAccountId: donor.id, creditAccountId: poor.id, amount },
        now,
      );
      donor.spare -= amount;
      need -= amount;
      moves++;
    }
  }
  return moves;
}
