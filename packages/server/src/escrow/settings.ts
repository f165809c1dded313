import type { Config } from "../config.ts";

export interface EscrowSettings {
  feeBps: number;
  /** The creator's referrer's share of the escrow fee. */
  referralShareBps: number;
  defaultDeadlineMs: number;
  minDeadlineMs: number;
  maxDeadlineMs: number;
  maxOpenPerAgent: number;
}

export function escrowSettings(config: Config): EscrowSettings {
  return {
    feeBps: config.ESCROW_FEE_BPS,
    referralShareBps: config.ESCROW_REFERRAL_SHARE_BPS,
    defaultDeadlineMs: config.ESCROW_DEFAULT_DEADLINE_MS,
    minDeadlineMs: config.ESCROW_MIN_DEADLINE_MS,
    maxDeadlineMs: config.ESCROW_MAX_DEADLINE_MS,
    maxOpenPerAgent: config.ESCROW_MAX_OPEN_PER_AGENT,
  };
}
