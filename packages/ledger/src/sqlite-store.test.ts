import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getBalance, openAccount } from "./accounts.ts";
import { ledgerMigrations } from "./schema.ts";
import { SqliteStore } from "./sqlite-store.ts";
import { transfer } from "./transfers.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function openStore(path?: string): Promise<SqliteStore> {
  const dir = mkdtempSync(join(tmpdir(), "pf-store-"));
  dirs.push(dir);
  const store = new SqliteStore({ path: path ?? join(dir, "ledger.db") });
  store.migrate(ledgerMigrations);
  await store.write(async (tx) => {
    await openAccount(tx, { id: "mint", asset: "USDC", owner: null, noOverdraft: false });
    await openAccount(tx, { id: "alice", asset: "USDC", owner: "alice", noOverdraft: true });
  });
  return store;
}

const mint = (id: string, amount: bigint) => ({ id, kind: "test", debitAccountId: "mint", creditAccountId: "alice", amount });

describe("SqliteStore group commit", () => {
  it("commits concurrent writes together, each all-or-nothing on its own", async () => {
    const store = await openStore();
    const before = store.stats();
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        store.write(async (tx) => {
          await transfer(tx, mint(`t${i}`, 1n));
          if (i % 10 === 0) throw new Error(`unit ${i} fails after its transfer`);
        }),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(10);
    const after = store.stats();
    expect(after.units - before.units).toBe(100);
    expect(after.commits - before.commits).toBeLessThan(100);
    expect((await store.read((tx) => getBalance(tx, "alice"))).balance).toBe(90n);
    await store.close();
  });

  it("keeps acknowledged writes across a reopen, and refuses writes once closed", async () => {
    const first = await openStore();
    await first.write((tx) => transfer(tx, mint("kept", 5n)));
    await first.close();
    await expect(first.write(async () => undefined)).rejects.toThrow("store is closed");
    const path = dirs.at(-1);
    if (!path) throw new Error("no data dir");
    const second = new SqliteStore({ path: join(path, "ledger.db") });
    expect((await second.read((tx) => getBalance(tx, "alice"))).balance).toBe(5n);
    await second.close();
  });
});
