import { type Instrument, PurpleFleaError } from "@purpleflea/protocol";
import { type Book, syntheticBook } from "./book.ts";
import type { FeedPoint, MarketFeed } from "./feed.ts";
import { marketParams } from "./market-params.ts";

/**
 * The market every trading rule reads: a feed, a clock over it, and the synthetic book at a step.
 * The clock is wall time mapped to steps by the feed, unless pinned (tests, scripted replays).
 */
export class Market {
  private pinnedStep: number | null = null;
  private readonly latest = new Map<string, Book>();

  constructor(
    readonly feed: MarketFeed,
    readonly stepMs: number,
  ) {}

  /** Holds the market at one step until pinned elsewhere: tests move it exactly, never by waiting. */
  pin(step: number): void {
    this.pinnedStep = step;
  }

  stepAt(nowMs: number): number {
    return this.pinnedStep ?? this.feed.stepAt(nowMs);
  }

  step(): number {
    return this.stepAt(Date.now());
  }

  timeOf(step: number): number {
    return this.feed.timeOf(step);
  }

  point(instrument: Instrument, step: number): FeedPoint {
    return this.feed.point(instrument, step);
  }

  /** The book at a step (the current one by default); the latest book per instrument is kept. */
  book(instrument: Instrument, step = this.step()): Book {
    const cached = this.latest.get(instrument.symbol);
    if (cached?.step === step) return cached;
    const book = syntheticBook(instrument, marketParams(instrument), this.feed.point(instrument, step), step);
    if (book.bids.length === 0) {
      throw new PurpleFleaError("market_data_unavailable", `${instrument.symbol} has no bids at step ${step}`);
    }
    if (!cached || cached.step < step) this.latest.set(instrument.symbol, book);
    return book;
  }

  close(): void {
    this.feed.close();
  }
}
