import type { SqlTx } from "@purpleflea/ledger";
import { money, PurpleFleaError, settleFairBet, type VerifyRequest, type VerifyResponse } from "@purpleflea/protocol";
import { findBet } from "./bets.ts";

/**
 * Recomputes a bet from seeds. Given a bet id, it uses the stored inputs and says whether the stored
 * outcome matches; that needs the seed revealed (rotate first), or the server seed would leak early.
 */
export async function verifyBet(
  tx: SqlTx,
  agentId: string,
  request: VerifyRequest,
  defaultEdgeBps: number,
): Promise<VerifyResponse> {
  if ("bet_id" in request) return verifyStoredBet(tx, agentId, request.bet_id);
  const outcome = settleFairBet({
    serverSeed: request.server_seed,
    clientSeed: request.client_seed,
    nonce: request.nonce,
    game: request.game,
    prediction: request.prediction,
    stakeMicro: request.amount ?? 0n,
    edgeBps: request.edge_bps ?? defaultEdgeBps,
  });
  return toVerifyResponse(outcome, null);
}

async function verifyStoredBet(tx: SqlTx, agentId: string, betId: string): Promise<VerifyResponse> {
  const bet = await findBet(tx, agentId, betId);
  if (!bet) throw new PurpleFleaError("bet_not_found", `no bet ${betId}`, { field: "bet_id" });
  if (bet.seed_status !== "revealed") {
    throw new PurpleFleaError("seed_not_revealed", "rotate your seed (POST /casino/seeds/rotate) to reveal it, then verify", {
      field: "bet_id",
    });
  }
  const outcome = settleFairBet({
    serverSeed: bet.server_seed,
    clientSeed: bet.client_seed,
    nonce: Number(bet.nonce),
    game: bet.game,
    prediction: bet.prediction,
    stakeMicro: bet.amount,
    edgeBps: Number(bet.edge_bps),
  });
  const matches =
    outcome.serverSeedHash === bet.server_seed_hash &&
    outcome.result === bet.result &&
    outcome.outcome === bet.outcome &&
    outcome.payoutMicro === bet.payout;
  return toVerifyResponse(outcome, matches);
}

/** `matches` is null for a manual check (nothing stored to compare with). */
function toVerifyResponse(outcome: ReturnType<typeof settleFairBet>, matches: boolean | null): VerifyResponse {
  return {
    server_seed_hash: outcome.serverSeedHash,
    float: outcome.float,
    result: outcome.result,
    outcome: outcome.outcome,
    multiplier: outcome.multiplier,
    ...money("payout", outcome.payoutMicro),
    matches,
  };
}
