import { join } from "node:path";
import { parseAmount } from "@purpleflea/protocol";
import { z } from "zod";
import { chainSettingsShape, checkChainSettings } from "./chain/chain-settings.ts";
import type { OutboundPolicy } from "./outbound/address-policy.ts";

const amountEnv = (name: string, fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value, ctx) => {
      try {
        return parseAmount(value, name);
      } catch (error) {
        ctx.issues.push({ code: "custom", message: (error as Error).message, input: value });
        return z.NEVER;
      }
    });

const boolEnv = (fallback: "true" | "false") =>
  z
    .enum(["true", "false", "1", "0"])
    .default(fallback)
    .transform((value) => value === "true" || value === "1");

const intEnv = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

/** Every setting the server reads, from the environment, checked once at start. */
const configSchema = z.object({
  PORT: intEnv(8080).pipe(z.number().max(65_535)),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres://user:password@host:5432/database URL")
    .optional(),
  DATABASE_POOL_SIZE: intEnv(10, 1).pipe(z.number().max(1_000)),
  KEY_CACHE_TTL_MS: intEnv(2_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  FAUCET_AMOUNT: amountEnv("FAUCET_AMOUNT", "1"),
  FAUCET_MAX_CLAIMS_PER_IP_PER_DAY: intEnv(10),
  PAPER_BANKROLL: amountEnv("PAPER_BANKROLL", "10000"),
  HOUSE_BANKROLL: amountEnv("HOUSE_BANKROLL", "1000000"),
  HOUSE_EDGE_BPS: intEnv(50).pipe(z.number().max(5_000)),
  CASINO_MIN_BET: amountEnv("CASINO_MIN_BET", "0.01"),
  CASINO_MAX_BET: amountEnv("CASINO_MAX_BET", "1000"),
  CASINO_MAX_WIN_BANKROLL_BPS: intEnv(100, 1).pipe(z.number().max(10_000)),
  APPROVAL_TTL_MS: intEnv(3_600_000, 1_000),
  RATE_LIMIT_PER_KEY_PER_MINUTE: intEnv(1_200),
  RATE_LIMIT_PER_IP_PER_MINUTE: intEnv(6_000),
  BODY_LIMIT_BYTES: intEnv(65_536, 1_024),
  JSON_MAX_DEPTH: intEnv(32, 4).pipe(z.number().max(1_000)),
  METRICS_TOKEN: z.string().min(16, "use at least 16 characters").optional(),
  OUTBOUND_ALLOW_PRIVATE_NETWORKS: boolEnv("false"),
  HOLD_SWEEP_INTERVAL_MS: intEnv(1_000, 10),
  WEBHOOK_POLL_INTERVAL_MS: intEnv(1_000, 10),
  WEBHOOK_TIMEOUT_MS: intEnv(10_000, 100),
  WEBHOOK_MAX_ATTEMPTS: intEnv(10, 1).pipe(z.number().max(50)),
  WEBHOOK_RETRY_BASE_MS: intEnv(30_000, 1),
  MARKET_FEED: z.enum(["simulator", "replay", "live"]).default("simulator"),
  MARKET_SEED: z.string().min(1).default("purpleflea"),
  MARKET_STEP_MS: intEnv(1_000, 10),
  MARKET_REPLAY_CSV: z.string().optional(),
  MARKET_LIVE_URL: z.url().default("https://api.exchange.coinbase.com"),
  TRADING_TAKER_FEE_BPS: intEnv(10).pipe(z.number().max(1_000)),
  TRADING_MAKER_FEE_BPS: intEnv(5).pipe(z.number().max(1_000)),
  TRADING_REFERRAL_SHARE_BPS: intEnv(1_500).pipe(z.number().max(10_000)),
  TRADING_MAX_OPEN_ORDERS: intEnv(100, 1),
  ESCROW_FEE_BPS: intEnv(100).pipe(z.number().max(5_000)),
  ESCROW_REFERRAL_SHARE_BPS: intEnv(1_500).pipe(z.number().max(10_000)),
  CASINO_REFERRAL_SHARE_BPS: intEnv(1_000).pipe(z.number().max(10_000)),
  ESCROW_DEFAULT_DEADLINE_MS: intEnv(86_400_000, 1_000),
  ESCROW_MIN_DEADLINE_MS: intEnv(3_600_000, 1_000),
  ESCROW_MAX_DEADLINE_MS: intEnv(2_592_000_000, 1_000),
  ESCROW_SWEEP_INTERVAL_MS: intEnv(1_000, 10),
  ESCROW_MAX_OPEN_PER_AGENT: intEnv(1_000, 1),
  OPERATOR_KEY_SHA256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "must be the lowercase hex SHA-256 of an operator key (purpleflea operator env-key prints one)")
    .optional(),
  EVENTS_POLL_MS: intEnv(250, 10),
  EVENTS_HEARTBEAT_MS: intEnv(15_000, 100),
  EVENTS_MAX_STREAMS_PER_KEY: intEnv(5, 1),
  CONSOLE_DIR: z.string().min(1).optional(),
  CHAIN_WITHDRAWAL_FEE: amountEnv("CHAIN_WITHDRAWAL_FEE", "0.5"),
  ...chainSettingsShape,
});

/** Settings that only make sense together. */
const checkedConfigSchema = configSchema.superRefine((config, ctx) => {
  checkChainSettings(config, ctx);
  const { ESCROW_MIN_DEADLINE_MS: min, ESCROW_DEFAULT_DEADLINE_MS: fallback, ESCROW_MAX_DEADLINE_MS: max } = config;
  if (min <= fallback && fallback <= max) return;
  ctx.addIssue({
    code: "custom",
    path: ["ESCROW_DEFAULT_DEADLINE_MS"],
    message: "must lie between ESCROW_MIN_DEADLINE_MS and ESCROW_MAX_DEADLINE_MS",
  });
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses settings; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const keys = Object.keys(configSchema.shape);
  const picked = Object.fromEntries(keys.map((key) => [key, env[key] === "" ? undefined : env[key]]));
  const result = checkedConfigSchema.safeParse(picked);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
  throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
}

/** Where calls out of the server (webhooks) may go; see outbound/address-policy.ts. */
export function outboundPolicy(config: Config): OutboundPolicy {
  return { allowPrivateNetworks: config.OUTBOUND_ALLOW_PRIVATE_NETWORKS };
}

export function databasePath(config: Config): string {
  return join(config.DATA_DIR, "purpleflea.db");
}
