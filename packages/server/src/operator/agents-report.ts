import type { SqlTx } from "@purpleflea/ledger";
import { money, type OperatorAgent } from "@purpleflea/protocol";
import { isoTime } from "../iso-time.ts";
import { cursorKeyset, encodeKeysetCursor } from "../paging.ts";

interface AgentRow {
  id: string;
  username: string;
  referral_code: string;
  referred_by: string | null;
  created_at: bigint;
  usdc_credits: bigint;
  usdc_debits: bigint;
  usdc_held: bigint;
  paper_credits: bigint;
  paper_debits: bigint;
  keys: bigint;
  pending_approvals: bigint;
}

const AGENT_SELECT = `SELECT a.id, a.username, a.referral_code, a.referred_by, a.created_at,
    u.credits_posted AS usdc_credits, u.debits_posted AS usdc_debits, u.debits_pending AS usdc_held,
    p.credits_posted AS paper_credits, p.debits_posted AS paper_debits,
    (SELECT COUNT(*) FROM api_keys k WHERE k.agent_id = a.id AND k.revoked_at IS NULL) AS keys,
    (SELECT COUNT(*) FROM approvals ap WHERE ap.agent_id = a.id AND ap.status = 'pending' AND ap.expires_at > ?) AS pending_approvals
  FROM agents a
  JOIN ledger_accounts u ON u.id = a.id || ':USDC'
  JOIN ledger_accounts p ON p.id = a.id || ':PAPER_USDC'`;

/** `%` and `_` in a search are literal characters, not patterns. */
function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Every agent with its balances, newest first, optionally those whose username or id contains `q`. */
export async function listAgentsWithBalances(
  tx: SqlTx,
  query: { limit: number; cursor?: string | undefined; q?: string | undefined },
  now = Date.now(),
) {
  const after = cursorKeyset(query.cursor);
  const where: string[] = [];
  const params: Array<string | number | bigint> = [now];
  if (query.q !== undefined && query.q !== "") {
    where.push("(LOWER(a.username) LIKE ? ESCAPE '\\' OR a.id = ?)");
    params.push(likePattern(query.q), query.q);
  }
  if (after) {
    where.push("(a.created_at < ? OR (a.created_at = ? AND a.id < ?))");
    params.push(after.createdAt, after.createdAt, after.id);
  }
  const filter = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
  const rows = await tx.all<AgentRow>(`${AGENT_SELECT} ${filter} ORDER BY a.created_at DESC, a.id DESC LIMIT ?`, [
    ...params,
    query.limit + 1,
  ]);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeKeysetCursor(last.created_at, last.id) : null;
  return { agents: page.map(toOperatorAgent), next_cursor: nextCursor };
}

function toOperatorAgent(row: AgentRow): OperatorAgent {
  const total = row.usdc_credits - row.usdc_debits;
  return {
    agent_id: row.id,
    username: row.username,
    referral_code: row.referral_code,
    referred_by: row.referred_by,
    ...money("available", total - row.usdc_held),
    ...money("held", row.usdc_held),
    ...money("total", total),
    ...money("paper_total", row.paper_credits - row.paper_debits),
    keys: Number(row.keys),
    pending_approvals: Number(row.pending_approvals),
    created_at: isoTime(row.created_at),
  };
}
