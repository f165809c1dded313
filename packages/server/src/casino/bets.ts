import { getBalance, newId, type SqlTx, shardedBalance, shardFor, transfer, transferFromShards } from "@purpleflea/ledger";
import {
  type Bet,
  type BetRequest,
  type BetResponse,
  type BetTerms,
  betTerms,
  fairFloats,
  formatAmount,
  money,
  newFunds,
  PurpleFleaError,
  payoutMicro,
  ratioToNumber,
} from "@purpleflea/protocol";
import { emitEvent } from "../events/events.ts";
import { isoTime } from "../iso-time.ts";
import { systemAccounts, userAccountId } from "../system-accounts.ts";
import { payCasinoReferral } from "./referral.ts";
import { activeSeed, takeNonce } from "./seeds.ts";
import type { CasinoSettings } from "./settings.ts";

export interface BetRow {
  id: string;
  agent_id: string;
  seed_id: string;
  nonce: bigint;
  client_seed: string;
  game: Bet["game"];
  prediction: string;
  amount: bigint;
  payout: bigint;
  outcome: "win" | "loss";
  result: string;
  edge_bps: bigint;
  created_at: bigint;
  server_seed_hash: string;
  server_seed: string;
  seed_status: "active" | "revealed";
}

/**
 * One bet, all-or-nothing in one transaction: reserve the nonce, roll, take the stake into the
 * house bankroll and pay any win out of it. A refused bet consumes no nonce.
 */
export async function placeBet(
  tx: SqlTx,
  agentId: string,
  request: BetRequest,
  settings: CasinoSettings,
  now = Date.now(),
): Promise<BetResponse> {
  checkStake(request.amount, settings);
  const terms = betTerms(request.game, request.prediction, settings.edgeBps);
  await checkHouseLimit(tx, request.amount, terms, settings);
  const seed = await activeSeed(tx, agentId, now);
  const { nonce, clientSeed } = await takeNonce(tx, seed, request.client_seed);
  const [float = 0] = fairFloats(seed.server_seed, clientSeed, nonce, 1);
  const { win, result } = terms.judge(float);
  const payout = win ? payoutMicro(request.amount, terms.multiplier) : 0n;
  const betId = newId("bet");
  const user = userAccountId(agentId, "USDC");
  const houseShard = shardFor(systemAccounts.house, betId);
  await transfer(
    tx,
    {
      id: `${betId}:stake`,
      kind: "bet_stake",
      debitAccountId: user,
      creditAccountId: houseShard,
      amount: request.amount,
      ref: betId,
    },
    now,
  );
  if (payout > 0n) {
    await transferFromShards(
      tx,
      systemAccounts.house,
      houseShard,
      {
        id: `${betId}:payout`,
        kind: "bet_payout",
        debitAccountId: houseShard,
        creditAccountId: user,
        amount: payout,
        ref: betId,
      },
      now,
    );
  }
  if (!win) await payCasinoReferral(tx, { id: betId, agentId, stakeMicro: request.amount, houseShard }, settings, now);
  await tx.run(
    `INSERT INTO casino_bets (id, agent_id, seed_id, nonce, client_seed, game, prediction, amount, payout, outcome, result, edge_bps, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      betId,
      agentId,
      seed.id,
      nonce,
      clientSeed,
      terms.game,
      terms.prediction,
      request.amount,
      payout,
      win ? "win" : "loss",
      result,
      settings.edgeBps,
      now,
    ],
  );
  const row = await findBet(tx, agentId, betId);
  if (!row) throw new Error(`bet ${betId} was not stored`);
  const after = await getBalance(tx, user);
  const bet = { ...toBet(row), ...newFunds(after) };
  await emitEvent(tx, agentId, "bet.settled", bet, now);
  return bet;
}

function checkStake(amount: bigint, settings: CasinoSettings): void {
  if (amount < settings.minBetMicro) {
    throw new PurpleFleaError("bet_below_minimum", `the minimum bet is ${formatAmount(settings.minBetMicro)} USDC`, {
      field: "amount",
    });
  }
  if (amount > settings.maxBetMicro) {
    throw new PurpleFleaError("bet_above_maximum", `the maximum bet is ${formatAmount(settings.maxBetMicro)} USDC`, {
      field: "amount",
    });
  }
}

/** Kelly-style cap: no single bet may risk more than a fixed share of what the house holds. */
async function checkHouseLimit(tx: SqlTx, amount: bigint, terms: BetTerms, settings: CasinoSettings): Promise<void> {
  const house = await shardedBalance(tx, systemAccounts.house);
  const maxWin = payoutMicro(amount, terms.multiplier) - amount;
  const limit = (house.available * BigInt(settings.maxWinBankrollBps)) / 10_000n;
  if (maxWin > limit) {
    throw new PurpleFleaError(
      "bet_exceeds_house_limit",
      "this bet could win more than the house allows per bet; lower the amount or the multiplier",
      {
        field: "amount",
        max_win_micro: limit.toString(),
      },
    );
  }
}

const BET_SELECT = `SELECT b.*, s.server_seed_hash, s.server_seed, s.status AS seed_status
  FROM casino_bets b JOIN casino_seeds s ON s.id = b.seed_id`;

export async function findBet(tx: SqlTx, agentId: string, betId: string): Promise<BetRow | undefined> {
  return tx.get<BetRow>(`${BET_SELECT} WHERE b.id = ? AND b.agent_id = ?`, [betId, agentId]);
}

export async function listBets(tx: SqlTx, agentId: string, beforeSeq: bigint, limit: number, game: string | undefined) {
  const filter = game ? "AND b.game = ?" : "";
  return tx.all<BetRow & { seq: bigint }>(
    `${BET_SELECT} WHERE b.agent_id = ? AND b.seq < ? ${filter} ORDER BY b.seq DESC LIMIT ?`,
    game ? [agentId, beforeSeq, game, limit] : [agentId, beforeSeq, limit],
  );
}

/** The wire form of a stored bet; the server seed is shown only once revealed. */
export function toBet(row: BetRow): Bet {
  const terms = betTerms(row.game, row.prediction, Number(row.edge_bps));
  return {
    bet_id: row.id,
    game: row.game,
    prediction: row.prediction,
    outcome: row.outcome,
    result: row.result,
    multiplier: ratioToNumber(terms.multiplier, 4),
    win_chance: ratioToNumber(terms.winChance, 6),
    ...money("amount", row.amount),
    ...money("payout", row.payout),
    proof: {
      server_seed_hash: row.server_seed_hash,
      client_seed: row.client_seed,
      nonce: Number(row.nonce),
      server_seed: row.seed_status === "revealed" ? row.server_seed : null,
    },
    created_at: isoTime(row.created_at),
  };
}
