import { checkInvariants, openStore, type Store } from "@purpleflea/ledger";
import { createScratchDatabase, type PostgresCluster, startPostgresCluster } from "@purpleflea/ledger/testing";
import { LIMITS_OFF } from "../../src/testing.ts";
import { type ChildServer, CLI, spawnServer } from "../child-server.ts";
import { type Ack, type Agent, type OperationLog, runAgent, setupAgent } from "./agent-load.ts";

export interface ReliabilityOptions {
  agents: number;
  /** How long the load runs; the node crash and the database restart happen at 30 % and 60 % of it. */
  durationMs: number;
  nodes: number;
  log?: (line: string) => void;
}

export interface ReliabilityReport {
  attempted: number;
  acknowledged: number;
  found: number;
  lost: number;
  doubleSpends: number;
  unavailable: number;
  serverErrors: number;
  ledgerSums: Record<string, string>;
  invariantViolations: string[];
}

const SETTINGS = { ...LIMITS_OFF, LOG_LEVEL: "error", FAUCET_AMOUNT: "1000", ESCROW_SWEEP_INTERVAL_MS: "200" };

/**
 * The reliability suite: N API node processes on one real PostgreSQL, agents betting, trading,
 * transferring and running escrows through all of them at once; one node is killed with SIGKILL
 * mid-run and restarted, then PostgreSQL itself is killed and restarted. Afterwards every
 * acknowledged operation is looked up in the database, and the ledger is checked.
 */
export async function runReliability(options: ReliabilityOptions): Promise<ReliabilityReport> {
  const log = options.log ?? (() => {});
  const cluster = await startPostgresCluster();
  const database = await createScratchDatabase(cluster.url());
  const env = { ...SETTINGS, DATABASE_URL: database.url };
  const nodes: Array<ChildServer | null> = [];
  try {
    for (let i = 0; i < options.nodes; i++) nodes.push(await startNode(env));
    log(`${options.nodes} nodes up on one PostgreSQL (port ${cluster.port})`);
    const operations: OperationLog = { attempted: 0, unavailable: 0, serverErrors: 0, acks: [] };
    const urls = () => nodes.filter((n): n is ChildServer => n !== null).map((n) => n.url);
    const agents: Agent[] = [];
    for (let i = 0; i < options.agents; i++) agents.push(await setupAgent(i, urls()[i % options.nodes] ?? ""));
    log(`${agents.length} agents registered and funded`);
    const deadline = Date.now() + options.durationMs;
    const load = Promise.all(agents.map((agent) => runAgent(agent, agents, urls, deadline, operations)));
    await faults(cluster, nodes, env, options.durationMs, log);
    await load;
    log(`load done: ${operations.attempted} operations attempted, ${operations.acks.length} acknowledged`);
    const store = await openStore({ databaseUrl: database.url, sqlitePath: "", poolSize: 2 });
    try {
      return await report(store, operations);
    } finally {
      await store.close();
    }
  } finally {
    for (const node of nodes) await stopNode(node);
    await cluster.stop();
  }
}

function startNode(env: Record<string, string>): Promise<ChildServer> {
  return spawnServer("node", [...CLI, "serve", "--port", "0"], env);
}

/**
 * Starts a node the way a supervisor (systemd `Restart=always`) would: a node that exits at start,
 * because PostgreSQL is down at that moment, is started again after a pause, a bounded number of times.
 */
async function superviseNode(env: Record<string, string>, attempts = 20): Promise<ChildServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startNode(env);
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function stopNode(node: ChildServer | null): Promise<void> {
  if (!node || node.child.exitCode !== null || node.child.signalCode !== null) return;
  node.kill("SIGTERM");
  await node.exited;
}

/**
 * Kills node 2 with SIGKILL at 30 % of the run (it is restarted at once, and rejoins when it is
 * up), then kills PostgreSQL at 60 % and restarts it 1.5 s later.
 */
async function faults(
  cluster: PostgresCluster,
  nodes: Array<ChildServer | null>,
  env: Record<string, string>,
  durationMs: number,
  log: (line: string) => void,
): Promise<void> {
  const start = Date.now();
  const at = (share: number) =>
    new Promise((resolve) => setTimeout(resolve, Math.max(0, start + durationMs * share - Date.now())));
  await at(0.3);
  const victim = nodes[1] ?? null;
  let restarted: Promise<void> = Promise.resolve();
  if (victim) {
    nodes[1] = null;
    victim.kill("SIGKILL");
    await victim.exited;
    log("node 2 killed (SIGKILL), restarting");
    restarted = superviseNode(env).then((node) => {
      nodes[1] = node;
      log("node 2 back");
    });
  }
  await at(0.6);
  log("PostgreSQL killed (SIGKILL); restarting after 1.5 s");
  await cluster.crashAndRestart({ downMs: 1_500 });
  log("PostgreSQL back");
  await restarted;
}

/** Every acknowledged operation looked up; effects counted per operation key; the ledger checked. */
async function report(store: Store, operations: OperationLog): Promise<ReliabilityReport> {
  let found = 0;
  for (const ack of operations.acks) if (await exists(store, ack)) found++;
  const doubles = await store.read((tx) =>
    tx.all<{ n: bigint }>(
      `SELECT COUNT(*) AS n FROM (
         SELECT memo FROM ledger_transfers WHERE kind = 'transfer' AND memo LIKE 'op-%' GROUP BY memo HAVING COUNT(*) > 1
         UNION ALL SELECT client_seed FROM casino_bets WHERE client_seed LIKE 'op-%' GROUP BY client_seed HAVING COUNT(*) > 1
         UNION ALL SELECT condition FROM escrows WHERE condition LIKE 'op-%' GROUP BY condition HAVING COUNT(*) > 1
       ) doubled`,
    ),
  );
  const sums = await store.read((tx) =>
    tx.all<{ asset: string; total: bigint }>(
      "SELECT asset, SUM(credits_posted - debits_posted) AS total FROM ledger_accounts GROUP BY asset ORDER BY asset",
    ),
  );
  const invariants = await store.read(checkInvariants);
  return {
    attempted: operations.attempted,
    acknowledged: operations.acks.length,
    found,
    lost: operations.acks.length - found,
    doubleSpends: Number(doubles[0]?.n ?? 0n),
    unavailable: operations.unavailable,
    serverErrors: operations.serverErrors,
    ledgerSums: Object.fromEntries(sums.map((s) => [s.asset, s.total.toString()])),
    invariantViolations: invariants.violations,
  };
}

const LOOKUPS: Record<Ack["kind"], string> = {
  transfer: "SELECT 1 AS found FROM ledger_transfers WHERE id = ? AND status = 'posted'",
  bet: "SELECT 1 AS found FROM casino_bets WHERE id = ?",
  order: "SELECT 1 AS found FROM trading_orders WHERE id = ?",
  escrow: "SELECT 1 AS found FROM escrows WHERE id = ?",
  release: "SELECT 1 AS found FROM escrows WHERE id = ? AND status = 'released'",
};

function exists(store: Store, ack: Ack): Promise<boolean> {
  return store.read(async (tx) => (await tx.get(LOOKUPS[ack.kind], [ack.id])) !== undefined);
}
