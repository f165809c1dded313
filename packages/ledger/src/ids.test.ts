import { describe, expect, it } from "vitest";
import { newId, randomBase62 } from "./ids.ts";

describe("ids", () => {
  it("are prefixed base62 of fixed length, and do not repeat across pool refills", () => {
    const ids = Array.from({ length: 20_000 }, () => newId("tr"));
    for (const id of ids.slice(0, 100)) expect(id).toMatch(/^tr_[0-9A-Za-z]{20}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("use every base62 character about equally often", () => {
    const counts = new Map<string, number>();
    for (const char of randomBase62(62_000)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // 1,000 expected per character; 6 standard deviations (about 190) is far outside chance.
    for (const count of counts.values()) expect(Math.abs(count - 1_000)).toBeLessThan(190);
  });
});
