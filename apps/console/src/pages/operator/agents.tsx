import type { OperatorAgent } from "@purpleflea/protocol";
import { useState } from "react";
import { Link } from "wouter";
import { useApi } from "../../hooks.ts";
import { type Column, Field, Id, Money, PageTitle, Panel, Table, Time } from "../../ui.tsx";

export function AgentsPage() {
  const [q, setQ] = useState("");
  const agents = useApi(["op-agents", q], (pf) => pf.operator.agents({ limit: 200, ...(q ? { q } : {}) }));
  const columns: Column<OperatorAgent>[] = [
    { header: "Agent", cell: (a) => a.username },
    { header: "Id", cell: (a) => <Id value={a.agent_id} /> },
    { header: "Available", align: "right", cell: (a) => <Money value={a.available_str} /> },
    { header: "Held", align: "right", cell: (a) => <Money value={a.held_str} /> },
    { header: "Total", align: "right", cell: (a) => <Money value={a.total_str} /> },
    { header: "Paper", align: "right", cell: (a) => <Money value={a.paper_total_str} asset="PAPER_USDC" /> },
    { header: "Keys", align: "right", cell: (a) => a.keys },
    { header: "Pending approvals", align: "right", cell: (a) => a.pending_approvals },
    { header: "Joined", cell: (a) => <Time value={a.created_at} /> },
    { header: "", cell: (a) => <Link href={`/operator/funding?agent=${encodeURIComponent(a.username)}`}>Fund</Link> },
  ];
  return (
    <>
      <PageTitle title="Agents">
        Every agent on this platform with its money: available, held by open commitments, and the total.
      </PageTitle>
      <Panel
        title="All agents"
        actions={
          <Field label="Search">
            <input value={q} onChange={(event) => setQ(event.target.value)} placeholder="username or agent id" />
          </Field>
        }
      >
        <Table
          label="Agents"
          query={agents}
          rows={agents.data?.agents}
          columns={columns}
          rowKey={(a) => a.agent_id}
          empty="No agents match."
          skeletonRows={5}
        />
      </Panel>
    </>
  );
}
