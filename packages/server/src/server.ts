import { expireHolds } from "@purpleflea/ledger";
import type { FastifyInstance } from "fastify";
import { buildApp } from "./app.ts";
import { BackgroundJobs } from "./background-jobs.ts";
import { scanDeposits } from "./chain/deposit-watcher.ts";
import { processWithdrawals } from "./chain/withdrawal-sender.ts";
import type { Config } from "./config.ts";
import { expireEscrows } from "./escrow/sweeper.ts";
import { deleteExpiredIdempotencyKeys } from "./http/idempotency.ts";
import { openPlatform } from "./open-platform.ts";
import type { Platform } from "./platform.ts";
import { expireApprovals } from "./policy/approvals-store.ts";
import { deleteOldSpends } from "./policy/evaluate.ts";
import { rebalanceSystemShards } from "./system-accounts.ts";
import { matchNow } from "./trading/matching-task.ts";
import { WebhookWorker, webhookSettings } from "./webhooks/worker.ts";

export interface RunningServer {
  app: FastifyInstance;
  platform: Platform;
  url: string;
  stop(): Promise<void>;
}

const IDEMPOTENCY_SWEEP_MS = 3_600_000;
const SHARD_REBALANCE_MS = 10_000;
/** The chain jobs' names: tests run a step through `store.exclusive` under the same name, never beside a timer's run. */
export const CHAIN_JOBS = { deposits: "chain-deposits", withdrawals: "chain-withdrawals" } as const;

/** Opens the store, starts background jobs and listens; `stop` drains requests and jobs, then closes the store. */
export async function startServer(config: Config, storePath?: string): Promise<RunningServer> {
  const platform = await openPlatform(config, storePath);
  const app = await buildApp(platform);
  const webhooks = new WebhookWorker(platform.store, webhookSettings(config));
  const { store } = platform;
  // Each job runs on one node at a time (store.exclusive); every item it handles is claimed first
  // as well, so even two nodes running one job at once would handle each item once.
  const jobs = new BackgroundJobs(store, app.log);
  jobs.every("expire-holds-and-approvals", config.HOLD_SWEEP_INTERVAL_MS, () =>
    store.write(async (tx) => [await expireHolds(tx), await expireApprovals(tx)]),
  );
  jobs.every("delete-expired-records", IDEMPOTENCY_SWEEP_MS, () =>
    store.write(async (tx) => [await deleteExpiredIdempotencyKeys(tx), await deleteOldSpends(tx)]),
  );
  jobs.every("webhooks", config.WEBHOOK_POLL_INTERVAL_MS, () => webhooks.tick());
  jobs.every("expire-escrows", config.ESCROW_SWEEP_INTERVAL_MS, () => store.write((tx) => expireEscrows(tx)));
  jobs.every("match-orders", config.MARKET_STEP_MS, () => matchNow(platform));
  jobs.every("rebalance-shards", SHARD_REBALANCE_MS, () => store.write(rebalanceSystemShards));
  const { chain } = platform;
  if (chain) {
    jobs.every(CHAIN_JOBS.deposits, config.CHAIN_POLL_MS, () => scanDeposits(store, chain));
    jobs.every(CHAIN_JOBS.withdrawals, config.CHAIN_POLL_MS, () => processWithdrawals(store, chain));
  }
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  const url = `http://${config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST}:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await webhooks.stop();
      await jobs.stop();
      await app.close();
      platform.market.close();
      await store.close();
    })();
    return stopping;
  };
  return { app, platform, url, stop };
}
