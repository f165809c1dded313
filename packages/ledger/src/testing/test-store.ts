import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PostgresStore } from "../postgres-store.ts";
import { SqliteStore } from "../sqlite-store.ts";
import type { Migration, Store } from "../store.ts";
import { createScratchDatabase } from "./postgres-cluster.ts";

/** The engine this test run is on (the vitest project sets it). */
export const TEST_ENGINE = process.env.PF_TEST_ENGINE === "postgres" ? "postgres" : "sqlite";

/**
 * A migrated store on this run's engine: a SQLite database (in memory, or a temporary file with
 * `file`), or a new database on the run's PostgreSQL. Closing it drops the PostgreSQL database.
 */
export async function openTestStore(migrations: readonly Migration[], options: { file?: boolean } = {}): Promise<Store> {
  const adminUrl = process.env.PF_TEST_POSTGRES_URL;
  if (TEST_ENGINE === "sqlite" || !adminUrl) {
    if (TEST_ENGINE === "postgres") throw new Error("the PostgreSQL test run has no PF_TEST_POSTGRES_URL");
    const path = options.file ? join(mkdtempSync(join(tmpdir(), "pf-store-")), "ledger.db") : ":memory:";
    const store = new SqliteStore({ path });
    await store.migrate(migrations);
    return store;
  }
  const database = await createScratchDatabase(adminUrl);
  const store = new PostgresStore({ url: database.url, poolSize: 8 });
  await store.migrate(migrations);
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    await database.drop();
  };
  return store;
}
