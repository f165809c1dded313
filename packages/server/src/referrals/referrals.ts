import type { SqlTx } from "@purpleflea/ledger";
import {
  type Asset,
  MAX_REFERRED_LISTED,
  money,
  type ReferralEarning,
  type ReferralService,
  type ReferralSummary,
} from "@purpleflea/protocol";
import { isoTime } from "../iso-time.ts";
import { cursorKeyset, encodeKeysetCursor } from "../paging.ts";

/** The agent's code, who referred it, whom it referred, and its earnings per service and asset. */
export async function referralSummary(tx: SqlTx, agentId: string): Promise<ReferralSummary> {
  const agent = await tx.get<{ referral_code: string; referred_by: string | null }>(
    "SELECT referral_code, referred_by FROM agents WHERE id = ?",
    [agentId],
  );
  if (!agent) throw new Error(`agent ${agentId} does not exist`);
  const count = await tx.get<{ n: bigint }>("SELECT COUNT(*) AS n FROM agents WHERE referred_by = ?", [agentId]);
  const referred = await tx.all<{ id: string; username: string; created_at: bigint }>(
    "SELECT id, username, created_at FROM agents WHERE referred_by = ? ORDER BY created_at DESC, id DESC LIMIT ?",
    [agentId, MAX_REFERRED_LISTED],
  );
  const earnings = await tx.all<{ service: ReferralService; asset: Asset; n: bigint; amount: bigint; fees: bigint }>(
    `SELECT service, asset, COUNT(*) AS n, SUM(amount) AS amount, SUM(fee) AS fees FROM referral_earnings
     WHERE referrer_id = ? GROUP BY service, asset ORDER BY service, asset`,
    [agentId],
  );
  return {
    referral_code: agent.referral_code,
    referred_by: agent.referred_by,
    referred_count: Number(count?.n ?? 0n),
    referred_agents: referred.map((r) => ({ agent_id: r.id, username: r.username, joined_at: isoTime(r.created_at) })),
    earnings: earnings.map((e) => ({
      service: e.service,
      asset: e.asset,
      count: Number(e.n),
      ...money("amount", e.amount),
      ...money("fees", e.fees),
    })),
  };
}

export interface EarningsQuery {
  limit: number;
  cursor?: string | undefined;
  service?: ReferralService | undefined;
  asset?: Asset | undefined;
}

interface EarningRow {
  id: string;
  referred_id: string;
  service: ReferralService;
  asset: Asset;
  fee: bigint;
  amount: bigint;
  created_at: bigint;
}

/**
 * Every share paid to the agent, newest first. Earnings have no sequence column, so the cursor is
 * the last row's (created_at, id), which orders them just as well.
 */
export async function referralEarnings(tx: SqlTx, agentId: string, query: EarningsQuery) {
  const after = cursorKeyset(query.cursor);
  const where = ["referrer_id = ?"];
  const params: Array<string | bigint | number> = [agentId];
  if (after) {
    where.push("(created_at < ? OR (created_at = ? AND id < ?))");
    params.push(after.createdAt, after.createdAt, after.id);
  }
  for (const column of ["service", "asset"] as const) {
    const value = query[column];
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  const rows = await tx.all<EarningRow>(
    `SELECT * FROM referral_earnings WHERE ${where.join(" AND ")} ORDER BY created_at DESC, id DESC LIMIT ?`,
    [...params, query.limit + 1],
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    earnings: page.map(toEarning),
    next_cursor: rows.length > query.limit && last ? encodeKeysetCursor(last.created_at, last.id) : null,
  };
}

function toEarning(row: EarningRow): ReferralEarning {
  return {
    earning_id: row.id,
    referred_agent: row.referred_id,
    service: row.service,
    asset: row.asset,
    ...money("fee", row.fee),
    ...money("amount", row.amount),
    created_at: isoTime(row.created_at),
  };
}
