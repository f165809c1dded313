import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/**
 * A throwaway PostgreSQL server on 127.0.0.1 for tests and benchmarks, run from Debian's binaries
 * (`scripts/ensure-postgres.sh` installs them when missing). PostgreSQL refuses to run as root,
 * so as root it runs as the `postgres` user the Debian package creates.
 */
export interface PostgresCluster {
  port: number;
  /** The process the server was started as (its backends descend from it), for measuring what it costs. */
  rootPid(): number;
  /** A URL for database `database` (default `postgres`); see `createScratchDatabase` for new ones. */
  url(database?: string): string;
  /** Kills the server (SIGKILL, as a crash would) and starts it again on the same port and data. */
  crashAndRestart(options?: { downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** fsync and full-page writes on: needed only when the machine itself may crash (default off). */
  durable?: boolean;
  maxConnections?: number;
}

export function postgresBinDir(): string {
  const fromEnv = process.env.PG_BIN_DIR;
  if (fromEnv) return fromEnv;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "initdb"))) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  if (!newest) throw new Error("PostgreSQL binaries not found: run scripts/ensure-postgres.sh (or set PG_BIN_DIR)");
  return join(root, newest, "bin");
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

const asRoot = process.getuid?.() === 0;

function runAsOwner(bin: string, args: string[]): { command: string; args: string[] } {
  return asRoot ? { command: "runuser", args: ["-u", "postgres", "--", bin, ...args] } : { command: bin, args };
}

export async function startPostgresCluster(options: ClusterOptions = {}): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  const dataDir = mkdtempSync(join(tmpdir(), "pf-pg-"));
  if (asRoot) chownSync(dataDir, uidOf("postgres"), gidOf("postgres"));
  const init = runAsOwner(join(bin, "initdb"), [
    "-D",
    dataDir,
    "-U",
    "postgres",
    "-A",
    "trust",
    "-E",
    "UTF8",
    "--locale=C",
    "--no-sync",
  ]);
  execFileSync(init.command, init.args, { stdio: "ignore" });
  const port = await freePort();
  const settings = [
    ["listen_addresses", "127.0.0.1"],
    ["unix_socket_directories", dataDir],
    ["max_connections", String(options.maxConnections ?? 300)],
    ["fsync", options.durable ? "on" : "off"],
    ["full_page_writes", options.durable ? "on" : "off"],
    ["shared_buffers", "128MB"],
  ];
  const args = ["-D", dataDir, "-p", String(port), ...settings.flatMap(([k, v]) => ["-c", `${k}=${v}`])];
  const url = (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let child = await launch(join(bin, "postgres"), args, url());

  return {
    port,
    url,
    rootPid: () => child.pid ?? 0,
    async crashAndRestart({ downMs = 0 } = {}) {
      await killAndWait(child, "SIGKILL");
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      child = await launch(join(bin, "postgres"), args, url());
    },
    async stop() {
      await killAndWait(child, "SIGINT");
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function launch(postgres: string, args: string[], url: string): Promise<ChildProcess> {
  const run = runAsOwner(postgres, args);
  // Its own process group, so a crash can be played by killing the server and all its backends.
  const child = spawn(run.command, run.args, { stdio: ["ignore", "ignore", "pipe"], detached: true });
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4_000);
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}):\n${log}`);
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.end();
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill("SIGKILL");
  throw new Error(`postgres did not accept connections within 30 s:\n${log}`);
}

/**
 * Signals the server's whole process group (runuser, the postmaster and every backend) and waits
 * until the group is gone: SIGINT is PostgreSQL's fast shutdown, SIGKILL a crash.
 */
async function killAndWait(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(-child.pid, signal);
  await exited;
  const deadline = Date.now() + 10_000;
  while (groupAlive(child.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function uidOf(user: string): number {
  return Number(execFileSync("id", ["-u", user]).toString().trim());
}

function gidOf(user: string): number {
  return Number(execFileSync("id", ["-g", user]).toString().trim());
}

let databases = 0;

/**
 * A fresh, empty database on the server `adminUrl` points at (its `postgres` database), for one
 * test server or store; `drop` removes it, closing what is still connected.
 */
export async function createScratchDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `pf_${process.pid}_${++databases}_${Date.now().toString(36)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
