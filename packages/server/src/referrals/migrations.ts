import type { Migration } from "@purpleflea/ledger";

export const referralMigrations: readonly Migration[] = [
  {
    id: "fees-001-referral-earnings",
    sql: `
      CREATE TABLE referral_earnings (
        id TEXT PRIMARY KEY,
        referrer_id TEXT NOT NULL REFERENCES agents(id),
        referred_id TEXT NOT NULL REFERENCES agents(id),
        service TEXT NOT NULL,
        asset TEXT NOT NULL,
        fee BIGINT NOT NULL,
        amount BIGINT NOT NULL,
        ref TEXT,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX referral_earnings_referrer ON referral_earnings (referrer_id, created_at);
    `,
  },
];
