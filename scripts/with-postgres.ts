/**
 * Runs a command with a real PostgreSQL beside it: starts a throwaway server on a free 127.0.0.1
 * port, creates one database, runs the command with PF_TEST_DATABASE_URL pointing at it (and
 * PF_TEST_POSTGRES_URL at the server, for suites that make their own), then stops the server.
 * Used to run the Python suite on PostgreSQL: `tsx scripts/with-postgres.ts bash scripts/python-test.sh`.
 */
import { spawn } from "node:child_process";
import { createScratchDatabase, startPostgresCluster } from "@purpleflea/ledger/testing";

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: tsx scripts/with-postgres.ts <command> [args...]");
  process.exit(2);
}
const cluster = await startPostgresCluster();
const database = await createScratchDatabase(cluster.url());
const env = {
  ...process.env,
  PF_TEST_ENGINE: "postgres",
  PF_TEST_POSTGRES_URL: cluster.url(),
  PF_TEST_DATABASE_URL: database.url,
};
const child = spawn(command, args, { stdio: "inherit", env });
const code = await new Promise<number>((resolve) => child.once("exit", (status, signal) => resolve(status ?? (signal ? 1 : 0))));
await cluster.stop();
process.exit(code);
