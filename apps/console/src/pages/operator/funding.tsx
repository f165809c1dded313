import { type FormEvent, useState } from "react";
import { useSearch } from "wouter";
import { useAction, useApi } from "../../hooks.ts";
import { ErrorNote, Field, Id, Money, Notice, PageTitle, Panel, Stat, Table, Time } from "../../ui.tsx";

type Deposit = Awaited<ReturnType<import("@purpleflea/sdk").PurpleFlea["operator"]["deposits"]>>["deposits"][number];

export function FundingPage() {
  const preset = new URLSearchParams(useSearch()).get("agent") ?? "";
  const [agent, setAgent] = useState(preset);
  const [amount, setAmount] = useState("");
  const [memo, setMemo] = useState("");
  const deposits = useApi(["op-deposits"], (pf) => pf.operator.deposits({ limit: 100 }));
  // One Idempotency-Key per filled-in form: a double click or a retry after a timeout funds once.
  const [attempt, setAttempt] = useState(() => crypto.getRandomValues(new Uint32Array(4)).join("-"));
  const fund = useAction((pf, input: { agent: string; amount: string; memo: string }) =>
    pf.operator.deposit(input, { idempotencyKey: attempt }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    fund.mutate(
      { agent: agent.trim(), amount: amount.trim(), memo: memo.trim() },
      { onSuccess: () => setAttempt(crypto.getRandomValues(new Uint32Array(4)).join("-")) },
    );
  };
  return (
    <>
      <PageTitle title="Funding">
        Money that reached you off-chain (a wire, a card payment) enters the ledger here, from the treasury to an agent. Each
        deposit is audited with its memo.
      </PageTitle>
      <div className="stats">
        <Stat label="Deposited from outside, in all" loading={!deposits.data}>
          {deposits.data ? <Money value={deposits.data.treasury_deposited_str} /> : null}
        </Stat>
      </div>
      <Panel title="Fund an agent">
        <form className="inline-form" onSubmit={submit} aria-label="Fund an agent">
          <Field label="Agent (username or id)">
            <input value={agent} onChange={(event) => setAgent(event.target.value)} required />
          </Field>
          <Field label="Amount (USDC)">
            <input value={amount} onChange={(event) => setAmount(event.target.value)} required inputMode="decimal" />
          </Field>
          <Field label="Memo">
            <input
              value={memo}
              onChange={(event) => setMemo(event.target.value)}
              required
              maxLength={200}
              placeholder="wire ref 2026-001"
            />
          </Field>
          <button type="submit" className="primary" disabled={fund.isPending}>
            Fund
          </button>
        </form>
        {fund.data ? (
          <Notice>
            Deposited <Money value={fund.data.amount_str} /> to {fund.data.username}: it now has{" "}
            <Money value={fund.data.agent_available_str} /> available.
          </Notice>
        ) : null}
        <ErrorNote error={fund.error} />
      </Panel>
      <Panel title="Deposits">
        <Table<Deposit>
          label="Deposits"
          query={deposits}
          rows={deposits.data?.deposits}
          columns={[
            { header: "When", cell: (d) => <Time value={d.created_at} /> },
            { header: "Agent", cell: (d) => d.username },
            { header: "Amount", align: "right", cell: (d) => <Money value={d.amount_str} /> },
            { header: "Memo", cell: (d) => d.memo },
            { header: "Deposit", cell: (d) => <Id value={d.deposit_id} /> },
          ]}
          rowKey={(d) => d.deposit_id}
          empty="No deposits yet."
        />
      </Panel>
    </>
  );
}
