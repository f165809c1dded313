import type { Store } from "@purpleflea/ledger";
import { type Config, outboundPolicy } from "../config.ts";
import type { OutboundPolicy } from "../outbound/address-policy.ts";
import { claimDue, FAN_OUT_BATCH, fanOut, hasWork, type RetryPolicy, recordAttempt } from "./deliveries.ts";
import { sendDelivery } from "./sender.ts";

export interface WebhookSettings extends RetryPolicy {
  timeoutMs: number;
  outbound: OutboundPolicy;
}

export function webhookSettings(config: Config): WebhookSettings {
  return {
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    retryBaseMs: config.WEBHOOK_RETRY_BASE_MS,
    outbound: outboundPolicy(config),
  };
}

/** Deliveries sent at once per batch; a pass keeps taking batches while they come full, up to a bound. */
const BATCH = 50;
const MAX_BATCHES_PER_PASS = 20;
/** A claimed delivery is retried this long after its attempt's timeout if no outcome was recorded (a crash). */
const LEASE_MARGIN_MS = 5_000;

/**
 * Delivers the events outbox to webhooks, at least once: fan out, claim what is due, send, record.
 * All state is in the database, so any process (or a restarted one) carries on where another left off.
 */
export class WebhookWorker {
  private pass: Promise<void> | null = null;
  private readonly stopping = new AbortController();

  constructor(
    private readonly store: Store,
    private readonly settings: WebhookSettings,
  ) {}

  /** Runs one pass, or joins the one still running, so timer ticks never overlap. */
  tick(): Promise<void> {
    if (this.stopping.signal.aborted) return Promise.resolve();
    this.pass ??= this.run().finally(() => {
      this.pass = null;
    });
    return this.pass;
  }

  /** Aborts sends in flight (their deliveries stay claimed and are retried after the lease) and waits. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.pass;
  }

  private async run(): Promise<void> {
    if (!(await this.store.read((tx) => hasWork(tx)))) return;
    for (let batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
      if ((await this.store.write((tx) => fanOut(tx))) < FAN_OUT_BATCH) break;
    }
    for (let batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
      if ((await this.deliverBatch()) < BATCH) break;
    }
  }

  /** Claims, sends and records one batch; returns how many were due. */
  private async deliverBatch(): Promise<number> {
    const due = await this.store.write((tx) => claimDue(tx, BATCH, this.settings.timeoutMs + LEASE_MARGIN_MS));
    const options = { timeoutMs: this.settings.timeoutMs, signal: this.stopping.signal, outbound: this.settings.outbound };
    const results = await Promise.all(due.map((delivery) => sendDelivery(delivery, options)));
    // Stopping: leave the claimed deliveries to be retried after their lease rather than count an abort as a failure.
    if (this.stopping.signal.aborted) return 0;
    await this.store.write(async (tx) => {
      for (const [i, delivery] of due.entries()) {
        const result = results[i];
        if (result) await recordAttempt(tx, delivery, result, this.settings);
      }
    });
    return due.length;
  }
}
