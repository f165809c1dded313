import type { Fill, Order, Position } from "@purpleflea/protocol";
import { type FormEvent, useMemo, useState } from "react";
import { CandleChart, LineChart } from "../chart.tsx";
import { formatQuantity } from "../format.ts";
import { useAction, useApi } from "../hooks.ts";
import { type Column, ErrorNote, Field, Money, Notice, PageTitle, Panel, Stat, Status, Table, Time } from "../ui.tsx";

const NO_CANDLES: never[] = [];
const paper = (value: string) => <Money value={value} asset="PAPER_USDC" />;

function OrderForm({ symbol }: { symbol: string }) {
  const [side, setSide] = useState<"buy" | "sell">("buy");
  const [type, setType] = useState<"market" | "limit">("market");
  const [amount, setAmount] = useState("0.01");
  const [limit, setLimit] = useState("");
  const order = useAction((pf, input: { side: "buy" | "sell"; type: "market" | "limit"; amount: string; limit_price?: string }) =>
    pf.trade.order({ symbol, mode: "paper", ...input }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    order.mutate({ side, type, amount, ...(type === "limit" ? { limit_price: limit } : {}) });
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Place a paper order">
      <Field label="Side">
        <select value={side} onChange={(event) => setSide(event.target.value as "buy")}>
          <option value="buy">buy</option>
          <option value="sell">sell</option>
        </select>
      </Field>
      <Field label="Type">
        <select value={type} onChange={(event) => setType(event.target.value as "market")}>
          <option value="market">market</option>
          <option value="limit">limit</option>
        </select>
      </Field>
      <Field label="Amount (coins)">
        <input value={amount} onChange={(event) => setAmount(event.target.value)} inputMode="decimal" />
      </Field>
      {type === "limit" ? (
        <Field label="Limit price (USDC)">
          <input value={limit} onChange={(event) => setLimit(event.target.value)} inputMode="decimal" required />
        </Field>
      ) : null}
      <button type="submit" className="primary" disabled={order.isPending}>
        Place order
      </button>
      {order.data ? <Notice>Order {order.data.status.replaceAll("_", " ")}.</Notice> : null}
      <ErrorNote error={order.error} />
    </form>
  );
}

export function TradingPage() {
  const instruments = useApi(["instruments"], (pf) => pf.market.instruments());
  const [chosen, setChosen] = useState<string | null>(null);
  const symbol = chosen ?? instruments.data?.instruments[0]?.symbol ?? "BTC-USD";
  const candles = useApi(["candles", symbol], (pf) => pf.market.candles({ symbol, interval: "1m", limit: 120 }));
  const positions = useApi(["positions"], (pf) => pf.trade.positions());
  const open = useApi(["orders", "open"], (pf) => pf.trade.orders({ status: "open", limit: 100 }));
  const fills = useApi(["fills"], (pf) => pf.trade.fills({ limit: 50 }));
  const portfolio = useApi(["portfolio"], (pf) => pf.trade.portfolio({ interval: "1h", limit: 168 }));
  const cancel = useAction((pf, id: string) => pf.trade.cancelOrder({ id }));
  const p = positions.data;
  const points = useMemo(
    () => (portfolio.data?.points ?? []).map((point) => ({ time: point.time, value: point.value })),
    [portfolio.data],
  );

  const positionColumns: Column<Position>[] = [
    { header: "Symbol", cell: (x) => x.symbol },
    { header: "Amount", align: "right", cell: (x) => formatQuantity(x.amount_str) },
    { header: "Average entry", align: "right", cell: (x) => paper(x.average_entry_str) },
    { header: "Mark", align: "right", cell: (x) => paper(x.mark_price_str) },
    { header: "Unrealised PnL", align: "right", cell: (x) => paper(x.unrealised_pnl_str) },
    { header: "Realised PnL", align: "right", cell: (x) => paper(x.realised_pnl_str) },
  ];
  const orderColumns: Column<Order>[] = [
    { header: "Placed", cell: (o) => <Time value={o.created_at} /> },
    { header: "Order", cell: (o) => `${o.side} ${formatQuantity(o.remaining_amount_str)} ${o.symbol}` },
    { header: "Limit", align: "right", cell: (o) => (o.limit_price_str ? paper(o.limit_price_str) : "–") },
    { header: "Status", cell: (o) => <Status value={o.status} /> },
    {
      header: "",
      cell: (o) => (
        <button type="button" onClick={() => cancel.mutate(o.order_id)} disabled={cancel.isPending}>
          Cancel
        </button>
      ),
    },
  ];
  const fillColumns: Column<Fill>[] = [
    { header: "When", cell: (f) => <Time value={f.created_at} /> },
    { header: "Fill", cell: (f) => `${f.side} ${formatQuantity(f.amount_str)} ${f.symbol} (${f.liquidity})` },
    { header: "Price", align: "right", cell: (f) => paper(f.price_str) },
    { header: "Fee", align: "right", cell: (f) => paper(f.fee_str) },
    { header: "Realised PnL", align: "right", cell: (f) => paper(f.realised_pnl_str) },
  ];
  return (
    <>
      <PageTitle title="Trading">Paper trading against a simulated book; paper money never touches real USDC.</PageTitle>
      <section className="stats" aria-label="Paper portfolio">
        <Stat label="Cash" loading={!p}>
          {p ? paper(p.cash_str) : null}
        </Stat>
        <Stat label="Held by resting orders" loading={!p}>
          {p ? paper(p.held_str) : null}
        </Stat>
        <Stat label="Equity" loading={!p}>
          {p ? paper(p.equity_str) : null}
        </Stat>
        <Stat label="Unrealised PnL" loading={!p}>
          {p ? paper(p.unrealised_pnl_str) : null}
        </Stat>
      </section>
      <Panel
        title={`${symbol} candles (1 minute)`}
        actions={
          <Field label="Instrument">
            <select value={symbol} onChange={(event) => setChosen(event.target.value)}>
              {(instruments.data?.instruments ?? []).map((i) => (
                <option key={i.symbol} value={i.symbol}>
                  {i.symbol}
                </option>
              ))}
            </select>
          </Field>
        }
      >
        <CandleChart label={`${symbol} price`} candles={candles.data?.candles ?? NO_CANDLES} />
        <ErrorNote error={candles.error} />
        <OrderForm symbol={symbol} />
      </Panel>
      <Panel title="Open orders">
        <ErrorNote error={cancel.error} />
        <Table
          label="Open orders"
          query={open}
          rows={open.data?.orders}
          columns={orderColumns}
          rowKey={(o) => o.order_id}
          empty="No resting orders."
        />
      </Panel>
      <Panel title="Positions">
        <Table
          label="Positions"
          query={positions}
          rows={p?.positions}
          columns={positionColumns}
          rowKey={(x) => x.symbol}
          empty="No positions: buy something."
        />
      </Panel>
      <Panel title="Fills">
        <Table
          label="Fills"
          query={fills}
          rows={fills.data?.fills}
          columns={fillColumns}
          rowKey={(f) => f.fill_id}
          empty="No fills yet."
        />
      </Panel>
      <Panel title="Portfolio value (paper, hourly)">
        <LineChart label="Portfolio value" points={points} />
        <ErrorNote error={portfolio.error} />
      </Panel>
    </>
  );
}
