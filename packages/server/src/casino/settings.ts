import type { Config } from "../config.ts";

export interface CasinoSettings {
  edgeBps: number;
  minBetMicro: bigint;
  maxBetMicro: bigint;
  /** A bet's largest possible net win may be at most this share of the house's available bankroll. */
  maxWinBankrollBps: number;
  /** The bettor's referrer's share of the house edge on a lost bet. */
  referralShareBps: number;
}

export function casinoSettings(config: Config): CasinoSettings {
  return {
    edgeBps: config.HOUSE_EDGE_BPS,
    minBetMicro: config.CASINO_MIN_BET,
    maxBetMicro: config.CASINO_MAX_BET,
    maxWinBankrollBps: config.CASINO_MAX_WIN_BANKROLL_BPS,
    referralShareBps: config.CASINO_REFERRAL_SHARE_BPS,
  };
}
