import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "@purpleflea/ledger";
import { createScratchDatabase } from "@purpleflea/ledger/testing";

/** Set by the PostgreSQL test run: the server on which every test database is created. */
export const TEST_POSTGRES_ENV = "PF_TEST_POSTGRES_URL";

export interface TestDatabase {
  /** Settings that point a server at this database (DATA_DIR, and DATABASE_URL on PostgreSQL). */
  settings: Record<string, string>;
  /** Opens the database directly, to inspect what a server wrote. */
  openStore(): Promise<Store>;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test server: a new SQLite file, or, when the test run is on
 * PostgreSQL, a new database on its server. Tests written once run on either engine.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), "pf-"));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  const adminUrl = process.env[TEST_POSTGRES_ENV];
  if (!adminUrl) {
    return {
      settings: { DATA_DIR: dataDir },
      openStore: () => openStore({ sqlitePath: join(dataDir, "purpleflea.db") }),
      drop: async () => removeDir(),
    };
  }
  const database = await createScratchDatabase(adminUrl);
  return {
    settings: { DATA_DIR: dataDir, DATABASE_URL: database.url },
    openStore: () => openStore({ databaseUrl: database.url, sqlitePath: "", poolSize: 2 }),
    async drop() {
      removeDir();
      await database.drop();
    },
  };
}
