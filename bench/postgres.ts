import { openStore } from "@purpleflea/ledger";
import { createScratchDatabase, type PostgresCluster, startPostgresCluster } from "@purpleflea/ledger/testing";
import type { ChildServer } from "../packages/server/test/child-server.ts";
import type { Row } from "./report.ts";
import { benchAgents, type Deployment, measure, SCENARIOS, SERVER_ENV, startNode, stopNodes } from "./scenarios.ts";

/** Rows for PostgreSQL: the scenarios with 1 and with 3 API nodes, then latency against the table's size. */
export async function postgresRows(durationS: number, bareRps: number): Promise<Row[]> {
  // Durable like the SQLite rows: fsync on, every commit flushed before it is answered.
  const cluster = await startPostgresCluster({ durable: true });
  try {
    const rows: Row[] = [];
    for (const count of [1, 3]) rows.push(...(await scenarioRows(cluster, count, durationS, bareRps)));
    rows.push(...(await sizeRows(cluster, durationS, bareRps)));
    return rows;
  } finally {
    await cluster.stop();
  }
}

async function withNodes<T>(cluster: PostgresCluster, count: number, fn: (nodes: ChildServer[], url: string) => Promise<T>) {
  const database = await createScratchDatabase(cluster.url());
  const nodes: ChildServer[] = [];
  try {
    // The first node migrates; the others then start on the migrated database.
    for (let i = 0; i < count; i++) nodes.push(await startNode({ ...SERVER_ENV, DATABASE_URL: database.url }));
    return await fn(nodes, database.url);
  } finally {
    await stopNodes(nodes);
    await database.drop();
  }
}

async function scenarioRows(cluster: PostgresCluster, count: number, durationS: number, bareRps: number): Promise<Row[]> {
  return withNodes(cluster, count, async (nodes) => {
    const keys = await benchAgents(nodes[0]?.url ?? "");
    const deployment: Deployment = {
      label: `PostgreSQL, ${count} node${count > 1 ? "s" : ""}`,
      nodes,
      databaseGroup: cluster.rootPid(),
    };
    const rows: Row[] = [];
    for (const s of SCENARIOS) rows.push(await measure(deployment, s, keys, durationS, bareRps));
    return rows;
  });
}

const FILLER_ROWS = [10_000, 1_000_000];

/**
 * Transfers on one node with 10k and then 1M transfers already stored: an index probe deeper by a
 * level or two should be all the difference (goal: p50 and p99 at most 1.2x). The filler rows are
 * balanced transfers between two accounts of their own, inserted in bulk by SQL.
 */
async function sizeRows(cluster: PostgresCluster, durationS: number, bareRps: number): Promise<Row[]> {
  const transfer = SCENARIOS[0];
  if (!transfer) return [];
  return withNodes(cluster, 1, async (nodes, url) => {
    const keys = await benchAgents(nodes[0]?.url ?? "");
    const deployment: Deployment = { label: "", nodes, databaseGroup: cluster.rootPid() };
    const rows: Row[] = [];
    let stored = 0;
    for (const target of FILLER_ROWS) {
      await fill(url, stored, target);
      stored = target;
      const measured = await measure(
        { ...deployment, label: `PostgreSQL, ${target.toLocaleString("en-US")} stored transfers` },
        transfer,
        keys,
        durationS,
        bareRps,
      );
      rows.push(measured);
    }
    const [small, large] = [rows[0], rows[1]];
    if (small && large)
      large.note = `p50 ${ratio(large.p50Ms, small.p50Ms)}x, p99 ${ratio(large.p99Ms, small.p99Ms)}x the 10k row (goal <= 1.2x)`;
    return rows;
  });
}

const ratio = (a = 0, b = 0) => (b === 0 ? "n/a" : (a / b).toFixed(2));

/** Tops the ledger up to `target` filler transfers (from `from`), keeping both filler accounts' totals exact. */
async function fill(url: string, from: number, target: number): Promise<void> {
  const store = await openStore({ databaseUrl: url, sqlitePath: "", poolSize: 1 });
  try {
    await store.write(async (tx) => {
      const now = Date.now();
      for (const id of ["bench:filler-a", "bench:filler-b"]) {
        await tx.run(
          "INSERT INTO ledger_accounts (id, asset, owner, no_overdraft, created_at) VALUES (?, 'USDC', NULL, 0, ?) ON CONFLICT (id) DO NOTHING",
          [id, now],
        );
      }
      await tx.run(
        `INSERT INTO ledger_transfers (id, kind, debit_account_id, credit_account_id, asset, amount, status, created_at)
         SELECT 'fill_' || g, 'bench_filler', 'bench:filler-a', 'bench:filler-b', 'USDC', 1, 'posted', ?
         FROM generate_series(CAST(? AS BIGINT), CAST(? AS BIGINT)) AS g`,
        [now, from + 1, target],
      );
      const added = target - from;
      await tx.run("UPDATE ledger_accounts SET debits_posted = debits_posted + ? WHERE id = 'bench:filler-a'", [added]);
      await tx.run("UPDATE ledger_accounts SET credits_posted = credits_posted + ? WHERE id = 'bench:filler-b'", [added]);
    });
    await store.write((tx) => tx.run("ANALYZE ledger_transfers"));
  } finally {
    await store.close();
  }
}
