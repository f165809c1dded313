import type { Store } from "@purpleflea/ledger";
import { PurpleFleaError } from "@purpleflea/protocol";
import type { FastifyBaseLogger } from "fastify";

/**
 * Timers for background work, each run through `store.exclusive` so that of several nodes only
 * one runs a job at a time. A tick while the previous run of the job is still going is skipped.
 * `stop` clears the timers and waits for runs in flight, so the store closes under no one.
 */
export class BackgroundJobs {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly store: Store,
    private readonly log: FastifyBaseLogger,
  ) {}

  every(job: string, ms: number, task: () => Promise<unknown>): void {
    const timer = setInterval(() => this.runOnce(job, task), ms);
    timer.unref();
    this.timers.push(timer);
  }

  private runOnce(job: string, task: () => Promise<unknown>): void {
    const run = this.store
      .exclusive(job, task)
      .catch((error: unknown) => {
        // While the database is down every tick fails the same way; one line says so, not a stack.
        if (error instanceof PurpleFleaError && error.code === "database_unavailable") this.log.warn({ job }, error.message);
        else this.log.error({ err: error, job }, "background job failed");
      })
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  async stop(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await Promise.all(this.running);
  }
}
