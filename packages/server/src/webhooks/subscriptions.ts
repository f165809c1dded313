import { newId, randomBase62, type SqlTx } from "@purpleflea/ledger";
import { PurpleFleaError, type Webhook } from "@purpleflea/protocol";
import { hasScope, type KeyIdentity } from "../agents/api-keys.ts";
import { EVENT_TYPES } from "../events/events.ts";
import { isoTime } from "../iso-time.ts";
import type { OutboundPolicy } from "../outbound/address-policy.ts";
import { checkDestinationUrl } from "../outbound/destination.ts";

/** Per agent, so a runaway script cannot make every event fan out without end. */
export const MAX_WEBHOOKS_PER_AGENT = 20;

export interface WebhookRow {
  id: string;
  agent_id: string;
  url: string;
  events: string;
  secret: string;
  description: string | null;
  after_event_seq: bigint;
  created_at: bigint;
  deleted_at: bigint | null;
}

export interface NewWebhook {
  url: string;
  events: string[];
  description?: string | undefined;
}

/** Whether a subscription list (exact types, `family.*`, `*`) covers an event type. */
export function subscribes(events: readonly string[], type: string): boolean {
  return events.some(
    (pattern) => pattern === "*" || pattern === type || (pattern.endsWith(".*") && type.startsWith(pattern.slice(0, -1))),
  );
}

/**
 * Registers a URL for the agent's events from now on (earlier events are not replayed). The secret,
 * `whsec_` + 43 base62 characters, is returned this once; it is kept in clear because signing needs it.
 */
export async function createWebhook(
  tx: SqlTx,
  creator: KeyIdentity,
  request: NewWebhook,
  outbound: OutboundPolicy,
  now = Date.now(),
) {
  checkDestinationUrl(request.url, outbound);
  // approval.requested deliveries carry tokens that decide approvals: receiving them is approving.
  if (subscribes(request.events, "approval.requested") && !hasScope(creator, "approve")) {
    throw new PurpleFleaError(
      "insufficient_scope",
      "a webhook for approval.requested decides approvals: it needs the approve scope",
      {
        required_scope: "approve",
        field: "events",
      },
    );
  }
  const { agentId } = creator;
  const unknown = request.events.find((pattern) => !EVENT_TYPES.some((type) => subscribes([pattern], type)));
  if (unknown !== undefined) {
    throw new PurpleFleaError("invalid_request", `events: ${unknown} matches no event type`, {
      field: "events",
      event_types: EVENT_TYPES,
    });
  }
  const count = await tx.get<{ n: bigint }>("SELECT COUNT(*) AS n FROM webhooks WHERE agent_id = ? AND deleted_at IS NULL", [
    agentId,
  ]);
  if (Number(count?.n ?? 0n) >= MAX_WEBHOOKS_PER_AGENT) {
    throw new PurpleFleaError("webhook_limit_reached", `an agent can have ${MAX_WEBHOOKS_PER_AGENT} webhooks; delete one first`);
  }
  const id = newId("whk");
  const secret = `whsec_${randomBase62(43)}`;
  await tx.run(
    `INSERT INTO webhooks (id, agent_id, url, events, secret, description, after_event_seq, created_at)
     VALUES (?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) FROM events), ?)`,
    [id, agentId, request.url, [...new Set(request.events)].join(" "), secret, request.description ?? null, now],
  );
  return { ...toWebhook(await requireWebhook(tx, agentId, id)), secret };
}

export async function listWebhooks(tx: SqlTx, agentId: string): Promise<Webhook[]> {
  const rows = await tx.all<WebhookRow>("SELECT * FROM webhooks WHERE agent_id = ? AND deleted_at IS NULL ORDER BY seq", [
    agentId,
  ]);
  return rows.map(toWebhook);
}

/** Deleting stops deliveries at once (pending ones are given up) and voids its callback tokens. */
export async function deleteWebhook(tx: SqlTx, agentId: string, id: string, now = Date.now()): Promise<Webhook> {
  const row = await requireWebhook(tx, agentId, id);
  await tx.run("UPDATE webhooks SET deleted_at = ? WHERE id = ?", [now, id]);
  await tx.run("UPDATE webhook_deliveries SET status = 'failed', settled_at = ? WHERE webhook_id = ? AND status = 'pending'", [
    now,
    id,
  ]);
  return toWebhook(row);
}

/** A live webhook of the agent, or webhook_not_found. */
export async function requireWebhook(tx: SqlTx, agentId: string, id: string): Promise<WebhookRow> {
  const row = await tx.get<WebhookRow>("SELECT * FROM webhooks WHERE id = ? AND agent_id = ? AND deleted_at IS NULL", [
    id,
    agentId,
  ]);
  if (!row) throw new PurpleFleaError("webhook_not_found", `no webhook ${id}`);
  return row;
}

export function toWebhook(row: WebhookRow): Webhook {
  return {
    webhook_id: row.id,
    url: row.url,
    events: row.events.split(" "),
    description: row.description,
    created_at: isoTime(row.created_at),
  };
}
