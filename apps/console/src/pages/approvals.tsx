import type { Approval } from "@purpleflea/protocol";
import { useState } from "react";
import { useAction, useApi } from "../hooks.ts";
import { useSession } from "../session.tsx";
import { type Column, ErrorNote, Field, Id, Money, Notice, PageTitle, Panel, Status, Table, Time } from "../ui.tsx";

type Filter = "pending" | "executed" | "failed" | "rejected" | "expired" | "";

/** Key names by id, when this key may list keys (admin); ids otherwise. */
function useKeyNames(): Map<string, string> {
  const keys = useApi(["keys"], (pf) => pf.keys.list(), useSession().role === "agent");
  return new Map((keys.data?.keys ?? []).map((key) => [key.key_id, key.name]));
}

function Decide({ approval, onDecided }: { approval: Approval; onDecided: (decided: Approval) => void }) {
  const [note, setNote] = useState("");
  const decide = useAction(async (pf, verdict: "approve" | "reject") => {
    const decided = await (verdict === "approve" ? pf.approvals.approve : pf.approvals.reject)({
      id: approval.approval_id,
      ...(note ? { note } : {}),
    });
    onDecided(decided);
    return decided;
  });
  return (
    <div className="decide">
      <Field label="Note">
        <input
          value={note}
          onChange={(event) => setNote(event.target.value)}
          placeholder="why (optional)"
          aria-label={`Note for ${approval.approval_id}`}
        />
      </Field>
      <button type="button" className="primary" onClick={() => decide.mutate("approve")} disabled={decide.isPending}>
        Approve
      </button>
      <button type="button" onClick={() => decide.mutate("reject")} disabled={decide.isPending}>
        Reject
      </button>
      <ErrorNote error={decide.error} />
    </div>
  );
}

export function ApprovalsPage() {
  const [filter, setFilter] = useState<Filter>("pending");
  const approvals = useApi(["approvals", filter], (pf) =>
    pf.approvals.list({ limit: 100, ...(filter ? { status: filter } : {}) }),
  );
  const names = useKeyNames();
  // The decided row leaves the pending list at once, so its outcome is told above the table.
  const [decided, setDecided] = useState<Approval | null>(null);
  const columns: Column<Approval>[] = [
    { header: "Requested", cell: (a) => <Time value={a.created_at} /> },
    { header: "By key", cell: (a) => names.get(a.requested_by) ?? <Id value={a.requested_by} /> },
    {
      header: "Request",
      cell: (a) => (
        <span title={JSON.stringify(a.request)}>
          {a.operation}
          <span className="sub">{a.summary.replace(`${a.operation}: `, "")}</span>
        </span>
      ),
    },
    { header: "Amount", align: "right", cell: (a) => <Money value={a.amount_str} /> },
    { header: "Held by", cell: (a) => <span title={a.summary}>{(a.rule ?? "approval_threshold").replaceAll("_", " ")}</span> },
    { header: "Status", cell: (a) => <Status value={a.status} /> },
    {
      header: "Decision",
      cell: (a) =>
        a.status === "pending" ? (
          <Decide approval={a} onDecided={setDecided} />
        ) : (
          <span className="muted">
            {a.decided_by ? (names.get(a.decided_by) ?? a.decided_by) : "–"}
            {a.note ? `: ${a.note}` : ""}
          </span>
        ),
    },
  ];
  return (
    <>
      <PageTitle title="Approvals">
        Requests the risk gate held for a human. Approving runs the request now, exactly once, as the key that asked; rejecting
        moves nothing.
      </PageTitle>
      <Panel
        title="Inbox"
        actions={
          <Field label="Show">
            <select value={filter} onChange={(event) => setFilter(event.target.value as Filter)}>
              <option value="pending">Pending</option>
              <option value="executed">Executed</option>
              <option value="failed">Failed</option>
              <option value="rejected">Rejected</option>
              <option value="expired">Expired</option>
              <option value="">All</option>
            </select>
          </Field>
        }
      >
        {decided ? (
          <Notice>
            {decided.operation} for <Money value={decided.amount_str} />: now {decided.status}.
          </Notice>
        ) : null}
        <Table
          label="Approvals"
          query={approvals}
          rows={approvals.data?.approvals}
          columns={columns}
          rowKey={(a) => a.approval_id}
          empty={filter === "pending" ? "Nothing waiting for you." : "None."}
        />
      </Panel>
    </>
  );
}
