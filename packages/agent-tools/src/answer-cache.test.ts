import { describe, expect, it } from "vitest";
import { AnswerCache } from "./answer-cache.ts";

describe("answer cache", () => {
  it("serves an answer until its TTL passes, per tool and input, and forgets a tool on demand", () => {
    let now = 1_000;
    const cache = new AnswerCache(60_000, () => now);
    cache.set("purpleflea_get_balance", {}, "b1");
    cache.set("purpleflea_get_ticker", { symbol: "BTC" }, "t1");
    expect(cache.get("purpleflea_get_balance", {})).toBe("b1");
    expect(cache.get("purpleflea_get_ticker", { symbol: "ETH" })).toBeUndefined();
    cache.forget("purpleflea_get_balance");
    expect(cache.get("purpleflea_get_balance", {})).toBeUndefined();
    now += 59_999;
    expect(cache.get("purpleflea_get_ticker", { symbol: "BTC" })).toBe("t1");
    now += 1;
    expect(cache.get("purpleflea_get_ticker", { symbol: "BTC" })).toBeUndefined();
  });
});
