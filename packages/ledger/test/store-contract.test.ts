import { PurpleFleaError } from "@purpleflea/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { openStore, StoreOpenError } from "../src/open-store.ts";
import { PostgresStore } from "../src/postgres-store.ts";
import { type Migration, type Store, serialKey } from "../src/store.ts";
import { createScratchDatabase, freePort } from "../src/testing/postgres-cluster.ts";
import { openTestStore, TEST_ENGINE } from "../src/testing/test-store.ts";

const migrations: Migration[] = [
  {
    id: "contract-001",
    sql: (dialect) => `
      CREATE TABLE items (seq ${serialKey(dialect)}, id TEXT NOT NULL UNIQUE, status TEXT NOT NULL, amount BIGINT NOT NULL);
      CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
    `,
  },
];

const stores: Store[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

async function open(options: { file?: boolean } = {}): Promise<Store> {
  const store = await openTestStore(migrations, options);
  stores.push(store);
  return store;
}

const insert = (id: string, amount: bigint | number = 1n, status = "new") =>
  ["INSERT INTO items (id, status, amount) VALUES (?, ?, ?)", [id, status, amount]] as const;

describe(`store contract on ${TEST_ENGINE}`, () => {
  it("runs on the engine this test run is for", async () => {
    expect((await open()).dialect).toBe(TEST_ENGINE);
  });

  it("reads every integer back as an exact bigint, sums beyond 2^53 included", async () => {
    const store = await open();
    const big = 2n ** 62n;
    await store.write(async (tx) => {
      await tx.run(...insert("a", big));
      await tx.run(...insert("b", 3n));
    });
    const row = await store.read((tx) =>
      tx.get<{ n: unknown; total: unknown; top: unknown }>(
        "SELECT COUNT(*) AS n, SUM(amount) AS total, MAX(amount) AS top FROM items",
      ),
    );
    expect(row).toEqual({ n: 2n, total: big + 3n, top: big });
  });

  it("text compares bytewise, as ids need (upper case before lower case)", async () => {
    const store = await open();
    await store.write(async (tx) => {
      for (const id of ["b", "B", "a", "A"]) await tx.run(...insert(id));
    });
    const ids = await store.read((tx) => tx.all<{ id: string }>("SELECT id FROM items ORDER BY id"));
    expect(ids.map((r) => r.id)).toEqual(["A", "B", "a", "b"]);
  });

  it("a write that throws leaves nothing behind, and atomic undoes only its own part", async () => {
    const store = await open();
    await expect(
      store.write(async (tx) => {
        await tx.run(...insert("gone"));
        throw new Error("after the insert");
      }),
    ).rejects.toThrow("after the insert");
    await store.write(async (tx) => {
      await tx.run(...insert("kept"));
      await tx.atomic(() => tx.run(...insert("inner")));
      await expect(
        tx.atomic(async () => {
          await tx.run(...insert("undone"));
          throw new Error("inside atomic");
        }),
      ).rejects.toThrow("inside atomic");
      // A failed statement inside atomic leaves the transaction usable on both engines.
      await expect(tx.atomic(() => tx.run(...insert("kept")))).rejects.toThrow();
    });
    const ids = await store.read((tx) => tx.all<{ id: string }>("SELECT id FROM items ORDER BY id"));
    expect(ids.map((r) => r.id)).toEqual(["inner", "kept"]);
  });

  it("a read sees one snapshot even while a write commits in the middle of it", async () => {
    const store = await open({ file: true });
    await store.write((tx) => tx.run(...insert("before")));
    const seen = await store.read(async (tx) => {
      const first = await tx.all("SELECT id FROM items");
      await store.write((w) => w.run(...insert("during")));
      const second = await tx.all("SELECT id FROM items");
      return [first.length, second.length];
    });
    expect(seen).toEqual([1, 1]);
    expect(await store.read((tx) => tx.all("SELECT id FROM items"))).toHaveLength(2);
  });

  it("of two racing claims on one row exactly one wins (compare-and-set by row count)", async () => {
    const store = await open();
    await store.write((tx) => tx.run(...insert("x")));
    const claims = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.write((tx) => tx.run("UPDATE items SET status = ? WHERE id = 'x' AND status = 'new'", [`claimed-${i}`])),
      ),
    );
    expect(claims.filter((c) => c.changes === 1)).toHaveLength(1);
  });

  it("lock serialises a read-then-insert between concurrent writers", async () => {
    const store = await open();
    const attempts = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        store.write(async (tx) => {
          await tx.lock("five-at-most");
          const row = await tx.get<{ n: bigint }>("SELECT COUNT(*) AS n FROM items");
          if ((row?.n ?? 0n) >= 5n) return false;
          await tx.run(...insert(`i${i}`));
          return true;
        }),
      ),
    );
    expect(attempts.filter(Boolean)).toHaveLength(5);
    expect(await store.read((tx) => tx.get("SELECT COUNT(*) AS n FROM items"))).toEqual({ n: 5n });
  });

  it("exclusive runs a job once at a time and lets the next run start after it", async () => {
    const store = await open();
    let release = () => {};
    const holding = store.exclusive("job", () => new Promise<string>((resolve) => (release = () => resolve("first"))));
    await new Promise((r) => setTimeout(r, 50));
    expect(await store.exclusive("job", async () => "second")).toBeUndefined();
    expect(await store.exclusive("other-job", async () => "other")).toBe("other");
    release();
    expect(await holding).toBe("first");
    expect(await store.exclusive("job", async () => "third")).toBe("third");
  });

  it("migrations apply once: migrating again changes nothing", async () => {
    const store = await open();
    await store.write((tx) => tx.run(...insert("survives")));
    await store.migrate(migrations);
    expect(await store.read((tx) => tx.all("SELECT id FROM items"))).toHaveLength(1);
  });
});

