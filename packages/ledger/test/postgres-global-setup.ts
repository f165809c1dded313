import { type PostgresCluster, startPostgresCluster } from "../src/testing/postgres-cluster.ts";

/**
 * The PostgreSQL test run: one real PostgreSQL on a free 127.0.0.1 port for the whole run; each test
 * server or store gets a database of its own on it (see `createTestDatabase`).
 */
export default async function setup(): Promise<() => Promise<void>> {
  const cluster: PostgresCluster = await startPostgresCluster();
  process.env.PF_TEST_POSTGRES_URL = cluster.url();
  return () => cluster.stop();
}
