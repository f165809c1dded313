import { describe, expect, it } from "vitest";
import { runReliability } from "./reliability/run.ts";
import { reliabilityVerdict } from "./reliability/verdict.ts";

/**
 * The reliability suite, bounded for `npm test` (the full run is `npm run test:reliability`): it
 * starts its own PostgreSQL, since it kills that server mid-run.
 */
describe.runIf(process.env.PF_TEST_ENGINE === "postgres")("reliability: 3 nodes, a node killed, PostgreSQL killed", () => {
  it("loses no acknowledged operation, applies none twice, and the ledger sums to zero", { timeout: 180_000 }, async () => {
    const report = await runReliability({ agents: 50, nodes: 3, durationMs: 12_000, log: (line) => console.log(line) });
    console.log(
      `reliability: attempted ${report.attempted}, acknowledged ${report.acknowledged}, found ${report.found}, ` +
        `lost ${report.lost}, double spends ${report.doubleSpends}, 503s ${report.unavailable}, sums ${JSON.stringify(report.ledgerSums)}`,
    );
    expect(reliabilityVerdict(report)).toEqual([]);
    expect(report.unavailable).toBeGreaterThan(0);
  });
});
