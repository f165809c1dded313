import type { Config } from "../config.ts";
import type { Market } from "../market/market.ts";
import type { Platform } from "../platform.ts";

export interface TradingSettings {
  takerFeeBps: number;
  makerFeeBps: number;
  /** The referrer's share of a referred agent's trading fees (paid in the fee's asset). */
  referralShareBps: number;
  /** Resting orders (limit, stop loss, take profit) one agent may have at once. */
  maxOpenOrders: number;
}

/** What every trading rule needs: the market to price against and the fee schedule. */
export interface TradingContext {
  market: Market;
  settings: TradingSettings;
}

export function tradingSettings(config: Config): TradingSettings {
  return {
    takerFeeBps: config.TRADING_TAKER_FEE_BPS,
    makerFeeBps: config.TRADING_MAKER_FEE_BPS,
    referralShareBps: config.TRADING_REFERRAL_SHARE_BPS,
    maxOpenOrders: config.TRADING_MAX_OPEN_ORDERS,
  };
}

export function tradingContext(platform: Platform): TradingContext {
  return { market: platform.market, settings: tradingSettings(platform.config) };
}
