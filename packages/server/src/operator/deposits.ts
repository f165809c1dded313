import { getBalance, newId, type SqlTx, transfer } from "@purpleflea/ledger";
import { money } from "@purpleflea/protocol";
import { requireAgent } from "../agents/agents.ts";
import { emitEvent } from "../events/events.ts";
import { isoTime } from "../iso-time.ts";
import { cursorSeq, paginate } from "../paging.ts";
import { systemAccounts, userAccountId } from "../system-accounts.ts";

export interface DepositRequest {
  agent: string;
  amount: bigint;
  memo: string;
}

interface DepositRow {
  seq: bigint;
  id: string;
  amount: bigint;
  memo: string | null;
  created_at: bigint;
  agent_id: string;
  username: string;
}

function toDeposit(row: Omit<DepositRow, "seq">) {
  return {
    deposit_id: row.id,
    agent_id: row.agent_id,
    username: row.username,
    ...money("amount", row.amount),
    memo: row.memo,
    created_at: isoTime(row.created_at),
  };
}

/** What the operator has put onto the platform from outside: the treasury's negative balance. */
async function treasuryDeposited(tx: SqlTx): Promise<bigint> {
  return -(await getBalance(tx, systemAccounts.treasury)).balance;
}

/**
 * Credits an agent from the treasury: money that arrived off-chain (a wire, a card payment) enters
 * the ledger here, and the agent is told with a `wallet.deposit` event.
 */
export async function depositToAgent(tx: SqlTx, request: DepositRequest, now = Date.now()) {
  const agent = await requireAgent(tx, request.agent, "agent");
  const row = await transfer(
    tx,
    {
      id: newId("dep"),
      kind: "deposit",
      debitAccountId: systemAccounts.treasury,
      creditAccountId: userAccountId(agent.id, "USDC"),
      amount: request.amount,
      memo: request.memo,
    },
    now,
  );
  const deposit = toDeposit({ ...row, agent_id: agent.id, username: agent.username });
  await emitEvent(tx, agent.id, "wallet.deposit", deposit, now);
  const available = (await getBalance(tx, row.credit_account_id)).available;
  const body = {
    ...deposit,
    ...money("agent_available", available),
    ...money("treasury_deposited", await treasuryDeposited(tx)),
  };
  return { body, ref: row.id, agentId: agent.id };
}

/** Deposits to agents, newest first (the treasury's debits to agent accounts). */
export async function listDeposits(tx: SqlTx, query: { limit: number; cursor?: string | undefined }) {
  const rows = await tx.all<DepositRow>(
    `SELECT t.seq, t.id, t.amount, t.memo, t.created_at, a.id AS agent_id, a.username
     FROM ledger_transfers t JOIN ledger_accounts acc ON acc.id = t.credit_account_id JOIN agents a ON a.id = acc.owner
     WHERE t.debit_account_id = ? AND t.kind = 'deposit' AND t.seq < ? ORDER BY t.seq DESC LIMIT ?`,
    [systemAccounts.treasury, cursorSeq(query.cursor), query.limit + 1],
  );
  const { page, nextCursor } = paginate(rows, query.limit);
  return {
    deposits: page.map(toDeposit),
    next_cursor: nextCursor,
    ...money("treasury_deposited", await treasuryDeposited(tx)),
  };
}
