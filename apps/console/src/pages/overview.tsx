import type { Transaction } from "@purpleflea/protocol";
import { Link } from "wouter";
import { useAction, useApi } from "../hooks.ts";
import { useLive } from "../live.tsx";
import { type Column, ErrorNote, Id, Money, Notice, PageTitle, Panel, Stat, Status, Table, Time } from "../ui.tsx";

export const transactionColumns: readonly Column<Transaction>[] = [
  { header: "When", cell: (t) => <Time value={t.created_at} /> },
  { header: "What", cell: (t) => t.kind.replaceAll("_", " ") },
  { header: "Counterparty", cell: (t) => <Id value={t.counterparty} /> },
  { header: "Status", cell: (t) => <Status value={t.status} /> },
  { header: "Amount", align: "right", cell: (t) => <Money value={t.amount_str} asset={t.asset} signed={t.direction} /> },
];

export function OverviewPage() {
  const balance = useApi(["balance"], (pf) => pf.wallet.balance());
  const positions = useApi(["positions"], (pf) => pf.trade.positions());
  const faucet = useApi(["faucet"], (pf) => pf.faucet.status());
  const recent = useApi(["transactions", "recent"], (pf) => pf.wallet.transactions({ limit: 10 }));
  const claim = useAction((pf) => pf.faucet.claim());
  const { received } = useLive();
  const b = balance.data;
  const p = positions.data;
  return (
    <>
      <PageTitle title="Overview">
        Real USDC and paper money side by side; everything here updates live ({received} events so far).
      </PageTitle>
      <ErrorNote error={balance.error} />
      <section className="stats" aria-label="Balances">
        <Stat label="Available USDC" loading={!b}>
          {b ? <Money value={b.available_str} /> : null}
        </Stat>
        <Stat label="Held (waiting to settle)" loading={!b}>
          {b ? <Money value={b.held_str} /> : null}
        </Stat>
        <Stat label="Paper cash" loading={!p}>
          {p ? <Money value={p.cash_str} asset="PAPER_USDC" /> : null}
        </Stat>
        <Stat label="Paper equity" loading={!p}>
          {p ? <Money value={p.equity_str} asset="PAPER_USDC" /> : null}
        </Stat>
        <Stat label="Realised PnL" loading={!p}>
          {p ? <Money value={p.realised_pnl_str} asset="PAPER_USDC" /> : null}
        </Stat>
        <Stat label="Unrealised PnL" loading={!p}>
          {p ? <Money value={p.unrealised_pnl_str} asset="PAPER_USDC" /> : null}
        </Stat>
      </section>
      <Panel
        title="Faucet"
        actions={
          <button
            type="button"
            className="primary"
            disabled={!faucet.data?.available || claim.isPending}
            onClick={() => claim.mutate(undefined)}
          >
            {claim.isPending ? "Claiming…" : "Claim faucet"}
          </button>
        }
      >
        {faucet.data ? (
          faucet.data.claimed ? (
            <p className="muted">
              Claimed <Money value={faucet.data.amount_str} /> on <Time value={faucet.data.claimed_at} />. Fund more through the
              operator.
            </p>
          ) : (
            <p className="muted">
              Once per agent: <Money value={faucet.data.amount_str} /> to start with.
            </p>
          )
        ) : (
          <p className="muted skeleton-line">&nbsp;</p>
        )}
        {claim.isSuccess ? <Notice>Claimed: the balance above now includes it.</Notice> : null}
        <ErrorNote error={claim.error} />
      </Panel>
      <Panel title="Recent activity" actions={<Link href="/ledger">Whole ledger</Link>}>
        <Table
          label="Recent activity"
          query={recent}
          rows={recent.data?.transactions}
          columns={transactionColumns}
          rowKey={(t) => t.id}
          empty="Nothing yet: claim the faucet, or have the operator fund this agent."
          skeletonRows={5}
        />
      </Panel>
    </>
  );
}
