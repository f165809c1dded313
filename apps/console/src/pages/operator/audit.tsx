import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useSession } from "../../session.tsx";
import { Field, Id, LoadMore, Money, PageTitle, Panel, Status, Table, Time } from "../../ui.tsx";

type Entry = Awaited<ReturnType<import("@purpleflea/sdk").PurpleFlea["operator"]["audit"]>>["entries"][number];
const FILTERS = ["agent_id", "key_id", "action", "decision"] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

export function AuditPage() {
  const { client } = useSession();
  const [filters, setFilters] = useState<Filters>({ agent_id: "", key_id: "", action: "", decision: "" });
  const search = Object.fromEntries(
    Object.entries(filters)
      .filter(([, value]) => value.trim() !== "")
      .map(([k, v]) => [k, v.trim()]),
  );
  const pages = useInfiniteQuery({
    queryKey: ["op-audit", search],
    queryFn: ({ pageParam }) => client.operator.audit({ limit: 100, ...search, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: "",
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const rows = pages.data?.pages.flatMap((page) => page.entries);
  return (
    <>
      <PageTitle title="Audit log">
        Every policy decision of every agent, and every operator action (agent `platform` for the platform's own).
      </PageTitle>
      <Panel title="Search">
        <div className="filters">
          {FILTERS.map((name) => (
            <Field key={name} label={name.replace("_", " ")}>
              <input
                value={filters[name]}
                onChange={(event) => setFilters((current) => ({ ...current, [name]: event.target.value }))}
                placeholder={name === "decision" ? "denied, allowed…" : name === "action" ? "operator.deposit…" : ""}
              />
            </Field>
          ))}
        </div>
        <Table<Entry>
          label="Audit entries"
          query={pages}
          rows={rows}
          columns={[
            { header: "When", cell: (e) => <Time value={e.created_at} /> },
            { header: "Agent", cell: (e) => (e.agent_id === "platform" ? "platform" : <Id value={e.agent_id} />) },
            { header: "Key", cell: (e) => <Id value={e.key_id} /> },
            { header: "Action", cell: (e) => e.action },
            { header: "Decision", cell: (e) => <Status value={e.decision} /> },
            { header: "Rule", cell: (e) => e.rule ?? "–" },
            { header: "Amount", align: "right", cell: (e) => <Money value={e.amount_str} /> },
            { header: "Ref", cell: (e) => <Id value={e.ref} /> },
          ]}
          rowKey={(e) => e.id}
          empty="No entries match."
          skeletonRows={8}
        />
        <LoadMore pages={pages} />
      </Panel>
    </>
  );
}
