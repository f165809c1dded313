import pg from "pg";
import { databaseUnavailable } from "./postgres-errors.ts";
import { sqliteLikeTypes } from "./postgres-types.ts";

/** One connection kept for session-level advisory locks, opened on first use and again after it breaks. */
export class LockSession {
  private client: Promise<pg.Client> | null = null;
  /** Jobs on this node take and release their locks through this one connection, one query at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly url: string,
    private readonly connectTimeoutMs: number,
  ) {}

  query(sql: string, params: string[]): Promise<pg.QueryResult> {
    const next = this.queue.then(() => this.send(sql, params));
    this.queue = next.catch(() => {});
    return next;
  }

  private async send(sql: string, params: string[]): Promise<pg.QueryResult> {
    const client = await this.connect();
    try {
      return await client.query(sql, params);
    } catch (error) {
      // A broken session has lost its locks anyway: drop it, so the next use opens a fresh one.
      this.client = null;
      client.end().catch(() => {});
      throw databaseUnavailable(error);
    }
  }

  async close(): Promise<void> {
    const client = await this.client?.catch(() => null);
    this.client = null;
    await client?.end().catch(() => {});
  }

  private connect(): Promise<pg.Client> {
    this.client ??= (async () => {
      const client = new pg.Client({
        connectionString: this.url,
        connectionTimeoutMillis: this.connectTimeoutMs,
        types: sqliteLikeTypes,
      });
      client.on("error", () => {
        this.client = null;
      });
      try {
        await client.connect();
        return client;
      } catch (error) {
        this.client = null;
        throw databaseUnavailable(error);
      }
    })();
    return this.client;
  }
}
