import type { Proposal } from "@purpleflea/protocol";
import { useApi } from "../hooks.ts";
import { type Column, Id, Money, PageTitle, Panel, Status, Table, Time } from "../ui.tsx";

export function ProposalsPage() {
  const proposals = useApi(["proposals"], (pf) => pf.proposals.list({ limit: 100 }));
  const columns: Column<Proposal>[] = [
    { header: "Proposed", cell: (p) => <Time value={p.created_at} /> },
    { header: "Operation", cell: (p) => <span title={JSON.stringify(p.request)}>{p.operation}</span> },
    { header: "Amount", align: "right", cell: (p) => <Money value={p.amount_str} /> },
    { header: "Rationale", cell: (p) => p.rationale },
    { header: "Proposed by", cell: (p) => <Id value={p.proposed_by} /> },
    { header: "Approved by", cell: (p) => <Id value={p.decided_by} /> },
    { header: "Executed by", cell: (p) => <Id value={p.executed_by} /> },
    { header: "Status", cell: (p) => <Status value={p.status} /> },
  ];
  return (
    <>
      <PageTitle title="Proposals">Analyst proposes, a risk key approves, an executor runs it: who did what, by key.</PageTitle>
      <Panel title="Proposals">
        <Table
          label="Proposals"
          query={proposals}
          rows={proposals.data?.proposals}
          columns={columns}
          rowKey={(p) => p.proposal_id}
          empty="No proposals yet."
        />
      </Panel>
    </>
  );
}
