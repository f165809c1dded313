import pg from "pg";
import { InProcessJobs } from "./in-process-jobs.ts";
import { databaseUnavailable, isRetryable, isUnavailable } from "./postgres-errors.ts";
import { LockSession } from "./postgres-lock-session.ts";
import { advisoryKey, numberPlaceholders, postgresDdl } from "./postgres-sql.ts";
import { sqliteLikeTypes } from "./postgres-types.ts";
import { type Migration, migrationSql, type SqlTx, type SqlValue, type Store, type StoreStats } from "./store.ts";

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** Connections this node keeps open at most (default 10). */
  poolSize?: number;
  /** Attempts of a write unit that meets a serialization failure or deadlock (default 10). */
  maxAttempts?: number;
  /** How long a request waits for a free connection before `database_unavailable` (default 5 s). */
  connectTimeoutMs?: number;
}

const statementNames = new Map<string, string>();

/** Named statements are parsed and planned once per connection instead of once per call. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `pf${statementNames.size}`;
    statementNames.set(text, name);
  }
  return name;
}

const toParam = (value: SqlValue) => (typeof value === "bigint" || typeof value === "number" ? value.toString() : value);

class PostgresTx implements SqlTx {
  readonly dialect = "postgres";
  private depth = 0;

  constructor(private readonly client: pg.PoolClient) {}

  private async query<R extends pg.QueryResultRow>(sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult<R>> {
    const text = numberPlaceholders(sql);
    return this.client.query<R>({ name: statementName(text), text, values: params.map(toParam) });
  }

  async get<R>(sql: string, params: readonly SqlValue[] = []): Promise<R | undefined> {
    return (await this.query(sql, params)).rows[0] as R | undefined;
  }

  async all<R>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return (await this.query(sql, params)).rows as R[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return { changes: (await this.query(sql, params)).rowCount ?? 0 };
  }

  async atomic<T>(fn: () => Promise<T>): Promise<T> {
    const name = `sp${this.depth++}`;
    await this.client.query(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      await this.client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await this.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      await this.client.query(`RELEASE SAVEPOINT ${name}`);
      throw error;
    } finally {
      this.depth--;
    }
  }

  async lock(name: string): Promise<void> {
    await this.query("SELECT CAST(pg_advisory_xact_lock(CAST(? AS BIGINT)) AS TEXT) AS locked", [advisoryKey(name)]);
  }
}

/**
 * PostgreSQL: each write unit is its own READ COMMITTED transaction on a pooled connection, so
 * API nodes sharing one database write concurrently; claim-first statements make that correct
 * and PostgreSQL's own group commit makes it durable. Reads run in REPEATABLE READ, READ ONLY.
 */
export class PostgresStore implements Store {
  readonly dialect = "postgres";
  private readonly pool: pg.Pool;
  private readonly maxAttempts: number;
  private readonly counters: StoreStats = { commits: 0, units: 0, retries: 0 };
  private readonly jobs = new InProcessJobs();
  private readonly lockSession: LockSession;

  constructor(options: PostgresStoreOptions) {
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      types: sqliteLikeTypes,
    });
    // An idle connection that breaks (the server restarted) is dropped by the pool; without a
    // listener the 'error' event would end the process.
    this.pool.on("error", () => {});
    this.maxAttempts = options.maxAttempts ?? 10;
    this.lockSession = new LockSession(options.url, options.connectTimeoutMs ?? 5_000);
  }

  async write<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.transaction("BEGIN", fn);
        this.counters.commits++;
        this.counters.units++;
        return result;
      } catch (error) {
        if (!isRetryable(error) || attempt >= this.maxAttempts) throw error;
        this.counters.retries++;
        await jitteredBackoff(attempt);
      }
    }
  }

  read<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    return this.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", fn);
  }

  /**
   * Job locks are session advisory locks on one connection of their own, so a running job holds
   * no pooled connection; if that session dies (the node or the database goes), its locks go with
   * it and another node takes the job. A session may take its own lock twice, so a job already
   * running in this process is skipped here first.
   */
  exclusive<T>(job: string, fn: () => Promise<T>): Promise<T | undefined> {
    return this.jobs.run(job, async () => {
      const key = advisoryKey(`job:${job}`).toString();
      const got = await this.lockSession.query("SELECT CAST(pg_try_advisory_lock($1) AS INT) AS got", [key]);
      if (got.rows[0]?.got !== 1n) return undefined;
      try {
        return await fn();
      } finally {
        await this.lockSession.query("SELECT CAST(pg_advisory_unlock($1) AS INT) AS released", [key]).catch(() => {});
      }
    });
  }

  async migrate(migrations: readonly Migration[]): Promise<void> {
    await this.transaction("BEGIN", async (tx) => {
      // One node migrates; the others wait here and then find every migration applied.
      await tx.lock("schema_migrations");
      await tx.run("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)");
      const applied = new Set((await tx.all<{ id: string }>("SELECT id FROM schema_migrations")).map((r) => r.id));
      for (const migration of migrations) {
        if (applied.has(migration.id)) continue;
        for (const statement of splitStatements(postgresDdl(migrationSql(migration, "postgres")))) await tx.run(statement);
        await tx.run("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)", [migration.id, Date.now()]);
      }
    });
  }

  /** Connects once and runs a statement; throws the driver's own error (for a clear start-up message). */
  async probe(): Promise<void> {
    await this.pool.query("SELECT 1");
  }

  async ping(): Promise<boolean> {
    try {
      await this.pool.query("SELECT 1");
      return true;
    } catch {
      return false;
    }
  }

  stats(): StoreStats {
    return { ...this.counters };
  }

  async close(): Promise<void> {
    await this.lockSession.close();
    await this.pool.end();
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw databaseUnavailable(error);
    }
  }

  private async transaction<T>(begin: string, fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    const client = await this.connect();
    // A connection that breaks between two statements of ours emits 'error' on the client, which
    // the pool only listens to while the client is idle; unheard, it would end the process. The
    // next statement then fails, and the unit answers database_unavailable.
    client.on("error", ignoreBrokenConnection);
    let broken = false;
    try {
      await client.query(begin);
      const result = await fn(new PostgresTx(client));
      await client.query("COMMIT");
      return result;
    } catch (error) {
      broken = isUnavailable(error);
      if (!broken) await client.query("ROLLBACK").catch(() => {});
      throw broken ? databaseUnavailable(error) : error;
    } finally {
      client.removeListener("error", ignoreBrokenConnection);
      client.release(broken);
    }
  }
}

function ignoreBrokenConnection(): void {}

/** Waits a random time below a bound that doubles per attempt (1 ms, 2 ms, … up to 128 ms). */
function jitteredBackoff(attempt: number): Promise<void> {
  const boundMs = Math.min(128, 2 ** (attempt - 1));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * boundMs));
}

/** Our DDL as single statements (named statements cannot hold several). */
function splitStatements(ddl: string): string[] {
  return ddl
    .split(";")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
