import { PostgresStore } from "./postgres-store.ts";
import { SqliteStore } from "./sqlite-store.ts";
import type { Store } from "./store.ts";

export interface StoreLocation {
  /** `postgres://…` selects PostgreSQL; absent, the embedded SQLite file at `sqlitePath`. */
  databaseUrl?: string | undefined;
  sqlitePath: string;
  poolSize?: number;
}

/** The store could not be opened: the message names the setting and what went wrong. */
export class StoreOpenError extends Error {}

/** Opens the store the settings name and proves it answers, so a bad URL stops the start, not the first request. */
export async function openStore(location: StoreLocation): Promise<Store> {
  if (!location.databaseUrl) return new SqliteStore({ path: location.sqlitePath });
  const url = parsePostgresUrl(location.databaseUrl);
  const store = new PostgresStore({ url: location.databaseUrl, poolSize: location.poolSize });
  try {
    await store.probe();
  } catch (error) {
    await store.close();
    throw new StoreOpenError(`DATABASE_URL: cannot use PostgreSQL at ${url.host}${url.pathname}: ${reason(error)}`);
  }
  return store;
}

function parsePostgresUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new StoreOpenError("DATABASE_URL: not a URL (expected postgres://user:password@host:5432/database)");
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new StoreOpenError(`DATABASE_URL: ${url.protocol}// is not supported (expected postgres://…)`);
  }
  return url;
}

function reason(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause ?? error;
  const code = (cause as { code?: string }).code;
  const message = cause instanceof Error ? cause.message : String(cause);
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused (is PostgreSQL running on that host and port?)",
    ENOTFOUND: "unknown host",
    "28P01": "password authentication failed",
    "28000": "this user may not connect",
    "3D000": "the database does not exist (create it first)",
  };
  return (code && known[code]) ?? message;
}
