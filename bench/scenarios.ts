import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LIMITS_OFF } from "@purpleflea/server/testing";
import { type ChildServer, CLI, spawnServer } from "../packages/server/test/child-server.ts";
import { type LoadResult, loadAcross } from "./http-load.ts";
import { treePids, type Usage, usageDelta, usageOf } from "./process-usage.ts";
import type { Row } from "./report.ts";

export const CONNECTIONS = 32;
const WARMUP_S = 2;

export interface Scenario {
  name: string;
  path: string;
  body: unknown;
  /** The target as a share of the bare route; none where an issue set none. */
  target?: number;
}

/** Money-moving routes under load; each answer is sent only after its commit is durable. */
export const SCENARIOS: Scenario[] = [
  {
    name: "POST /wallet/transfer",
    path: "/api/v1/wallet/transfer",
    body: { to: "bench-sink", amount: "0.000001" },
    target: 0.25,
  },
  {
    name: "POST /casino/bet coinflip",
    path: "/api/v1/casino/bet",
    body: { game: "coinflip", amount: "0.01", prediction: "heads" },
    target: 0.15,
  },
  {
    name: "POST /trade/order paper market buy",
    path: "/api/v1/trade/order",
    body: { symbol: "BTC", side: "buy", amount: "0.0001", mode: "paper" },
    target: 0.1,
  },
];

/** API nodes serving one database, and the processes whose CPU and writes a request costs. */
export interface Deployment {
  label: string;
  nodes: ChildServer[];
  /** The database server's root process, when it is a server of its own (PostgreSQL). */
  databaseGroup?: number;
}

export const SERVER_ENV = {
  PORT: "0",
  LOG_LEVEL: "warn",
  FAUCET_AMOUNT: "1000",
  PAPER_BANKROLL: "10000000",
  ...LIMITS_OFF,
};

async function post(url: string, body: unknown, key?: string): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key) headers.authorization = `Bearer ${key}`;
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

/** One funded agent per connection, plus the sink that transfers pay into. */
export async function benchAgents(base: string): Promise<string[]> {
  await post(`${base}/api/v1/auth/register`, { username: "bench-sink" });
  const keys: string[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const { api_key } = await post(`${base}/api/v1/auth/register`, { username: `bench-${i}` });
    if (typeof api_key !== "string") throw new Error("registration returned no key");
    await post(`${base}/api/v1/faucet/claim`, {}, api_key);
    keys.push(api_key);
  }
  return keys;
}

export function startNode(env: Record<string, string>): Promise<ChildServer> {
  return spawnServer(process.execPath, [...CLI, "serve"], env);
}

export async function stopNodes(nodes: readonly ChildServer[]): Promise<void> {
  for (const node of nodes) {
    node.kill("SIGTERM");
    await node.exited;
  }
}

function usage(deployment: Deployment): { api: Usage; database: Usage } {
  const apiPids = deployment.nodes.flatMap((n) => (n.child.pid === undefined ? [] : treePids(n.child.pid)));
  const dbPids = deployment.databaseGroup === undefined ? [] : treePids(deployment.databaseGroup);
  return { api: usageOf(apiPids), database: usageOf(dbPids) };
}

/** One scenario against a deployment: a warm-up, then the measured run with the CPU and bytes it cost. */
export async function measure(deployment: Deployment, scenario: Scenario, keys: string[], durationS: number, bareRps: number) {
  const urls = deployment.nodes.map((n) => `${n.url}${scenario.path}`);
  await loadAcross({ urls, body: scenario.body, keys, connections: CONNECTIONS, durationS: WARMUP_S });
  const before = usage(deployment);
  const result = await loadAcross({ urls, body: scenario.body, keys, connections: CONNECTIONS, durationS });
  const after = usage(deployment);
  const ops = result.rps * durationS;
  return row(
    `${scenario.name}, ${deployment.label}`,
    result,
    ops,
    usageDelta(before.api, after.api),
    usageDelta(before.database, after.database),
    bareRps,
    scenario.target,
  );
}

export function row(
  name: string,
  result: LoadResult,
  ops?: number,
  api?: Usage,
  db?: Usage,
  ceiling?: number,
  target?: number,
): Row {
  const per = (value: number | undefined) => (value === undefined || !ops ? undefined : value / ops);
  return {
    scenario: name,
    opsPerS: result.rps,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    ofCeiling: ceiling === undefined ? undefined : result.rps / ceiling,
    target,
    apiCpuMs: per(api?.cpuMs),
    dbCpuMs: per(db?.cpuMs),
    bytesWritten: per(api === undefined ? undefined : api.writeBytes + (db?.writeBytes ?? 0)),
    note: result.failures > 0 ? `${result.failures} failed requests` : undefined,
  };
}

/** The bare route: the ceiling every figure stands beside. */
export async function bareRoute(durationS: number): Promise<LoadResult> {
  const server = await spawnServer(process.execPath, ["--import", "tsx", "bench/bare-server.ts"], {});
  try {
    const urls = [`${server.url}/bare`];
    await loadAcross({ urls, body: SCENARIOS[0]?.body, connections: CONNECTIONS, durationS: WARMUP_S });
    return await loadAcross({ urls, body: SCENARIOS[0]?.body, connections: CONNECTIONS, durationS });
  } finally {
    server.kill("SIGTERM");
    await server.exited;
  }
}

/** The embedded default: one node on SQLite with group commit. */
export async function sqliteRows(durationS: number, bareRps: number): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), "pf-bench-"));
  const node = await startNode({ ...SERVER_ENV, DATA_DIR: dataDir });
  try {
    const keys = await benchAgents(node.url);
    const deployment = { label: "SQLite, 1 node", nodes: [node] };
    const rows: Row[] = [];
    for (const s of SCENARIOS) rows.push(await measure(deployment, s, keys, durationS, bareRps));
    return rows;
  } finally {
    await stopNodes([node]);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
