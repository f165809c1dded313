import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { InProcessJobs } from "./in-process-jobs.ts";
import { type Migration, migrationSql, type SqlTx, type SqlValue, type Store, type StoreStats } from "./store.ts";
import { WalSync, type WalSyncOptions } from "./wal-sync.ts";

type Statement = Database.Statement<SqlValue[]>;

interface Unit {
  fn: (tx: SqlTx) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Upper bound on units per commit, so one commit never stalls the event loop for long. */
const MAX_UNITS_PER_COMMIT = 1_000;
/** Read connections kept open; reads beyond this wait for one to come free. */
const MAX_READERS = 4;

/** Statement-cached access to one better-sqlite3 connection, shaped as SqlTx. */
class SqliteTx implements SqlTx {
  readonly dialect = "sqlite";
  private readonly statements = new Map<string, Statement>();
  private depth = 0;

  constructor(readonly db: Database.Database) {}

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<SqlValue[]>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  async get<R>(sql: string, params: readonly SqlValue[] = []): Promise<R | undefined> {
    return this.prepare(sql).get(...params) as R | undefined;
  }

  async all<R>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return this.prepare(sql).all(...params) as R[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return { changes: this.prepare(sql).run(...params).changes };
  }

  async atomic<T>(fn: () => Promise<T>): Promise<T> {
    const name = `sp${this.depth++}`;
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn();
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.db.exec(`ROLLBACK TO ${name}`);
      this.db.exec(`RELEASE ${name}`);
      throw error;
    } finally {
      this.depth--;
    }
  }

  /** Nothing to do: one writer connection runs every write unit, one after another. */
  async lock(_name: string): Promise<void> {}
}

export interface SqliteStoreOptions extends WalSyncOptions {
  /** File path, or ":memory:" for tests that need no durability. */
  path: string;
}

/**
 * SQLite in WAL mode where every acknowledged write is on disk. Writes queue up while the event
 * loop serves I/O and are committed together; the batch is answered once an fsync that started
 * after its COMMIT has finished (see `WalSync`), while the next batch already runs.
 */
export class SqliteStore implements Store {
  readonly dialect = "sqlite";
  private readonly writer: SqliteTx;
  private readonly readers: ReaderPool;
  private readonly jobs = new InProcessJobs();
  private queue: Unit[] = [];
  private flushing = false;
  private scheduled = false;
  private closed = false;
  /** Set when a sync failed: what is committed may not be on disk, so nothing more is accepted. */
  private failure: unknown = null;
  private readonly wal: WalSync | null;
  private inFlight = 0;
  private readonly counters: StoreStats = { commits: 0, units: 0, retries: 0 };

  constructor(options: SqliteStoreOptions) {
    const memory = options.path === ":memory:";
    if (!memory) mkdirSync(dirname(options.path), { recursive: true });
    const writer = openConnection(options.path);
    this.writer = new SqliteTx(writer);
    // An in-memory database is private to its connection, so reads share the writer there.
    this.readers = new ReaderPool(memory ? null : () => new SqliteTx(openConnection(options.path)), this.writer);
    this.wal = memory ? null : new WalSync(writer, `${options.path}-wal`, options);
  }

  async migrate(migrations: readonly Migration[]): Promise<void> {
    if (this.wal) this.wal.withFullSync(() => this.applyMigrations(migrations));
    else this.applyMigrations(migrations);
  }

