import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { getBalance, openAccount } from "./accounts.ts";
import { ledgerMigrations } from "./migrations.ts";
import { SqliteStore, type SqliteStoreOptions } from "./sqlite-store.ts";
import { transfer } from "./transfers.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function openStore(options: Omit<SqliteStoreOptions, "path"> = {}): Promise<SqliteStore> {
  const dir = mkdtempSync(join(tmpdir(), "pf-store-"));
  dirs.push(dir);
  const store = new SqliteStore({ path: join(dir, "ledger.db"), ...options });
  await store.migrate(ledgerMigrations);
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

/** WAL syncs that, once `hold()` is called, wait for the test to finish them one by one. */
function heldSyncs() {
  const waiting: Array<() => void> = [];
  let held = false;
  return {
    syncFile: () => (held ? new Promise<void>((resolve) => waiting.push(resolve)) : Promise.resolve()),
    hold: () => {
      held = true;
    },
    started: () => waiting.length,
    finishNext: () => waiting.shift()?.(),
  };
}

const settled = async (promise: Promise<unknown>) => {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return done;
};

describe("SqliteStore durability", () => {
  it("answers a write only after a WAL sync that started after its commit; the next batch gathers meanwhile", async () => {
    const syncs = heldSyncs();
    const store = await openStore({ syncFile: syncs.syncFile });
    syncs.hold();
    const first = store.write((tx) => transfer(tx, mint("first", 1n)));
    while (syncs.started() === 0) await new Promise((r) => setImmediate(r));
    const second = store.write((tx) => transfer(tx, mint("second", 2n)));
    const third = store.write((tx) => transfer(tx, mint("third", 4n)));
    expect(await settled(first)).toBe(false);
    // Committed but not yet durable: readers may see it, nobody has been told it happened.
    expect((await store.read((tx) => getBalance(tx, "alice"))).balance).toBe(1n);
    syncs.finishNext();
    expect(await settled(first)).toBe(true);
    // The two that waited commit together, and need a sync of their own.
    expect((await store.read((tx) => getBalance(tx, "alice"))).balance).toBe(7n);
    expect([await settled(second), await settled(third)]).toEqual([false, false]);
    syncs.finishNext();
    expect([await settled(second), await settled(third)]).toEqual([true, true]);
    const closing = store.close();
    while (syncs.started() > 0) syncs.finishNext();
    await closing;
  });

  it("fails the batch whose sync failed, and every write after it", async () => {
    let fail = false;
    const store = await openStore({ syncFile: async () => (fail ? Promise.reject(new Error("EIO")) : undefined) });
    fail = true;
    await expect(store.write((tx) => transfer(tx, mint("lost", 1n)))).rejects.toThrow("EIO");
    await expect(store.write((tx) => transfer(tx, mint("after", 1n)))).rejects.toThrow("EIO");
    await store.close();
  });

  it("checkpoints a large WAL between commits, keeping every write", async () => {
    const store = await openStore({ checkpointBytes: 64 * 1024 });
    const walPath = `${join(dirs.at(-1) ?? "", "ledger.db")}-wal`;
    let largest = 0;
    for (let batch = 0; batch < 20; batch++) {
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.write((tx) => transfer(tx, mint(`c${batch}-${i}`, 1n)))));
      largest = Math.max(largest, statSync(walPath).size);
    }
    expect(largest).toBeLessThan(2 * 64 * 1024);
    expect((await store.read((tx) => getBalance(tx, "alice"))).balance).toBe(1_000n);
    await store.close();
  });
});
