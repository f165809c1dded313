import { newId, type SqlTx } from "@purpleflea/ledger";
import { type AuditEntry, money } from "@purpleflea/protocol";
import { isoTime } from "../iso-time.ts";
import { agentRowsBefore } from "../paging.ts";

export interface AuditRecord {
  agentId: string;
  keyId: string | null;
  action: string;
  decision: string;
  rule?: string | null;
  amountMicro?: bigint;
  ref?: string | null;
}

/** Every policy decision leaves a row, written in the same transaction as the decision's effect. */
export async function recordAudit(tx: SqlTx, record: AuditRecord, now = Date.now()): Promise<void> {
  await tx.run(
    "INSERT INTO audit_log (id, agent_id, key_id, action, decision, rule, amount, ref, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [
      newId("aud"),
      record.agentId,
      record.keyId,
      record.action,
      record.decision,
      record.rule ?? null,
      record.amountMicro ?? 0n,
      record.ref ?? null,
      now,
    ],
  );
}

export interface AuditRow {
  seq: bigint;
  id: string;
  agent_id: string;
  key_id: string | null;
  action: string;
  decision: string;
  rule: string | null;
  amount: bigint;
  ref: string | null;
  created_at: bigint;
}

export function listAudit(tx: SqlTx, agentId: string, beforeSeq: bigint, limit: number, decision: string | undefined) {
  return agentRowsBefore<AuditRow>(tx, "audit_log", agentId, beforeSeq, limit, { column: "decision", value: decision });
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    key_id: row.key_id,
    action: row.action,
    decision: row.decision,
    rule: row.rule,
    ...money("amount", row.amount),
    ref: row.ref,
    created_at: isoTime(row.created_at),
  };
}
