import { useApi } from "../../hooks.ts";
import { Money, PageTitle, Panel, Stat, Table } from "../../ui.tsx";

type Total = Awaited<ReturnType<import("@purpleflea/sdk").PurpleFlea["operator"]["fees"]>>["fees"][number];

const columns = [
  { header: "Service", cell: (t: Total) => t.service },
  { header: "Count", align: "right" as const, cell: (t: Total) => t.count },
  { header: "Amount", align: "right" as const, cell: (t: Total) => <Money value={t.amount_str} asset={t.asset} /> },
];

export function FeesPage() {
  const fees = useApi(["op-fees"], (pf) => pf.operator.fees());
  return (
    <>
      <PageTitle title="Fees">What the platform earned per service, and the referral shares paid out of it.</PageTitle>
      <div className="stats">
        {(
          fees.data?.balances ?? [
            { asset: "USDC" as const, balance_str: "" },
            { asset: "PAPER_USDC" as const, balance_str: "" },
          ]
        ).map((b) => (
          <Stat key={b.asset} label={`Fee account, ${b.asset === "USDC" ? "USDC" : "paper"}`} loading={!fees.data}>
            <Money value={b.balance_str} asset={b.asset} />
          </Stat>
        ))}
      </div>
      <Panel title="Fees earned">
        <Table
          label="Fees earned"
          query={fees}
          rows={fees.data?.fees}
          columns={columns}
          rowKey={(t) => `${t.service}-${t.asset}`}
          empty="No fees yet."
        />
      </Panel>
      <Panel title="Referral payouts">
        <Table
          label="Referral payouts"
          query={fees}
          rows={fees.data?.referral_payouts}
          columns={columns}
          rowKey={(t) => `${t.service}-${t.asset}`}
          empty="No referral shares paid yet."
        />
      </Panel>
    </>
  );
}
