import { type Config, ConfigError } from "../config.ts";
import { LiveFeed } from "./live-feed.ts";
import { Market } from "./market.ts";
import { readReplayCsv } from "./replay-csv.ts";
import { ReplayFeed } from "./replay-feed.ts";
import { SimulatorFeed } from "./simulator.ts";

/** The market MARKET_FEED asks for. Only `live` touches the network, and only once chosen. */
export function createMarket(config: Config, nowMs = Date.now()): Market {
  const simulator = new SimulatorFeed(config.MARKET_SEED, config.MARKET_STEP_MS);
  switch (config.MARKET_FEED) {
    case "simulator":
      return new Market(simulator, config.MARKET_STEP_MS);
    case "replay": {
      if (!config.MARKET_REPLAY_CSV) throw new ConfigError("MARKET_REPLAY_CSV: MARKET_FEED=replay needs the path of a CSV file");
      const series = readReplayCsv(config.MARKET_REPLAY_CSV);
      return new Market(new ReplayFeed(series, simulator, config.MARKET_STEP_MS, nowMs), config.MARKET_STEP_MS);
    }
    case "live": {
      const feed = new LiveFeed(config.MARKET_LIVE_URL, config.MARKET_STEP_MS);
      feed.start();
      return new Market(feed, config.MARKET_STEP_MS);
    }
  }
}
