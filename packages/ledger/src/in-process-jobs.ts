/** Jobs running in this process, by name: a second start of a running job is skipped. */
export class InProcessJobs {
  private readonly running = new Set<string>();

  async run<T>(job: string, fn: () => Promise<T>): Promise<T | undefined> {
    if (this.running.has(job)) return undefined;
    this.running.add(job);
    try {
      return await fn();
    } finally {
      this.running.delete(job);
    }
  }
}
