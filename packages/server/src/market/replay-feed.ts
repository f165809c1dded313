import type { Instrument } from "@purpleflea/protocol";
import type { FeedPoint, MarketFeed } from "./feed.ts";

/**
 * Replays a price series the user supplies, one row per step from the moment the first server on
 * this database started (`claimEpoch`), and holds the last row once the file is done. Instruments
 * the file does not mention keep trading on the fallback feed (the simulator), at the same step.
 */
export class ReplayFeed implements MarketFeed {
  readonly kind = "replay";

  constructor(
    private readonly series: ReadonlyMap<string, readonly FeedPoint[]>,
    private readonly fallback: MarketFeed,
    private readonly stepMs: number,
    private startedAtMs: number,
  ) {}

  /** Replays from the epoch the store holds (claimed by the first node), instead of this process's start. */
  startAt(epochMs: number): void {
    this.startedAtMs = epochMs;
  }

  stepAt(nowMs: number): number {
    return Math.floor((nowMs - this.startedAtMs) / this.stepMs);
  }

  timeOf(step: number): number {
    return this.startedAtMs + step * this.stepMs;
  }

  point(instrument: Instrument, step: number): FeedPoint {
    const rows = this.series.get(instrument.symbol);
    const row = rows?.[Math.min(Math.max(0, step), rows.length - 1)];
    return row ?? this.fallback.point(instrument, step);
  }

  close(): void {
    this.fallback.close();
  }
}
