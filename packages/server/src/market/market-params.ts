import type { Instrument } from "@purpleflea/protocol";

/** How each instrument's simulated market behaves, and how deep and wide its synthetic book is. */
export interface MarketParams {
  /** Mid price at the simulator's epoch, USDC. */
  startPrice: number;
  /** Annualised volatility in the normal regime (0.6 = 60 %). */
  annualVol: number;
  /** Expected price jumps per day, and the standard deviation of a jump's log size. */
  jumpsPerDay: number;
  jumpStdev: number;
  /** Full bid-ask spread in the normal regime, basis points of the mid. */
  spreadBps: number;
  /** Price gap between book levels in the normal regime, basis points of the mid. */
  levelGapBps: number;
  /** Quantity at the best bid and ask in the normal regime, 10^-8 coins; deeper levels hold more. */
  touchDepthE8: bigint;
}

const coins = (n: number) => BigInt(Math.round(n * 1e8));

const params: Record<string, MarketParams> = {
  "BTC-USD": {
    startPrice: 60_000,
    annualVol: 0.6,
    jumpsPerDay: 2,
    jumpStdev: 0.01,
    spreadBps: 2,
    levelGapBps: 1,
    touchDepthE8: coins(0.5),
  },
  "ETH-USD": {
    startPrice: 3_000,
    annualVol: 0.75,
    jumpsPerDay: 2,
    jumpStdev: 0.015,
    spreadBps: 3,
    levelGapBps: 1.5,
    touchDepthE8: coins(8),
  },
  "SOL-USD": {
    startPrice: 150,
    annualVol: 1,
    jumpsPerDay: 3,
    jumpStdev: 0.02,
    spreadBps: 5,
    levelGapBps: 2.5,
    touchDepthE8: coins(150),
  },
};

export function marketParams(instrument: Instrument): MarketParams {
  const found = params[instrument.symbol];
  if (!found) throw new Error(`no market parameters for ${instrument.symbol}`);
  return found;
}

/** Volatility regimes: a multiplier on volatility and spread, and its inverse on depth. */
export const REGIMES = {
  calm: { volFactorPct: 50 },
  normal: { volFactorPct: 100 },
  turbulent: { volFactorPct: 250 },
} as const;
export type Regime = keyof typeof REGIMES;
