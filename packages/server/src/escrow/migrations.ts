import { type Migration, serialKey } from "@purpleflea/ledger";

/**
 * One row per escrow. The money itself is a ledger hold (creator -> escrow account); this row is
 * the state machine around it. Fee and referral share are fixed at creation, so the fee promised
 * in the create response is the fee charged on release even if the settings change meanwhile.
 */
export const escrowMigrations: readonly Migration[] = [
  {
    id: "escrow-001-escrows",
    sql: (dialect) => `
      CREATE TABLE escrows (
        seq ${serialKey(dialect)},
        id TEXT NOT NULL UNIQUE,
        creator_id TEXT NOT NULL REFERENCES agents(id),
        counterparty_id TEXT NOT NULL REFERENCES agents(id),
        arbiter_id TEXT REFERENCES agents(id),
        amount BIGINT NOT NULL CHECK (amount > 0),
        fee_bps BIGINT NOT NULL,
        referral_share_bps BIGINT NOT NULL,
        condition TEXT NOT NULL,
        status TEXT NOT NULL,
        on_expiry TEXT NOT NULL CHECK (on_expiry IN ('refund', 'release')),
        deadline_at BIGINT NOT NULL,
        outcome TEXT,
        net_paid BIGINT NOT NULL DEFAULT 0,
        fee BIGINT NOT NULL DEFAULT 0,
        refunded BIGINT NOT NULL DEFAULT 0,
        completion_note TEXT,
        completed_at BIGINT,
        disputed_by TEXT,
        dispute_reason TEXT,
        resolution_note TEXT,
        created_at BIGINT NOT NULL,
        settled_at BIGINT
      );
      CREATE INDEX escrows_creator ON escrows (creator_id, seq);
      CREATE INDEX escrows_counterparty ON escrows (counterparty_id, seq);
      CREATE INDEX escrows_arbiter ON escrows (arbiter_id, seq) WHERE arbiter_id IS NOT NULL;
      CREATE INDEX escrows_open_deadline ON escrows (deadline_at) WHERE status IN ('funded', 'completed', 'disputed');
    `,
  },
];
