import { describe, expect, it } from "vitest";
import { casinoReferralShare } from "./referral.ts";

describe("casino referral share", () => {
  it.each([
    // The README's example: 100 USDC lost at 0.5 % edge, 10 % share -> edge 0.50, share 0.05.
    [100_000_000n, 50, 1_000, 500_000n, 50_000n],
    // 0.01 USDC: edge 50 micro-units, share 5.
    [10_000n, 50, 1_000, 50n, 5n],
    // Sub-micro shares round down to nothing: the house keeps them.
    [1_999n, 50, 1_000, 9n, 0n],
    [123_456_789n, 50, 1_500, 617_283n, 92_592n],
  ])("stake %s, edge %i bps, share %i bps -> edge %s, share %s", (stake, edgeBps, shareBps, edge, share) => {
    expect(casinoReferralShare(stake, edgeBps, shareBps)).toEqual({ edgeMicro: edge, shareMicro: share });
  });
});
