import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LIMITS_OFF } from "@purpleflea/server/testing";
import { type ChildServer, CLI, spawnServer } from "../packages/server/test/child-server.ts";
import { type LoadResult, load } from "./http-load.ts";
import type { Row } from "./report.ts";

const CONNECTIONS = 32;
const WARMUP_S = 2;

interface Scenario {
  name: string;
  path: string;
  body: unknown;
  /** The target as a share of the bare route; none where an issue set none. */
  target?: number;
}

/** Money-moving routes under load; each answer is sent only after its commit is on disk. */
const SCENARIOS: Scenario[] = [
  {
    name: "POST /wallet/transfer (durable)",
    path: "/api/v1/wallet/transfer",
    body: { to: "bench-sink", amount: "0.000001" },
    target: 0.5,
  },
  {
    name: "POST /casino/bet coinflip (durable)",
    path: "/api/v1/casino/bet",
    body: { game: "coinflip", amount: "0.01", prediction: "heads" },
    target: 0.4,
  },
  {
    name: "POST /trade/order paper market buy (durable)",
    path: "/api/v1/trade/order",
    body: { symbol: "BTC", side: "buy", amount: "0.0001", mode: "paper" },
  },
];

async function measure(url: string, body: unknown, durationS: number, keys?: string[]): Promise<LoadResult> {
  await load({ url, body, keys, connections: CONNECTIONS, durationS: WARMUP_S });
  return load({ url, body, keys, connections: CONNECTIONS, durationS });
}

async function post(url: string, body: unknown, key?: string): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key) headers.authorization = `Bearer ${key}`;
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  const json = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

/** One funded agent per connection, plus the sink that transfers pay into. */
async function agents(base: string): Promise<string[]> {
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

async function withServer<T>(command: string, args: string[], env: Record<string, string>, fn: (s: ChildServer) => Promise<T>) {
  const server = await spawnServer(command, args, env);
  try {
    return await fn(server);
  } finally {
    server.kill("SIGTERM");
    await server.exited;
  }
}

function row(name: string, result: LoadResult, ceiling?: number, target?: number): Row {
  return {
    scenario: name,
    opsPerS: result.rps,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    ofCeiling: ceiling === undefined ? undefined : result.rps / ceiling,
    target,
    note: result.failures > 0 ? `${result.failures} failed requests` : undefined,
  };
}

export async function httpScenarios(durationS: number): Promise<Row[]> {
  const bare = await withServer(process.execPath, ["--import", "tsx", "bench/bare-server.ts"], {}, (s) =>
    measure(`${s.url}/bare`, SCENARIOS[0]?.body, durationS),
  );
  const rows = [row("bare Fastify route (ceiling)", bare)];
  const dataDir = mkdtempSync(join(tmpdir(), "pf-bench-"));
  const env = {
    PORT: "0",
    DATA_DIR: dataDir,
    LOG_LEVEL: "warn",
    FAUCET_AMOUNT: "1000",
    PAPER_BANKROLL: "10000000",
    ...LIMITS_OFF,
  };
  await withServer(process.execPath, [...CLI, "serve"], env, async (server) => {
    const keys = await agents(server.url);
    for (const s of SCENARIOS) {
      rows.push(row(s.name, await measure(`${server.url}${s.path}`, s.body, durationS, keys), bare.rps, s.target));
    }
  });
  rmSync(dataDir, { recursive: true, force: true });
  return rows;
}
