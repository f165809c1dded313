import type { Transaction } from "@purpleflea/protocol";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { download, toCsv } from "../csv.ts";
import { useSession } from "../session.tsx";
import { Field, LoadMore, PageTitle, Panel, Table } from "../ui.tsx";
import { transactionColumns } from "./overview.tsx";

type AssetFilter = "" | "USDC" | "PAPER_USDC";
type DirectionFilter = "" | "credit" | "debit";

export function LedgerPage() {
  const { client } = useSession();
  const [asset, setAsset] = useState<AssetFilter>("");
  const [direction, setDirection] = useState<DirectionFilter>("");
  const [kind, setKind] = useState("");
  const pages = useInfiniteQuery({
    queryKey: ["transactions", "ledger", asset],
    queryFn: ({ pageParam }) =>
      client.wallet.transactions({ limit: 100, ...(asset ? { asset } : {}), ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: "",
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const loaded = pages.data?.pages.flatMap((page) => page.transactions);
  const rows = loaded?.filter((t) => (!direction || t.direction === direction) && (!kind || t.kind.includes(kind)));
  const exportCsv = () => {
    const header = ["id", "created_at", "asset", "kind", "direction", "status", "amount", "counterparty", "memo"];
    const cells = (rows ?? []).map((t: Transaction) => [
      t.id,
      t.created_at,
      t.asset,
      t.kind,
      t.direction,
      t.status,
      t.amount_str,
      t.counterparty,
      t.memo,
    ]);
    download(`purpleflea-ledger-${new Date().toISOString().slice(0, 10)}.csv`, toCsv(header, cells));
  };
  return (
    <>
      <PageTitle title="Ledger">Every movement of this agent's money, newest first; amounts are exact.</PageTitle>
      <Panel
        title="Transactions"
        actions={
          <button type="button" onClick={exportCsv} disabled={!rows?.length}>
            Export CSV
          </button>
        }
      >
        <div className="filters">
          <Field label="Asset">
            <select value={asset} onChange={(event) => setAsset(event.target.value as AssetFilter)}>
              <option value="">All</option>
              <option value="USDC">USDC</option>
              <option value="PAPER_USDC">Paper USDC</option>
            </select>
          </Field>
          <Field label="Direction">
            <select value={direction} onChange={(event) => setDirection(event.target.value as DirectionFilter)}>
              <option value="">Both</option>
              <option value="credit">In</option>
              <option value="debit">Out</option>
            </select>
          </Field>
          <Field label="Kind contains">
            <input value={kind} onChange={(event) => setKind(event.target.value)} placeholder="bet, faucet, deposit…" />
          </Field>
        </div>
        <Table
          label="Transactions"
          query={pages}
          rows={rows}
          columns={transactionColumns}
          rowKey={(t) => t.id}
          empty="No transactions match."
          skeletonRows={8}
        />
        <LoadMore pages={pages} />
      </Panel>
    </>
  );
}
