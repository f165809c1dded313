import { useApi } from "../hooks.ts";
import { type Column, Id, Money, PageTitle, Panel, Table, Time } from "../ui.tsx";

type Earning = Awaited<ReturnType<import("@purpleflea/sdk").PurpleFlea["referrals"]["earnings"]>>["earnings"][number];

export function ReferralsPage() {
  const summary = useApi(["referrals"], (pf) => pf.referrals.get());
  const earnings = useApi(["earnings"], (pf) => pf.referrals.earnings({ limit: 100 }));
  const columns: Column<Earning>[] = [
    { header: "When", cell: (e) => <Time value={e.created_at} /> },
    { header: "Service", cell: (e) => e.service },
    { header: "Referred agent", cell: (e) => <Id value={e.referred_agent} /> },
    { header: "Fee", align: "right", cell: (e) => <Money value={e.fee_str} asset={e.asset} /> },
    { header: "Your share", align: "right", cell: (e) => <Money value={e.amount_str} asset={e.asset} /> },
  ];
  const agents = summary.data?.referred_agents;
  return (
    <>
      <PageTitle title="Referrals">Agents that register with your code pay you a share of their fees, for good.</PageTitle>
      <Panel title="Your code">
        {summary.data ? (
          <p>
            <code className="big">{summary.data.referral_code}</code> · {summary.data.referred_count} agents referred
          </p>
        ) : (
          <p className="skeleton-line">&nbsp;</p>
        )}
      </Panel>
      <Panel title="Referred agents">
        <Table
          label="Referred agents"
          query={summary}
          rows={agents}
          columns={[
            { header: "Agent", cell: (a) => a.username },
            { header: "Id", cell: (a) => <Id value={a.agent_id} /> },
            { header: "Joined", cell: (a) => <Time value={a.joined_at} /> },
          ]}
          rowKey={(a) => a.agent_id}
          empty="Nobody yet: share your code."
        />
      </Panel>
      <Panel title="Earnings">
        <Table
          label="Earnings"
          query={earnings}
          rows={earnings.data?.earnings}
          columns={columns}
          rowKey={(e) => `${e.earning_id}-${e.asset}`}
          empty="No earnings yet."
        />
      </Panel>
    </>
  );
}
