import { useApi } from "../../hooks.ts";
import { Badge, ErrorNote, PageTitle, Panel, Stat, Time } from "../../ui.tsx";

export function HealthPage() {
  const health = useApi(["op-health"], (pf) => pf.operator.health());
  const h = health.data;
  const figure = (label: string, value: number | undefined, bad = false) => (
    <Stat label={label} loading={value === undefined}>
      <span className={bad ? "bad" : ""}>{value}</span>
    </Stat>
  );
  return (
    <>
      <PageTitle title="Health">
        {h ? (
          <>
            <Badge tone={h.status === "ok" ? "good" : "warn"}>{h.status}</Badge> checked <Time value={h.checked_at} />, up{" "}
            {Math.round(h.uptime_s / 60)} minutes
          </>
        ) : (
          "Checking…"
        )}
      </PageTitle>
      <ErrorNote error={health.error} />
      <Panel
        title="Database"
        actions={
          <button type="button" onClick={() => void health.refetch()}>
            Check again
          </button>
        }
      >
        <div className="stats">
          <Stat label="Engine" loading={!h}>
            {h ? `${h.database.engine} ${h.database.ok ? "ok" : "failing"}` : null}
          </Stat>
          <Stat label="Check (ms)" loading={!h}>
            {h?.database.check_ms}
          </Stat>
          {figure("Commits", h?.database.commits)}
          {figure("Agents", h?.agents)}
        </div>
      </Panel>
      <Panel title="Queues">
        <div className="stats">
          {figure("Events waiting for webhooks", h?.queues.events_waiting)}
          {figure("Deliveries pending", h?.queues.deliveries_pending)}
          {figure("Deliveries due now", h?.queues.deliveries_due)}
          {figure("Held transfers", h?.queues.held_transfers)}
          {figure("Resting orders", h?.queues.resting_orders)}
          {figure("Open escrows", h?.queues.open_escrows)}
        </div>
      </Panel>
      <Panel title="Failures and waiting humans">
        <div className="stats">
          {figure("Webhook failures, 24 h", h?.webhooks.failed_24h, (h?.webhooks.failed_24h ?? 0) > 0)}
          {figure("Webhook failures, all", h?.webhooks.failed_total)}
          {figure("Pending approvals", h?.approvals.pending)}
          {figure("Live streams open", h?.streams.open)}
        </div>
        {h?.approvals.oldest_pending_at ? (
          <p className="muted">
            Oldest pending approval since <Time value={h.approvals.oldest_pending_at} />.
          </p>
        ) : null}
      </Panel>
    </>
  );
}
