import {
  findTransfer,
  newId,
  type SqlTx,
  shardedBalance,
  shardFor,
  shardIds,
  sumPosted,
  transfer,
  transferFromShards,
  transfersBetween,
} from "@purpleflea/ledger";
import { money } from "@purpleflea/protocol";
import { isoTime } from "../iso-time.ts";
import { HOUSE_FUNDING_ID, systemAccounts } from "../system-accounts.ts";

/** Operator movements shown with the report. */
const MOVEMENTS_SHOWN = 50;

/**
 * The house bankroll: what it holds, what was put in (the first start's bankroll plus operator
 * deposits less withdrawals), and so the casino's result (wins less payouts and referral shares).
 */
export async function houseReport(tx: SqlTx) {
  // The house is sharded: its balance and its movements are those of all its shards. The
  // treasury's transfers with it are the operator's deposits (in) and withdrawals (out).
  const treasury = [systemAccounts.treasury];
  const house = shardIds(systemAccounts.house);
  const balance = (await shardedBalance(tx, systemAccounts.house)).balance;
  const initial = (await findTransfer(tx, HOUSE_FUNDING_ID))?.amount ?? 0n;
  const funded = initial + (await sumPosted(tx, treasury, house)) - (await sumPosted(tx, house, treasury));
  const movements = await transfersBetween(tx, treasury, house, MOVEMENTS_SHOWN);
  return {
    ...money("balance", balance),
    ...money("funded", funded),
    ...money("result", balance - funded),
    movements: movements.map((row) => ({
      transfer_id: row.id,
      direction: house.includes(row.credit_account_id) ? ("in" as const) : ("out" as const),
      ...money("amount", row.amount),
      memo: row.memo,
      created_at: isoTime(row.created_at),
    })),
  };
}

/** Moves USDC between the treasury and the house bankroll; the house may never go below zero. */
export async function moveHouseFunds(
  tx: SqlTx,
  direction: "in" | "out",
  request: { amount: bigint; memo: string },
  now = Date.now(),
) {
  const { treasury, house } = systemAccounts;
  const id = newId("hse");
  const spec = { id, kind: direction === "in" ? "house_deposit" : "house_withdraw", amount: request.amount, memo: request.memo };
  const shard = shardFor(house, id);
  const row =
    direction === "in"
      ? await transfer(tx, { ...spec, debitAccountId: treasury, creditAccountId: shard }, now)
      : await transferFromShards(tx, house, shard, { ...spec, debitAccountId: shard, creditAccountId: treasury }, now);
  return { body: await houseReport(tx), ref: row.id };
}
