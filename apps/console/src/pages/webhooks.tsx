import { type FormEvent, useState } from "react";
import { useAction, useApi } from "../hooks.ts";
import { type Column, ErrorNote, Field, Id, Notice, PageTitle, Panel, Status, Table, Time } from "../ui.tsx";

type Delivery = Awaited<ReturnType<import("@purpleflea/sdk").PurpleFlea["webhooks"]["deliveries"]>>["deliveries"][number];
type Webhook = Awaited<ReturnType<import("@purpleflea/sdk").PurpleFlea["webhooks"]["list"]>>["webhooks"][number];

function Deliveries({ webhook }: { webhook: Webhook }) {
  const deliveries = useApi(["deliveries", webhook.webhook_id], (pf) =>
    pf.webhooks.deliveries({ id: webhook.webhook_id, limit: 50 }),
  );
  const retry = useAction((pf, deliveryId: string) =>
    pf.webhooks.retryDelivery({ id: webhook.webhook_id, delivery_id: deliveryId }),
  );
  const columns: Column<Delivery>[] = [
    { header: "Created", cell: (d) => <Time value={d.created_at} /> },
    { header: "Event", cell: (d) => d.event_type },
    { header: "Status", cell: (d) => <Status value={d.status} /> },
    {
      header: "Last attempt",
      cell: (d) => {
        const last = d.attempts.at(-1);
        return last ? `#${last.attempt}: ${last.status_code ?? last.error ?? "–"}` : "not yet";
      },
    },
    {
      header: "",
      cell: (d) =>
        d.status === "failed" ? (
          <button type="button" onClick={() => retry.mutate(d.delivery_id)} disabled={retry.isPending}>
            Retry
          </button>
        ) : null,
    },
  ];
  return (
    <>
      <ErrorNote error={retry.error} />
      <Table
        label={`Deliveries of ${webhook.url}`}
        query={deliveries}
        rows={deliveries.data?.deliveries}
        columns={columns}
        rowKey={(d) => d.delivery_id}
        empty="No deliveries yet."
      />
    </>
  );
}

function CreateWebhook() {
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState("approval.requested, escrow.*");
  const create = useAction((pf, input: { url: string; events: string[] }) => pf.webhooks.create(input));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      url,
      events: events
        .split(",")
        .map((e) => e.trim())
        .filter(Boolean),
    });
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Add a webhook">
      <Field label="URL">
        <input type="url" value={url} onChange={(event) => setUrl(event.target.value)} required placeholder="https://…" />
      </Field>
      <Field label="Events" hint="comma separated; escrow.* or * for families">
        <input value={events} onChange={(event) => setEvents(event.target.value)} />
      </Field>
      <button type="submit" className="primary" disabled={create.isPending}>
        Add webhook
      </button>
      {create.data ? (
        <Notice>
          Signing secret, shown once: <code className="wrap secret">{create.data.secret}</code>
        </Notice>
      ) : null}
      <ErrorNote error={create.error} />
    </form>
  );
}

export function WebhooksPage() {
  const webhooks = useApi(["webhooks"], (pf) => pf.webhooks.list());
  const [open, setOpen] = useState<string | null>(null);
  const remove = useAction((pf, id: string) => pf.webhooks.delete({ id }));
  const ping = useAction((pf, id: string) => pf.webhooks.ping({ id }));
  const columns: Column<Webhook>[] = [
    { header: "URL", cell: (w) => w.url },
    { header: "Events", cell: (w) => w.events.join(", ") },
    { header: "Id", cell: (w) => <Id value={w.webhook_id} /> },
    {
      header: "",
      cell: (w) => (
        <div className="row">
          <button
            type="button"
            onClick={() => setOpen(open === w.webhook_id ? null : w.webhook_id)}
            aria-expanded={open === w.webhook_id}
          >
            Deliveries
          </button>
          <button type="button" onClick={() => ping.mutate(w.webhook_id)}>
            Ping
          </button>
          <button type="button" onClick={() => remove.mutate(w.webhook_id)}>
            Delete
          </button>
        </div>
      ),
    },
  ];
  const selected = webhooks.data?.webhooks.find((w) => w.webhook_id === open);
  return (
    <>
      <PageTitle title="Webhooks">Signed deliveries of this agent's events, retried until they land or give up.</PageTitle>
      <Panel title="Webhooks">
        <ErrorNote error={remove.error ?? ping.error} />
        <Table
          label="Webhooks"
          query={webhooks}
          rows={webhooks.data?.webhooks}
          columns={columns}
          rowKey={(w) => w.webhook_id}
          empty="No webhooks."
        />
      </Panel>
      {selected ? (
        <Panel title={`Deliveries to ${selected.url}`}>
          <Deliveries webhook={selected} />
        </Panel>
      ) : null}
      <Panel title="Add a webhook">
        <CreateWebhook />
      </Panel>
    </>
  );
}
