import { describe, expect, it } from "vitest";
import { newId, randomBase62 } from "./ids.ts";

describe("ids", () => {
  it("are prefixed base62 of fixed length, and do not repeat across pool refills", () => {
    const ids = Array.from({ length: 20_000 }, () => newId("tr"));
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^tr_[0-9A-Za-z]{22}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("sort by creation time, to the millisecond", () => {
    const times = [0, 1, 61, 62, 1_000_000, Date.UTC(2026, 10, 25), Date.UTC(2100, 0, 1), 62 ** 8 - 1];
    const ids = times.map((t) => newId("x", t));
    expect([...ids].sort()).toEqual(ids);
    expect(newId("x", 0).slice(2, 10)).toBe("00000000");
    expect(newId("x", 62 ** 8 - 1).slice(2, 10)).toBe("zzzzzzzz");
  });

  it("use every base62 character about equally often", () => {
    const counts = new Map<string, number>();
    for (const char of randomBase62(62_000)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // 1,000 expected per character; 6 standard deviations (about 190) is far outside chance.
    for (const count of counts.values()) expect(Math.abs(count - 1_000)).toBeLessThan(190);
  });
});
