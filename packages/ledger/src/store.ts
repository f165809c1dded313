/**
 * Storage behind one small interface so the ledger and the services are written once.
 * Statements use `?` placeholders and SQL common to SQLite and PostgreSQL; methods return
 * promises so an adapter over a network database fits the same shape.
 */
export type SqlValue = string | number | bigint | null;

export interface SqlTx {
  get<R>(sql: string, params?: readonly SqlValue[]): Promise<R | undefined>;
  all<R>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /** Runs `fn` all-or-nothing inside the current transaction. */
  atomic<T>(fn: () => Promise<T>): Promise<T>;
}

export interface Migration {
  id: string;
  sql: string;
}

export interface StoreStats {
  commits: number;
  units: number;
}

export interface Store {
  /**
   * Runs `fn` in a write transaction and resolves once it is durably committed. Concurrent calls
   * may share one commit (group commit); each runs all-or-nothing on its own.
   */
  write<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  /** Runs `fn` against committed data only (each statement sees the latest commit). */
  read<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  migrate(migrations: readonly Migration[]): void;
  stats(): StoreStats;
  close(): Promise<void>;
}
