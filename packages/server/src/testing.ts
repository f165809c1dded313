import { loadConfig } from "./config.ts";
import { createOperatorKey } from "./operator/operator-keys.ts";
import { type RunningServer, startServer } from "./server.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

export { createTestDatabase, TEST_POSTGRES_ENV, type TestDatabase } from "./test-database.ts";

export interface EphemeralServer extends RunningServer {
  database: TestDatabase;
  /** Stops the server and deletes its data. */
  dispose(): Promise<void>;
}

/** Settings that switch off the limits a test or a benchmark would trip over (faucet per IP, rate limits). */
export const LIMITS_OFF = {
  FAUCET_MAX_CLAIMS_PER_IP_PER_DAY: "0",
  RATE_LIMIT_PER_IP_PER_MINUTE: "0",
  RATE_LIMIT_PER_KEY_PER_MINUTE: "0",
} as const;

/**
 * A real server on a free 127.0.0.1 port over a fresh database (SQLite, or PostgreSQL in the
 * PostgreSQL test run), for tests and examples in any package. Limits that would trip a test are
 * off unless `settings` set them.
 */
export async function startEphemeralServer(settings: Record<string, string> = {}): Promise<EphemeralServer> {
  const database = await createTestDatabase();
  const config = loadConfig({
    PORT: "0",
    LOG_LEVEL: "silent",
    ...database.settings,
    ...LIMITS_OFF,
    ...settings,
  });
  const server = await startServer(config);
  return {
    ...server,
    database,
    async dispose() {
      await server.stop();
      await database.drop();
    },
  };
}

/** A new operator key on a running server, made as `purpleflea operator create-key` makes one. */
export async function mintOperatorKey(server: RunningServer, name = "test operator"): Promise<string> {
  const { key } = await server.platform.store.write((tx) => createOperatorKey(tx, name));
  return key;
}
