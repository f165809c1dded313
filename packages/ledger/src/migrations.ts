import { type Migration, serialKey } from "./store.ts";

/**
 * Balances are kept TigerBeetle-style as four monotonic columns; a user account's balance is
 * credits_posted - debits_posted and its held funds are debits_pending.
 */
export const ledgerMigrations: readonly Migration[] = [
  {
    id: "ledger-001-accounts-transfers",
    sql: (dialect) => `
      CREATE TABLE ledger_accounts (
        id TEXT PRIMARY KEY,
        asset TEXT NOT NULL,
        owner TEXT,
        no_overdraft BIGINT NOT NULL,
        debits_pending BIGINT NOT NULL DEFAULT 0,
        debits_posted BIGINT NOT NULL DEFAULT 0,
        credits_pending BIGINT NOT NULL DEFAULT 0,
        credits_posted BIGINT NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL
      );
      CREATE TABLE ledger_transfers (
        seq ${serialKey(dialect)},
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        debit_account_id TEXT NOT NULL REFERENCES ledger_accounts(id),
        credit_account_id TEXT NOT NULL REFERENCES ledger_accounts(id),
        asset TEXT NOT NULL,
        amount BIGINT NOT NULL CHECK (amount > 0),
        status TEXT NOT NULL CHECK (status IN ('posted', 'held', 'voided', 'expired')),
        timeout_at BIGINT,
        memo TEXT,
        ref TEXT,
        created_at BIGINT NOT NULL,
        settled_at BIGINT
      );
      CREATE INDEX ledger_transfers_debit ON ledger_transfers (debit_account_id, seq);
      CREATE INDEX ledger_transfers_credit ON ledger_transfers (credit_account_id, seq);
      CREATE INDEX ledger_transfers_held ON ledger_transfers (timeout_at) WHERE status = 'held';
    `,
  },
];
