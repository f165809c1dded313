import type { Migration } from "@purpleflea/ledger";

/** Operator keys: platform-wide principals, stored as hashes like agent keys. */
export const operatorMigrations: readonly Migration[] = [
  {
    id: "operator-001-keys",
    sql: `
      CREATE TABLE operator_keys (
        id TEXT PRIMARY KEY,
        key_hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        name TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        revoked_at BIGINT
      );
    `,
  },
];