describe.runIf(TEST_ENGINE === "postgres")("store contract, PostgreSQL only", () => {
  it("re-runs a unit chosen as a deadlock victim, so both writers succeed", async () => {
    const store = (await open()) as PostgresStore;
    await store.write(async (tx) => {
      await tx.run("INSERT INTO counters (name, value) VALUES ('a', 0), ('b', 0)");
    });
    let arrived = 0;
    let bothIn = () => {};
    const barrier = new Promise<void>((resolve) => (bothIn = resolve));
    const crossing = (first: string, second: string) =>
      store.write(async (tx) => {
        await tx.run("UPDATE counters SET value = value + 1 WHERE name = ?", [first]);
        if (++arrived === 2) bothIn();
        await Promise.race([barrier, new Promise((r) => setTimeout(r, 2_000))]);
        await tx.run("UPDATE counters SET value = value + 1 WHERE name = ?", [second]);
      });
    await Promise.all([crossing("a", "b"), crossing("b", "a")]);
    expect(store.stats().retries).toBeGreaterThanOrEqual(1);
    const rows = await store.read((tx) => tx.all("SELECT name, value FROM counters ORDER BY name"));
    expect(rows).toEqual([
      { name: "a", value: 2n },
      { name: "b", value: 2n },
    ]);
  });

  it("two stores on one database (two nodes) never hold the same job at once", async () => {
    const database = await createScratchDatabase(process.env.PF_TEST_POSTGRES_URL ?? "");
    const [one, two] = [new PostgresStore({ url: database.url }), new PostgresStore({ url: database.url })];
    stores.push(one, two);
    let release = () => {};
    let started = () => {};
    const running = new Promise<void>((resolve) => (started = resolve));
    const holding = one.exclusive("sweeper", () => {
      started();
      return new Promise<void>((resolve) => (release = resolve));
    });
    // Node one holds the job from here on, however long taking the lock took.
    await running;
    expect(await two.exclusive("sweeper", async () => "ran")).toBeUndefined();
    release();
    await holding;
    expect(await two.exclusive("sweeper", async () => "ran")).toBe("ran");
    await Promise.all([one.close(), two.close()]);
    stores.splice(0);
    await database.drop();
  });

  it("answers database_unavailable while the server cannot be reached", async () => {
    const port = await freePort();
    const store = new PostgresStore({ url: `postgres://postgres@127.0.0.1:${port}/none`, connectTimeoutMs: 500 });
    stores.push(store);
    const error = await store.write(async () => 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PurpleFleaError);
    expect((error as PurpleFleaError).code).toBe("database_unavailable");
    expect(await store.ping()).toBe(false);
  });
});

describe("opening a store from settings", () => {
  it("names DATABASE_URL and the reason when PostgreSQL cannot be used", async () => {
    const port = await freePort();
    await expect(openStore({ databaseUrl: `postgres://u@127.0.0.1:${port}/db`, sqlitePath: "" })).rejects.toThrow(
      new StoreOpenError(
        `DATABASE_URL: cannot use PostgreSQL at 127.0.0.1:${port}/db: connection refused (is PostgreSQL running on that host and port?)`,
      ),
    );
    await expect(openStore({ databaseUrl: "mysql://x@y/z", sqlitePath: "" })).rejects.toThrow(
      "DATABASE_URL: mysql:// is not supported",
    );
  });
});
