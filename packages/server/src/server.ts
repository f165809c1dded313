import { expireHolds } from "@purpleflea/ledger";
import type { FastifyInstance } from "fastify";
import { buildApp } from "./app.ts";
import type { Config } from "./config.ts";
import { expireEscrows } from "./escrow/sweeper.ts";
import { deleteExpiredIdempotencyKeys } from "./http/idempotency.ts";
import { openPlatform, type Platform } from "./platform.ts";
import { expireApprovals } from "./policy/approvals-store.ts";
import { deleteOldSpends } from "./policy/evaluate.ts";
import { matchNow } from "./trading/matching-task.ts";
import { WebhookWorker, webhookSettings } from "./webhooks/worker.ts";

export interface RunningServer {
  app: FastifyInstance;
  platform: Platform;
  url: string;
  stop(): Promise<void>;
}

const IDEMPOTENCY_SWEEP_MS = 3_600_000;

/** Opens the store, starts background sweepers and listens; `stop` drains requests then closes the store. */
export async function startServer(config: Config, storePath?: string): Promise<RunningServer> {
  const platform = await openPlatform(config, storePath);
  const app = await buildApp(platform);
  const webhooks = new WebhookWorker(platform.store, webhookSettings(config));
  const sweepers = [
    every(config.HOLD_SWEEP_INTERVAL_MS, () =>
      platform.store.write(async (tx) => [await expireHolds(tx), await expireApprovals(tx)]),
    ),
    every(IDEMPOTENCY_SWEEP_MS, () =>
      platform.store.write(async (tx) => [await deleteExpiredIdempotencyKeys(tx), await deleteOldSpends(tx)]),
    ),
    every(config.WEBHOOK_POLL_INTERVAL_MS, () => webhooks.tick()),
    every(config.ESCROW_SWEEP_INTERVAL_MS, () => platform.store.write((tx) => expireEscrows(tx))),
    every(config.MARKET_STEP_MS, () => matchNow(platform)),
  ];
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  const url = `http://${config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST}:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      for (const timer of sweepers) clearInterval(timer);
      await webhooks.stop();
      await app.close();
      platform.market.close();
      await platform.store.close();
    })();
    return stopping;
  };
  return { app, platform, url, stop };
}

function every(ms: number, task: () => Promise<unknown>): NodeJS.Timeout {
  const timer = setInterval(() => {
    task().catch((error) => console.error("background task failed", error));
  }, ms);
  timer.unref();
  return timer;
}
