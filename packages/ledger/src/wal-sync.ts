import { closeSync, fdatasync, fstatSync, openSync } from "node:fs";
import type Database from "better-sqlite3";

/** A checkpoint copies the WAL into the database file; past this size we run one between commits. */
export const CHECKPOINT_BYTES = 16 * 2 ** 20;

export interface WalSyncOptions {
  /** How the WAL reaches the disk (default fdatasync); tests replace it to hold or fail a sync. */
  syncFile?: (fd: number) => Promise<void>;
  checkpointBytes?: number;
}

/**
 * Makes commits durable without stalling the event loop. The writer commits with synchronous=OFF
 * (SQLite writes the WAL but does not fsync it); this class then fdatasyncs the WAL on libuv's
 * thread pool, and the store answers a batch only once that sync, started after its COMMIT, is
 * done. Meanwhile the next batch runs. Checkpoints are ours too (auto-checkpoint is off): they run
 * with synchronous=FULL, so the WAL is synced before it is copied and the database file after,
 * before the WAL is truncated. Readers may see a commit a moment before it is durable; nobody is
 * told it happened until it is.
 */
export class WalSync {
  private fd: number | undefined;
  private running: Promise<void> | null = null;
  private pending: Promise<void> | null = null;

  private readonly syncFile: (fd: number) => Promise<void>;
  private readonly checkpointBytes: number;

  constructor(
    private readonly db: Database.Database,
    private readonly walPath: string,
    options: WalSyncOptions = {},
  ) {
    this.syncFile = options.syncFile ?? datasync;
    this.checkpointBytes = options.checkpointBytes ?? CHECKPOINT_BYTES;
    db.pragma("wal_autocheckpoint = 0");
    db.pragma("synchronous = OFF");
  }

  /** Resolves once everything committed before the call is on disk; concurrent callers share syncs. */
  durable(): Promise<void> {
    if (this.pending) return this.pending;
    if (!this.running) {
      this.running = this.syncOnce().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    // The running sync may have started before the caller's commit: wait for the next one.
    this.pending = this.running
      .catch(() => undefined)
      .then(() => {
        this.pending = null;
        return this.durable();
      });
    return this.pending;
  }

  /** Call between transactions only. */
  checkpointIfLarge(): void {
    if (this.fd === undefined || fstatSync(this.fd).size < this.checkpointBytes) return;
    this.withFullSync(() => this.db.pragma("wal_checkpoint(TRUNCATE)"));
  }

  /** Runs `fn` (migrations, the checkpoint SQLite makes on close) with SQLite's own fsyncs. */
  withFullSync<T>(fn: () => T): T {
    this.db.pragma("synchronous = FULL");
    try {
      return fn();
    } finally {
      this.db.pragma("synchronous = OFF");
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.db.pragma("synchronous = FULL");
  }

  private syncOnce(): Promise<void> {
    // The WAL file exists from the first commit on; truncation keeps the same file.
    this.fd ??= openSync(this.walPath, "r+");
    return this.syncFile(this.fd);
  }
}

function datasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
}
