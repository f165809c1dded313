import {
  accountTransfers,
  getBalance,
  listOwnerBalances,
  newId,
  type SqlTx,
  type TransferRow,
  transfer,
} from "@purpleflea/ledger";
import {
  type BalanceResponse,
  funds,
  money,
  newFunds,
  PurpleFleaError,
  type Transaction,
  type TransferResponse,
} from "@purpleflea/protocol";
import { requireAgent } from "../agents/agents.ts";
import { isoTime } from "../iso-time.ts";
import { cursorSeq, paginate } from "../paging.ts";
import { accountLabel, userAccountId } from "../system-accounts.ts";

export async function walletBalance(tx: SqlTx, agentId: string): Promise<BalanceResponse> {
  const balances = await listOwnerBalances(tx, agentId);
  const usdc = balances.find((b) => b.asset === "USDC");
  const paper = balances.find((b) => b.asset === "PAPER_USDC");
  if (!usdc || !paper) throw new Error(`agent ${agentId} has no accounts`);
  return {
    agent_id: agentId,
    currency: "USDC",
    ...funds(usdc),
    ...money("paper_balance", paper.available),
    balances: balances.map((b) => ({ asset: b.asset as "USDC" | "PAPER_USDC", ...funds(b) })),
  };
}

export interface HistoryQuery {
  limit: number;
  cursor?: string | undefined;
  asset?: "USDC" | "PAPER_USDC" | undefined;
}

/** The agent's ledger history, newest first, paged by an opaque cursor. */
export async function walletTransactions(tx: SqlTx, agentId: string, query: HistoryQuery) {
  const accounts = query.asset
    ? [userAccountId(agentId, query.asset)]
    : [userAccountId(agentId, "USDC"), userAccountId(agentId, "PAPER_USDC")];
  const before = cursorSeq(query.cursor);
  const rows = await accountTransfers(tx, accounts, before, query.limit + 1);
  const { page, nextCursor } = paginate(rows, query.limit);
  const hashes = await chainTxHashes(tx, page);
  return { transactions: page.map((row) => toTransaction(row, accounts, hashes)), next_cursor: nextCursor };
}

const WITHDRAWAL_KINDS = new Set(["chain_withdrawal", "withdrawal_fee"]);

/** The chain transaction of each on-chain row: a deposit carries it as its ref, a withdrawal's is on its record. */
async function chainTxHashes(tx: SqlTx, rows: readonly TransferRow[]): Promise<Map<string, string | null>> {
  const hashes = new Map<string, string | null>();
  for (const row of rows) {
    if (row.kind === "chain_deposit") hashes.set(row.id, row.ref);
    if (!WITHDRAWAL_KINDS.has(row.kind) || row.ref === null) continue;
    const withdrawal = await tx.get<{ tx_hash: string | null }>("SELECT tx_hash FROM chain_withdrawals WHERE id = ?", [row.ref]);
    hashes.set(row.id, withdrawal?.tx_hash ?? null);
  }
  return hashes;
}

function toTransaction(row: TransferRow, own: readonly string[], hashes: Map<string, string | null>): Transaction {
  const credit = own.includes(row.credit_account_id);
  return {
    id: row.id,
    asset: row.asset as "USDC" | "PAPER_USDC",
    kind: row.kind,
    direction: credit ? "credit" : "debit",
    status: row.status,
    ...money("amount", row.amount),
    counterparty: accountLabel(credit ? row.debit_account_id : row.credit_account_id),
    memo: row.memo,
    tx_hash: hashes.get(row.id) ?? null,
    created_at: isoTime(row.created_at),
  };
}

export interface WalletTransfer {
  to: string;
  amount: bigint;
  memo?: string | undefined;
}

/** Pays another agent in USDC. */
export async function walletTransfer(
  tx: SqlTx,
  agentId: string,
  request: WalletTransfer,
  now = Date.now(),
): Promise<TransferResponse> {
  const recipient = await requireAgent(tx, request.to, "to");
  if (recipient.id === agentId) {
    throw new PurpleFleaError("accounts_must_be_different", "an agent cannot pay itself", { field: "to" });
  }
  const row = await transfer(
    tx,
    {
      id: newId("tr"),
      kind: "transfer",
      debitAccountId: userAccountId(agentId, "USDC"),
      creditAccountId: userAccountId(recipient.id, "USDC"),
      amount: request.amount,
      memo: request.memo ?? null,
    },
    now,
  );
  const after = await getBalance(tx, row.debit_account_id);
  return {
    transfer_id: row.id,
    from: agentId,
    to: recipient.id,
    ...money("amount", row.amount),
    ...newFunds(after),
    memo: row.memo,
    created_at: new Date(now).toISOString(),
  };
}
