import { describe, expect, it } from "vitest";
import { bytesToFloat, fairFloats, hashServerSeed, roundBytes } from "./floats.ts";
import { settleFairBet } from "./games.ts";

// The README's worked example, computed independently with Python's hmac and hashlib.
const SEED = "5f1ac0c5e1a3a2b8d5f0c2e4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4";
const example = { serverSeed: SEED, clientSeed: "my-client-seed", nonce: 7, stakeMicro: 1_000_000n, edgeBps: 50 };

describe("fairness primitives", () => {
  it("matches the worked example byte for byte", () => {
    expect(hashServerSeed(SEED)).toBe("572a5646f1caffb923d775aff79cc1ca4f93f8ebb5fbeb17a55f613051a27bfb");
    expect(Buffer.from(roundBytes(SEED, "my-client-seed", 7, 0)).toString("hex")).toBe(
      "2458e0ea990c2a6bd832de42f7c2c3adb9c3c7797b969cc3fb021b0b5d8c3c22",
    );
    expect(fairFloats(SEED, "my-client-seed", 7)[0]).toBe(0.1419811793603003);
  });

  it("settles each game of the example as the README says", () => {
    expect(settleFairBet({ ...example, game: "dice", prediction: "over_50" })).toMatchObject({
      result: "14.19",
      outcome: "loss",
    });
    expect(settleFairBet({ ...example, game: "roulette", prediction: "red" })).toMatchObject({ result: "5", outcome: "win" });
    expect(settleFairBet({ ...example, game: "coinflip", prediction: "heads" })).toMatchObject({
      result: "heads",
      outcome: "win",
      multiplier: 1.99,
      payoutMicro: 1_990_000n,
    });
    expect(settleFairBet({ ...example, game: "crash", prediction: "1.15x" })).toMatchObject({ result: "1.15", outcome: "win" });
    expect(settleFairBet({ ...example, game: "crash", prediction: "1.16x" }).outcome).toBe("loss");
  });

  it("reads 4 bytes as b0/256 + b1/256^2 + b2/256^3 + b3/256^4", () => {
    expect(bytesToFloat(Uint8Array.from([0, 0, 0, 0]), 0)).toBe(0);
    expect(bytesToFloat(Uint8Array.from([128, 0, 0, 0]), 0)).toBe(0.5);
    expect(bytesToFloat(Uint8Array.from([255, 255, 255, 255]), 0)).toBe(1 - 2 ** -32);
  });

  it("continues into the next HMAC round after 8 floats", () => {
    const floats = fairFloats(SEED, "c", 1, 10);
    expect(floats).toHaveLength(10);
    expect(floats[8]).toBe(bytesToFloat(roundBytes(SEED, "c", 1, 1), 0));
  });
});
