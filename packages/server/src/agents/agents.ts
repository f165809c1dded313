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
  const taken = await tx.get("SELECT 1 FROM agents WHERE username = ?", [request.username]);
  if (taken) throw new PurpleFleaError("username_taken", `username ${request.username} is taken`, { field: "username" });
  const referrer = await findReferrer(tx, request.referral_code);
  const referralCode = await uniqueReferralCode(tx);
  await tx.run("INSERT INTO agents (id, username, referral_code, referred_by, created_at) VALUES (?, ?, ?, ?, ?)", [
    agentId,
    request.username,
    referralCode,
    referrer,
    now,
  ]);
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

async function uniqueReferralCode(tx: SqlTx): Promise<string> {
  for (;;) {
    const code = generateReferralCode();
    if (!(await tx.get("SELECT 1 FROM agents WHERE referral_code = ?", [code]))) return code;
  }
}

/** Resolves an agent id or a username to an agent id; an id wins over a username that spells it. */
export async function resolveAgent(tx: SqlTx, idOrUsername: string): Promise<{ id: string; username: string } | undefined> {
  return tx.get<{ id: string; username: string }>(
    "SELECT id, username FROM agents WHERE id = ? OR username = ? ORDER BY id = ? DESC LIMIT 1",
    [idOrUsername, idOrUsername, idOrUsername],
  );
}

/** The agent a request names (by id or username) in `field`; recipient_not_found, naming the field, if none. */
export async function requireAgent(tx: SqlTx, idOrUsername: string, field: string): Promise<{ id: string; username: string }> {
  const agent = await resolveAgent(tx, idOrUsername);
  if (!agent) throw new PurpleFleaError("recipient_not_found", `no agent ${idOrUsername}`, { field });
  return agent;
}