  private applyMigrations(migrations: readonly Migration[]): void {
    const db = this.writer.db;
    db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)");
    const applied = new Set(db.prepare("SELECT id FROM schema_migrations").pluck().all() as string[]);
    for (const migration of migrations) {
      if (applied.has(migration.id)) continue;
      db.transaction(() => {
        db.exec(migrationSql(migration, "sqlite"));
        db.prepare("INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)").run(migration.id, Date.now());
      })();
    }
  }

  write<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error("store is closed"));
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  read<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    return this.readers.run(fn);
  }

  /** One process owns a SQLite file, so a job held in this process is held everywhere. */
  exclusive<T>(job: string, fn: () => Promise<T>): Promise<T | undefined> {
    return this.jobs.run(job, fn);
  }

  async ping(): Promise<boolean> {
    return !this.closed && this.failure === null;
  }

  stats(): StoreStats {
    return { ...this.counters };
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.queue.length > 0 || this.flushing || this.inFlight > 0) await new Promise((r) => setImmediate(r));
    await this.readers.close();
    // SQLite checkpoints on close: with the WAL's syncs back on, that checkpoint is durable too.
    this.wal?.close();
    this.writer.db.close();
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    // While a batch waits for its sync, let the next one grow: it could not be answered sooner
    // anyway, and a commit's cost is mostly per page written, not per request in it.
    if (this.inFlight > 0 && this.queue.length < MAX_UNITS_PER_COMMIT) return;
    this.scheduled = true;
    // setImmediate runs after the poll phase, so every request read in this turn joins the commit.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    const units = this.queue.splice(0, MAX_UNITS_PER_COMMIT);
    const outcomes: Array<{ ok: boolean; value: unknown }> = [];
    const db = this.writer.db;
    try {
      db.exec("BEGIN IMMEDIATE");
      for (const unit of units) {
        try {
          outcomes.push({ ok: true, value: await this.writer.atomic(() => unit.fn(this.writer)) });
        } catch (error) {
          outcomes.push({ ok: false, value: error });
        }
      }
      db.exec("COMMIT");
      this.counters.commits++;
      this.counters.units += units.length;
    } catch (error) {
      if (db.inTransaction) db.exec("ROLLBACK");
      for (const unit of units) unit.reject(error);
      return;
    } finally {
      this.flushing = false;
      if (this.queue.length > 0) this.schedule();
    }
    await this.answerWhenDurable(units, outcomes);
  }

  private async answerWhenDurable(units: Unit[], outcomes: Array<{ ok: boolean; value: unknown }>): Promise<void> {
    this.inFlight++;
    try {
      await this.wal?.durable();
    } catch (error) {
      this.failure ??= error;
      for (const unit of units) unit.reject(error);
      return;
    } finally {
      this.inFlight--;
      if (this.queue.length > 0) this.schedule();
    }
    for (const [i, unit] of units.entries()) settle(unit, outcomes[i]);
    if (!this.writer.db.inTransaction) this.wal?.checkpointIfLarge();
  }
}

/**
 * Read connections, each read in its own transaction so that it sees one snapshot. Reads await
 * between statements, so two reads in flight need two connections.
 */
class ReaderPool {
  private readonly idle: SqliteTx[] = [];
  private readonly waiting: Array<(tx: SqliteTx) => void> = [];
  private opened = 0;

  /** `open` null: every read shares `writer` (an in-memory database has only that connection). */
  constructor(
    private readonly open: (() => SqliteTx) | null,
    private readonly writer: SqliteTx,
  ) {}

  async run<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> {
    if (!this.open) return fn(this.writer);
    const tx = await this.acquire(this.open);
    tx.db.exec("BEGIN");
    try {
      return await fn(tx);
    } finally {
      tx.db.exec("COMMIT");
      this.release(tx);
    }
  }

  private acquire(open: () => SqliteTx): Promise<SqliteTx> {
    const free = this.idle.pop();
    if (free) return Promise.resolve(free);
    if (this.opened < MAX_READERS) {
      this.opened++;
      return Promise.resolve(open());
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(tx: SqliteTx): void {
    const next = this.waiting.shift();
    if (next) next(tx);
    else this.idle.push(tx);
  }

  async close(): Promise<void> {
    while (this.idle.length < this.opened) await new Promise((r) => setImmediate(r));
    for (const tx of this.idle.splice(0)) tx.db.close();
  }
}

function settle(unit: Unit, outcome: { ok: boolean; value: unknown } | undefined): void {
  if (outcome?.ok) unit.resolve(outcome.value);
  else unit.reject(outcome?.value);
}

function openConnection(path: string): Database.Database {
  const db = new Database(path);
  db.defaultSafeIntegers(true);
  // A commit writes each page it touched in full, and per-agent index entries land on pages of
  // their own: 2 KiB pages halve what a commit of many agents' requests writes (measured: 4 KiB
  // pages wrote about 29 KB per transfer request, 2 KiB about 20 KB), while kilobyte rows still fit.
  // Only takes effect when the database file is created.
  db.pragma("page_size = 2048");
  db.pragma("journal_mode = WAL");
  db.pragma("cache_size = -32768");
  db.pragma("synchronous = FULL");
  // Each request runs in a savepoint; its undo copies of pages go to memory, not to a temp file.
  db.pragma("temp_store = MEMORY");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  return db;
}
