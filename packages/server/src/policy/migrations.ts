import { type Migration, serialKey } from "@purpleflea/ledger";

export const policyMigrations: readonly Migration[] = [
  {
    id: "policy-001-policies-approvals-proposals-audit",
    sql: (dialect) => `
      ALTER TABLE api_keys ADD COLUMN policy TEXT;
      ALTER TABLE agents ADD COLUMN policy TEXT;
      CREATE TABLE spend_log (
        id ${serialKey(dialect)},
        agent_id TEXT NOT NULL,
        key_id TEXT NOT NULL,
        asset TEXT NOT NULL,
        amount BIGINT NOT NULL,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX spend_log_key ON spend_log (key_id, asset, created_at);
      CREATE INDEX spend_log_agent ON spend_log (agent_id, asset, created_at);
      CREATE TABLE approvals (
        seq ${serialKey(dialect)},
        id TEXT NOT NULL UNIQUE,
        agent_id TEXT NOT NULL REFERENCES agents(id),
        key_id TEXT NOT NULL,
        operation TEXT NOT NULL,
        request TEXT NOT NULL,
        summary TEXT NOT NULL,
        amount BIGINT NOT NULL,
        status TEXT NOT NULL,
        note TEXT,
        decided_by TEXT,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        decided_at BIGINT,
        result_status BIGINT,
        result_body TEXT
      );
      CREATE INDEX approvals_agent ON approvals (agent_id, seq);
      CREATE INDEX approvals_pending ON approvals (expires_at) WHERE status = 'pending';
      CREATE TABLE proposals (
        seq ${serialKey(dialect)},
        id TEXT NOT NULL UNIQUE,
        agent_id TEXT NOT NULL REFERENCES agents(id),
        key_id TEXT NOT NULL,
        operation TEXT NOT NULL,
        request TEXT NOT NULL,
        rationale TEXT NOT NULL,
        amount BIGINT NOT NULL,
        status TEXT NOT NULL,
        note TEXT,
        decided_by TEXT,
        executed_by TEXT,
        created_at BIGINT NOT NULL,
        decided_at BIGINT,
        result_status BIGINT,
        result_body TEXT
      );
      CREATE INDEX proposals_agent ON proposals (agent_id, seq);
      CREATE TABLE audit_log (
        seq ${serialKey(dialect)},
        id TEXT NOT NULL UNIQUE,
        agent_id TEXT NOT NULL,
        key_id TEXT,
        action TEXT NOT NULL,
        decision TEXT NOT NULL,
        rule TEXT,
        amount BIGINT NOT NULL,
        ref TEXT,
        created_at BIGINT NOT NULL
      );
      CREATE INDEX audit_log_agent ON audit_log (agent_id, seq);
    `,
  },
  {
    id: "policy-002-pending-approvals-per-key",
    sql: "CREATE INDEX approvals_key_pending ON approvals (key_id) WHERE status = 'pending';",
  },
  {
    id: "policy-003-approval-rule",
    sql: "ALTER TABLE approvals ADD COLUMN rule TEXT;",
  },
];
