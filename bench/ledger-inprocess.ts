import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ledgerMigrations, openAccount, SqliteStore, transfer } from "@purpleflea/ledger";

export interface InProcessResult {
  transfersPerS: number;
  commits: number;
  transfers: number;
}

const ACCOUNTS = 64;

async function openLedger(dir: string): Promise<SqliteStore> {
  const store = new SqliteStore({ path: join(dir, "ledger.db") });
  await store.migrate(ledgerMigrations);
  await store.write(async (tx) => {
    await openAccount(tx, { id: "mint", asset: "USDC", owner: null, noOverdraft: false });
    for (let i = 0; i < ACCOUNTS; i++) await openAccount(tx, { id: `a${i}`, asset: "USDC", owner: `a${i}`, noOverdraft: true });
  });
  return store;
}

let seq = 0;
function oneTransfer(store: SqliteStore): Promise<unknown> {
  const n = seq++;
  return store.write((tx) =>
    transfer(tx, { id: `b${n}`, kind: "bench", debitAccountId: "mint", creditAccountId: `a${n % ACCOUNTS}`, amount: 1n }),
  );
}

/**
 * Durable transfers on a file-backed SQLite ledger (each answered after its WAL fsync). `concurrency`
 * 1 is one commit (one fsync) per transfer; higher values let group commit put many transfers in one commit.
 */
export async function ledgerTransfers(concurrency: number, durationMs: number): Promise<InProcessResult> {
  const dir = mkdtempSync(join(tmpdir(), "pf-bench-ledger-"));
  const store = await openLedger(dir);
  const before = store.stats();
  const started = performance.now();
  let done = 0;
  const worker = async () => {
    while (performance.now() - started < durationMs) {
      await oneTransfer(store);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const after = store.stats();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { transfersPerS: done / seconds, commits: after.commits - before.commits, transfers: done };
}
