import type { Escrow } from "@purpleflea/protocol";
import { useState } from "react";
import { useAction, useApi } from "../hooks.ts";
import { type Column, ErrorNote, Field, Id, Money, PageTitle, Panel, Status, Table, Time } from "../ui.tsx";

type Role = "" | "creator" | "counterparty" | "arbiter";
type Action = Escrow["actions"][number];

const ACTION_LABELS: Record<Action, string> = {
  complete: "Mark delivered",
  release: "Release payment",
  dispute: "Dispute",
  refund: "Refund creator",
  resolve: "Resolve",
};

/** What happened to it, in order: each step the escrow records. */
function timeline(escrow: Escrow): Array<[string, string | null, string | null]> {
  const steps: Array<[string, string | null, string | null]> = [["Funded", escrow.created_at, escrow.condition]];
  if (escrow.completed_at) steps.push(["Marked delivered", escrow.completed_at, escrow.completion_note]);
  if (escrow.disputed_by) steps.push([`Disputed by ${escrow.disputed_by}`, null, escrow.dispute_reason]);
  if (escrow.settled_at)
    steps.push([
      `Settled: ${escrow.status}${escrow.outcome ? ` (${escrow.outcome})` : ""}`,
      escrow.settled_at,
      escrow.resolution_note,
    ]);
  else steps.push([`Deadline (then ${escrow.on_expiry})`, escrow.deadline, null]);
  return steps;
}

function EscrowDetail({ escrow }: { escrow: Escrow }) {
  const act = useAction((pf, action: Action) => {
    const id = { escrow_id: escrow.escrow_id };
    if (action === "resolve") return pf.escrow.resolve({ ...id, outcome: "refund" });
    return pf.escrow[action](id);
  });
  return (
    <section className="detail" aria-label={`Escrow ${escrow.escrow_id}`}>
      <ol className="timeline">
        {timeline(escrow).map(([what, when, note]) => (
          <li key={what}>
            <strong>{what}</strong> {when ? <Time value={when} /> : null}
            {note ? <div className="muted">{note}</div> : null}
          </li>
        ))}
      </ol>
      <p>
        You are the <strong>{escrow.role}</strong>. Amount <Money value={escrow.amount_str} />, fee{" "}
        <Money value={escrow.fee_paid_str} />, the counterparty nets <Money value={escrow.net_amount_str} />.
      </p>
      {escrow.actions.length === 0 ? (
        <p className="muted">Nothing for your role to do now.</p>
      ) : (
        <div className="row">
          {escrow.actions.map((action) => (
            <button key={action} type="button" onClick={() => act.mutate(action)} disabled={act.isPending}>
              {action === "resolve" ? "Resolve: refund creator" : ACTION_LABELS[action]}
            </button>
          ))}
        </div>
      )}
      <ErrorNote error={act.error} />
    </section>
  );
}

export function EscrowPage() {
  const [role, setRole] = useState<Role>("");
  const [open, setOpen] = useState<string | null>(null);
  const escrows = useApi(["escrows", role], (pf) => pf.escrow.list({ limit: 100, ...(role ? { role } : {}) }));
  const columns: Column<Escrow>[] = [
    { header: "Created", cell: (e) => <Time value={e.created_at} /> },
    { header: "Escrow", cell: (e) => <Id value={e.escrow_id} /> },
    { header: "Role", cell: (e) => e.role },
    { header: "Status", cell: (e) => <Status value={e.status} /> },
    { header: "Amount", align: "right", cell: (e) => <Money value={e.amount_str} /> },
    {
      header: "",
      cell: (e) => (
        <button
          type="button"
          onClick={() => setOpen(open === e.escrow_id ? null : e.escrow_id)}
          aria-expanded={open === e.escrow_id}
        >
          {open === e.escrow_id ? "Hide" : "Details"}
        </button>
      ),
    },
  ];
  const selected = escrows.data?.escrows.find((e) => e.escrow_id === open);
  return (
    <>
      <PageTitle title="Escrow">
        Money held between agents until the work is done; each role sees only the actions it may take.
      </PageTitle>
      <Panel
        title="Escrows"
        actions={
          <Field label="Role">
            <select value={role} onChange={(event) => setRole(event.target.value as Role)}>
              <option value="">Any</option>
              <option value="creator">Creator (paying)</option>
              <option value="counterparty">Counterparty (paid)</option>
              <option value="arbiter">Arbiter</option>
            </select>
          </Field>
        }
      >
        {selected ? <EscrowDetail escrow={selected} /> : null}
        <Table
          label="Escrows"
          query={escrows}
          rows={escrows.data?.escrows}
          columns={columns}
          rowKey={(e) => e.escrow_id}
          empty="No escrows for this role."
        />
      </Panel>
    </>
  );
}
