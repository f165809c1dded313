import { type FormEvent, useState } from "react";
import { useAction, useApi } from "../../hooks.ts";
import { ErrorNote, Field, Id, Money, PageTitle, Panel, Stat, Status, Table, Time } from "../../ui.tsx";

type Movement = Awaited<ReturnType<import("@purpleflea/sdk").PurpleFlea["operator"]["house"]>>["movements"][number];

export function HousePage() {
  const house = useApi(["op-house"], (pf) => pf.operator.house());
  const [amount, setAmount] = useState("");
  const [memo, setMemo] = useState("");
  const move = useAction((pf, input: { direction: "in" | "out"; amount: string; memo: string }) =>
    (input.direction === "in" ? pf.operator.houseDeposit : pf.operator.houseWithdraw)({ amount: input.amount, memo: input.memo }),
  );
  const submit = (direction: "in" | "out") => (event?: FormEvent) => {
    event?.preventDefault();
    move.mutate({ direction, amount: amount.trim(), memo: memo.trim() });
  };
  const h = house.data;
  return (
    <>
      <PageTitle title="House bankroll">
        What the casino pays winners from. A bet whose largest win exceeds its per-bet share of this bankroll is refused.
      </PageTitle>
      <div className="stats">
        <Stat label="Balance" loading={!h}>
          {h ? <Money value={h.balance_str} /> : null}
        </Stat>
        <Stat label="Put in (net)" loading={!h}>
          {h ? <Money value={h.funded_str} /> : null}
        </Stat>
        <Stat label="Casino result" loading={!h}>
          {h ? <Money value={h.result_str} /> : null}
        </Stat>
      </div>
      <Panel title="Move funds">
        <form className="inline-form" onSubmit={submit("in")} aria-label="Move house funds">
          <Field label="Amount (USDC)">
            <input value={amount} onChange={(event) => setAmount(event.target.value)} required inputMode="decimal" />
          </Field>
          <Field label="Memo">
            <input value={memo} onChange={(event) => setMemo(event.target.value)} required maxLength={200} />
          </Field>
          <button type="submit" className="primary" disabled={move.isPending}>
            Into the house
          </button>
          <button type="button" onClick={() => submit("out")()} disabled={move.isPending || !amount || !memo}>
            Out to the treasury
          </button>
        </form>
        <ErrorNote error={move.error ?? house.error} />
      </Panel>
      <Panel title="Operator movements">
        <Table<Movement>
          label="House movements"
          query={house}
          rows={h?.movements}
          columns={[
            { header: "When", cell: (m) => <Time value={m.created_at} /> },
            { header: "Direction", cell: (m) => <Status value={m.direction === "in" ? "into house" : "out of house"} /> },
            { header: "Amount", align: "right", cell: (m) => <Money value={m.amount_str} /> },
            { header: "Memo", cell: (m) => m.memo },
            { header: "Transfer", cell: (m) => <Id value={m.transfer_id} /> },
          ]}
          rowKey={(m) => m.transfer_id}
          empty="No operator movements: the bankroll is what the first start put in."
        />
      </Panel>
    </>
  );
}
