import { openAccount, type SqlTx, transfer } from "@purpleflea/ledger";
import { PurpleFleaError, type RegisterRequest, type RegisterResponse } from "@purpleflea/protocol";
import { systemAccounts, userAccountId } from "../system-accounts.ts";
import { ALL_SCOPES, createApiKey, generateReferralCode } from "./api-keys.ts";

export interface RegisterSettings {
  paperBankrollMicro: bigint;
}

/** Creates the agent, its owner key (all scopes), its USDC and paper accounts, and funds the paper bankroll. */
export async function registerAgent(
  tx: SqlTx,
  request: RegisterRequest,
  settings: RegisterSettings,
  agentId: string,
  now = Date.now(),
): Promise<RegisterResponse> {
  const referrer = await findReferrer(tx, request.referral_code);
  const referralCode = await insertAgent(tx, agentId, request.username, referrer, now);
  const { key } = await createApiKey(tx, agentId, "owner", ALL_SCOPES, now, true);
  await openUserAccounts(tx, agentId, now);
  if (settings.paperBankrollMicro > 0n) {
    await transfer(
      tx,
      {
        id: `paper_bankroll:${agentId}`,
        kind: "paper_bankroll",
        debitAccountId: systemAccounts.paperMint,
        creditAccountId: userAccountId(agentId, "PAPER_USDC"),
        amount: settings.paperBankrollMicro,
      },
      now,
    );
  }
  return {
    agent_id: agentId,
    username: request.username,
    api_key: key,
    referral_code: referralCode,
    created_at: new Date(now).toISOString(),
  };
}

async function openUserAccounts(tx: SqlTx, agentId: string, now: number): Promise<void> {
  for (const asset of ["USDC", "PAPER_USDC"] as const) {
    await openAccount(tx, { id: userAccountId(agentId, asset), asset, owner: agentId, noOverdraft: true }, now);
  }
}

async function findReferrer(tx: SqlTx, code: string | undefined): Promise<string | null> {
  if (code === undefined) return null;
  const row = await tx.get<{ id: string }>("SELECT id FROM agents WHERE referral_code = ?", [code.toUpperCase()]);
  if (!row) throw new PurpleFleaError("referral_code_not_found", "no agent has this referral code", { field: "referral_code" });
  return row.id;
}

/**
 * Inserts the agent, claiming its username (in any case) through the unique indexes, so two
 * racing registrations of one name cannot both succeed. Returns its new referral code.
 */
async function insertAgent(tx: SqlTx, agentId: string, username: string, referrer: string | null, now: number): Promise<string> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const referralCode = generateReferralCode();
    const inserted = await tx.get(
      `INSERT INTO agents (id, username, referral_code, referred_by, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT DO NOTHING RETURNING id`,
      [agentId, username, referralCode, referrer, now],
    );
    if (inserted) return referralCode;
    if (await tx.get("SELECT 1 AS taken FROM agents WHERE lower(username) = lower(?)", [username])) {
      throw new PurpleFleaError("username_taken", `username ${username} is taken`, { field: "username" });
    }
    // Otherwise the random referral code was taken: draw another.
  }
  throw new Error(`agent ${agentId} could not be inserted`);
}

/** Resolves an agent id or a username to an agent id; an id wins over a username that spells it. */
export async function resolveAgent(tx: SqlTx, idOrUsername: string): Promise<{ id: string; username: string } | undefined> {
  return tx.get<{ id: string; username: string }>(
    "SELECT id, username FROM agents WHERE id = ? OR lower(username) = lower(?) ORDER BY id = ? DESC LIMIT 1",
    [idOrUsername, idOrUsername, idOrUsername],
  );
}

/** The agent a request names (by id or username) in `field`; recipient_not_found, naming the field, if none. */
export async function requireAgent(tx: SqlTx, idOrUsername: string, field: string): Promise<{ id: string; username: string }> {
  const agent = await resolveAgent(tx, idOrUsername);
  if (!agent) throw new PurpleFleaError("recipient_not_found", `no agent ${idOrUsername}`, { field });
  return agent;
}
