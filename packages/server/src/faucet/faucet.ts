import { getBalance, newId, type SqlTx, transfer } from "@purpleflea/ledger";
import { type FaucetClaimResponse, type FaucetStatus, money, newFunds, PurpleFleaError } from "@purpleflea/protocol";
import { isoTime } from "../iso-time.ts";
import { systemAccounts, userAccountId } from "../system-accounts.ts";

export interface FaucetSettings {
  amountMicro: bigint;
  maxClaimsPerIpPerDay: number;
}

const DAY_MS = 86_400_000;

/** One claim per agent, ever; and at most a few per IP per day against sock-puppet farming. */
export async function claimFaucet(
  tx: SqlTx,
  agentId: string,
  ip: string,
  settings: FaucetSettings,
  now = Date.now(),
): Promise<FaucetClaimResponse> {
  // An agent that has claimed hears so before any address limit; the insert below is what decides.
  if (await tx.get("SELECT 1 AS claimed FROM faucet_claims WHERE agent_id = ?", [agentId])) throw alreadyClaimed();
  if (settings.maxClaimsPerIpPerDay > 0) await checkIpLimit(tx, ip, settings.maxClaimsPerIpPerDay, now);
  const transferId = newId("tr");
  // Claim first: of two racing claims by one agent, the second meets the primary key and moves nothing.
  const claimed = await tx.get(
    `INSERT INTO faucet_claims (agent_id, transfer_id, amount, ip, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (agent_id) DO NOTHING RETURNING agent_id`,
    [agentId, transferId, settings.amountMicro, ip, now],
  );
  if (!claimed) throw alreadyClaimed();
  const row = await transfer(
    tx,
    {
      id: transferId,
      kind: "faucet",
      debitAccountId: systemAccounts.faucet,
      creditAccountId: userAccountId(agentId, "USDC"),
      amount: settings.amountMicro,
    },
    now,
  );
  const after = await getBalance(tx, row.credit_account_id);
  return {
    transfer_id: row.id,
    currency: "USDC",
    ...money("amount", row.amount),
    ...newFunds(after),
    claimed_at: new Date(now).toISOString(),
  };
}

const alreadyClaimed = () => new PurpleFleaError("faucet_already_claimed", "this agent has already claimed the faucet");

/** Counted under the address's lock, so racing claims from one address cannot each see room for one more. */
async function checkIpLimit(tx: SqlTx, ip: string, limit: number, now: number): Promise<void> {
  await tx.lock(`faucet-ip:${ip}`);
  const recent = await tx.get<{ n: bigint; first: bigint | null }>(
    "SELECT COUNT(*) AS n, MIN(created_at) AS first FROM faucet_claims WHERE ip = ? AND created_at > ?",
    [ip, now - DAY_MS],
  );
  if ((recent?.n ?? 0n) >= BigInt(limit)) {
    // The oldest claim in the window leaves it first, and frees one claim.
    const retryAfterS = Math.max(1, Math.ceil((Number(recent?.first ?? BigInt(now)) + DAY_MS - now) / 1000));
    throw new PurpleFleaError("faucet_ip_limit_reached", "too many faucet claims from this address today", {
      limit,
      retry_after_s: retryAfterS,
    });
  }
}

export async function faucetStatus(tx: SqlTx, agentId: string, settings: FaucetSettings): Promise<FaucetStatus> {
  const claim = await tx.get<{ amount: bigint; created_at: bigint }>(
    "SELECT amount, created_at FROM faucet_claims WHERE agent_id = ?",
    [agentId],
  );
  return {
    claimed: claim !== undefined,
    available: claim === undefined,
    ...money("amount", claim?.amount ?? settings.amountMicro),
    claimed_at: claim ? isoTime(claim.created_at) : null,
  };
}
