import type { Instrument } from "@purpleflea/protocol";
import type { FeedPoint, MarketFeed } from "./feed.ts";
import { hashKey, normal, uniform } from "./hash-random.ts";
import { type MarketParams, marketParams, REGIMES, type Regime } from "./market-params.ts";

/** Step 0 of every simulated market: prices depend only on (seed, instrument, step), never on when a server started. */
export const SIM_EPOCH_MS = Date.UTC(2025, 0, 1);
/** Steps per block: the regime and the jumps are drawn per block, the path inside it by Brownian bridge. */
const BLOCK_STEPS = 1024;
const YEAR_MS = 365.25 * 86_400_000;
const DAY_MS = 86_400_000;
/** Separate random streams, so a regime draw never reuses a path draw. */
const STREAM = { regime: 1, block: 2, bridge: 3, jumpCount: 4, jumpAt: 5, jumpSize: 6 } as const;
const STAY_IN_REGIME = 0.92;
const REGIME_ODDS: ReadonlyArray<[Regime, number]> = [
  ["calm", 0.35],
  ["normal", 0.5],
  ["turbulent", 0.15],
];

interface Jump {
  at: number;
  size: number;
}

/**
 * Geometric Brownian motion with volatility regimes and jumps, computable at any step directly.
 * The log price is a driftless random walk (GBM with mu = sigma^2 / 2), so the median price stays
 * put over long runs instead of sinking. Block starts are summed once (cheap: one draw per block),
 * and the path inside a block is refined from its endpoints by a Brownian bridge in log2(BLOCK_STEPS)
 * draws.
 */
class InstrumentPath {
  private readonly key: number;
  private readonly stepSigma: number;
  private readonly jumpsPerBlock: number;
  private readonly starts: number[];
  private readonly regimes: Regime[] = ["normal"];

  constructor(
    seed: string,
    instrument: Instrument,
    private readonly params: MarketParams,
    stepMs: number,
  ) {
    this.key = hashKey(`${seed}:${instrument.symbol}`);
    this.stepSigma = params.annualVol * Math.sqrt(stepMs / YEAR_MS);
    this.jumpsPerBlock = (params.jumpsPerDay * BLOCK_STEPS * stepMs) / DAY_MS;
    this.starts = [Math.log(params.startPrice)];
  }

  at(step: number): { logPrice: number; regime: Regime } {
    const s = Math.max(0, step);
    const block = Math.floor(s / BLOCK_STEPS);
    const offset = s - block * BLOCK_STEPS;
    this.extendTo(block);
    const regime = this.regimes[block] ?? "normal";
    const jumps = this.jumps(block).reduce((sum, jump) => (jump.at <= offset ? sum + jump.size : sum), 0);
    const start = this.starts[block] ?? 0;
    return { logPrice: start + this.sigma(regime) * this.bridge(block, offset) + jumps, regime };
  }

  private sigma(regime: Regime): number {
    return (this.stepSigma * REGIMES[regime].volFactorPct) / 100;
  }

  private extendTo(block: number): void {
    for (let b = this.starts.length - 1; b < block; b++) {
      const regime = this.regimes[b] ?? "normal";
      const end = this.sigma(regime) * Math.sqrt(BLOCK_STEPS) * normal(this.key, STREAM.block, b);
      const jumps = this.jumps(b).reduce((sum, jump) => sum + jump.size, 0);
      this.starts.push((this.starts[b] ?? 0) + end + jumps);
      this.regimes.push(this.nextRegime(regime, b + 1));
    }
  }

  private nextRegime(current: Regime, block: number): Regime {
    if (uniform(this.key, STREAM.regime, block, 0) < STAY_IN_REGIME) return current;
    let draw = uniform(this.key, STREAM.regime, block, 1);
    for (const [regime, odds] of REGIME_ODDS) {
      draw -= odds;
      if (draw <= 0) return regime;
    }
    return "normal";
  }

  /** Poisson-many jumps at uniform offsets inside the block, each a normal move of the log price. */
  private jumps(block: number): Jump[] {
    let draw = uniform(this.key, STREAM.jumpCount, block);
    let probability = Math.exp(-this.jumpsPerBlock);
    const jumps: Jump[] = [];
    for (let k = 0; draw > probability && k < 10; k++) {
      draw -= probability;
      probability *= this.jumpsPerBlock / (k + 1);
      jumps.push({
        at: Math.floor(uniform(this.key, STREAM.jumpAt, block, k) * BLOCK_STEPS),
        size: normal(this.key, STREAM.jumpSize, block, k) * this.params.jumpStdev,
      });
    }
    return jumps;
  }

  /** Standard Brownian motion at `offset` inside a block, pinned to the block's own end value. */
  private bridge(block: number, offset: number): number {
    let lo = 0;
    let hi = BLOCK_STEPS;
    let wLo = 0;
    let wHi = Math.sqrt(BLOCK_STEPS) * normal(this.key, STREAM.block, block);
    for (let node = 1; hi - lo > 1; ) {
      const mid = (lo + hi) / 2;
      const wMid = (wLo + wHi) / 2 + Math.sqrt((hi - lo) / 4) * normal(this.key, STREAM.bridge, block, node);
      if (offset < mid) {
        hi = mid;
        wHi = wMid;
        node = 2 * node;
      } else {
        lo = mid;
        wLo = wMid;
        node = 2 * node + 1;
      }
    }
    return offset === lo ? wLo : wHi;
  }
}

/** The offline default feed: a pure function of (seed, instrument, step); step 0 is SIM_EPOCH_MS. */
export class SimulatorFeed implements MarketFeed {
  readonly kind = "simulator";
  private readonly paths = new Map<string, InstrumentPath>();

  constructor(
    private readonly seed: string,
    private readonly stepMs: number,
  ) {}

  stepAt(nowMs: number): number {
    return Math.floor((nowMs - SIM_EPOCH_MS) / this.stepMs);
  }

  timeOf(step: number): number {
    return SIM_EPOCH_MS + step * this.stepMs;
  }

  point(instrument: Instrument, step: number): FeedPoint {
    let path = this.paths.get(instrument.symbol);
    if (!path) {
      path = new InstrumentPath(this.seed, instrument, marketParams(instrument), this.stepMs);
      this.paths.set(instrument.symbol, path);
    }
    const { logPrice, regime } = path.at(step);
    // Kept above a micro-unit so the book can always quote; the path itself is never near it.
    const midMicro = BigInt(Math.max(1, Math.round(Math.exp(logPrice) * 1e6)));
    return { midMicro, regime };
  }

  close(): void {}
}
