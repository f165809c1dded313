import { INSTRUMENTS, lotE8, requireInstrument, tickMicro } from "@purpleflea/protocol";
import { describe, expect, it } from "vitest";
import { syntheticBook } from "./book.ts";
import { marketParams } from "./market-params.ts";
import { SIM_EPOCH_MS, SimulatorFeed } from "./simulator.ts";

const STEP_MS = 1_000;
const steps = [0, 1, 2, 1_023, 1_024, 1_025, 77_777, 1_000_000, 40_000_000, 40_000_001];

describe("simulator", () => {
  it("is a pure function of (seed, instrument, step): the same seed gives the same prices in any order", () => {
    for (const instrument of INSTRUMENTS) {
      const forward = new SimulatorFeed("seed-a", STEP_MS);
      const backward = new SimulatorFeed("seed-a", STEP_MS);
      const ahead = steps.map((step) => forward.point(instrument, step));
      const behind = [...steps].reverse().map((step) => backward.point(instrument, step));
      expect(ahead).toEqual(behind.reverse());
      expect(ahead[0]?.midMicro).toBe(BigInt(marketParams(instrument).startPrice * 1e6));
    }
  });

  it("another seed gives another path", () => {
    const btc = requireInstrument("BTC");
    const a = new SimulatorFeed("seed-a", STEP_MS);
    const b = new SimulatorFeed("seed-b", STEP_MS);
    const differing = steps.slice(1).filter((step) => a.point(btc, step).midMicro !== b.point(btc, step).midMicro);
    expect(differing.length).toBe(steps.length - 1);
  });

  it("maps wall time to steps from a fixed epoch, so every node and restart agrees", () => {
    const feed = new SimulatorFeed("any", STEP_MS);
    expect(feed.stepAt(SIM_EPOCH_MS + 5_500)).toBe(5);
    expect(feed.timeOf(5)).toBe(SIM_EPOCH_MS + 5_000);
  });

  it.each(INSTRUMENTS.map((i) => i.symbol))("%s: quotes a valid book at every sampled step", (symbol) => {
    const instrument = requireInstrument(symbol);
    const feed = new SimulatorFeed("purpleflea", STEP_MS);
    for (let step = 0; step < 5_000_000; step += 49_999) {
      const book = syntheticBook(instrument, marketParams(instrument), feed.point(instrument, step), step);
      const [bid, ask] = [book.bids[0], book.asks[0]];
      if (!bid || !ask) throw new Error(`empty book at ${step}`);
      expect(bid.priceMicro).toBeLessThan(book.midMicro);
      expect(ask.priceMicro).toBeGreaterThan(book.midMicro);
      for (const [side, levels] of [
        [1n, book.asks],
        [-1n, book.bids],
      ] as const) {
        for (const [i, level] of levels.entries()) {
          expect(level.priceMicro % tickMicro(instrument)).toBe(0n);
          expect(level.quantityE8 % lotE8(instrument)).toBe(0n);
          const next = levels[i + 1];
          if (next) expect((next.priceMicro - level.priceMicro) * side).toBeGreaterThan(0n);
        }
      }
    }
  });

  it("visits every volatility regime, and its log returns have the configured volatility", () => {
    const sol = requireInstrument("SOL");
    const feed = new SimulatorFeed("purpleflea", STEP_MS);
    const regimes = new Set<string>();
    for (let step = 0; step < 3_000_000; step += 1_024) regimes.add(feed.point(sol, step).regime);
    expect([...regimes].sort()).toEqual(["calm", "normal", "turbulent"]);
    // Daily returns over two years: the regimes' mean variance (about 1.03x) plus the jumps keep
    // the realised volatility near, and a little above, the configured 100 %.
    const daily: number[] = [];
    for (let day = 1; day <= 730; day++) {
      const ratio = Number(feed.point(sol, day * 86_400).midMicro) / Number(feed.point(sol, (day - 1) * 86_400).midMicro);
      daily.push(Math.log(ratio));
    }
    const mean = daily.reduce((a, b) => a + b, 0) / daily.length;
    const variance = daily.reduce((a, b) => a + (b - mean) ** 2, 0) / daily.length;
    const annual = Math.sqrt(variance * 365.25);
    expect(annual).toBeGreaterThan(0.8);
    expect(annual).toBeLessThan(1.4);
  });

  it("jumps: some single steps move far beyond what diffusion could", () => {
    const btc = requireInstrument("BTC");
    const feed = new SimulatorFeed("purpleflea", STEP_MS);
    const stepSigma = marketParams(btc).annualVol * Math.sqrt(STEP_MS / (365.25 * 86_400_000));
    let previous = Math.log(Number(feed.point(btc, 0).midMicro));
    let jumps = 0;
    for (let step = 1; step < 200_000; step++) {
      const next = Math.log(Number(feed.point(btc, step).midMicro));
      // Even in the turbulent regime (2.5x) a 20-sigma step is out of reach for the diffusion.
      if (Math.abs(next - previous) > 20 * stepSigma) jumps++;
      previous = next;
    }
    expect(jumps).toBeGreaterThan(0);
  });
});
