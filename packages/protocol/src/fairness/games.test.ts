import { describe, expect, it } from "vitest";
import type { PurpleFleaError } from "../errors.ts";
import { fairFloats } from "./floats.ts";
import type { GameName } from "./game-rules.ts";
import { betTerms, payoutMicro, ratioToNumber } from "./games.ts";

const EDGE_BPS = 50;
const ROUNDS = 200_000;
const SEED = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

/** One fixed bet per row; the seed is fixed too, so the test is deterministic. */
const bets: Array<[GameName, string]> = [
  ["coinflip", "heads"],
  ["coinflip", "tails"],
  ["dice", "over_50"],
  ["dice", "under_10"],
  ["dice", "over_97.5"],
  ["roulette", "red"],
  ["roulette", "dozen_2"],
  ["roulette", "column_3"],
  ["roulette", "number_17"],
  ["crash", "2x"],
  ["crash", "10x"],
];

describe("over 200,000 seeded rounds, each game pays (1 - edge) and wins as often as it says", () => {
  it.each(bets)("%s %s", (game, prediction) => {
    const terms = betTerms(game, prediction, EDGE_BPS);
    const p = ratioToNumber(terms.winChance, 12);
    const stake = 1_000_000n;
    const payout = payoutMicro(stake, terms.multiplier);
    let wins = 0;
    for (let nonce = 0; nonce < ROUNDS; nonce++) {
      const [float = 0] = fairFloats(SEED, `stats-${game}`, nonce);
      if (terms.judge(float).win) wins++;
    }
    // Binomial bound: the win count stays within 5 standard deviations of n*p.
    const sd = Math.sqrt(ROUNDS * p * (1 - p));
    expect(Math.abs(wins - ROUNDS * p)).toBeLessThan(5 * sd);
    // RTP = wins * payout / staked, within 5 standard deviations of its expectation (1 - edge).
    const rtp = (wins * Number(payout)) / (ROUNDS * Number(stake));
    const rtpSd = (Number(payout) / Number(stake)) * Math.sqrt((p * (1 - p)) / ROUNDS);
    expect(Math.abs(rtp - (1 - EDGE_BPS / 10_000))).toBeLessThan(5 * rtpSd + 1e-6);
    // And exactly: p * multiplier is (1 - edge) by construction.
    expect(
      ratioToNumber({ num: terms.winChance.num * terms.multiplier.num, den: terms.winChance.den * terms.multiplier.den }, 9),
    ).toBe(0.995);
  });
});

describe("prediction parsing", () => {
  const codeOf = (game: GameName, prediction: string) => {
    try {
      return betTerms(game, prediction, EDGE_BPS).prediction;
    } catch (error) {
      return (error as PurpleFleaError).code;
    }
  };

  it.each([
    ["coinflip", "Heads", "heads"],
    ["coinflip", "edge", "invalid_prediction"],
    ["dice", "over_50", "over_50.00"],
    ["dice", "under_1", "under_1.00"],
    ["dice", "under_0.99", "prediction_out_of_range"],
    ["dice", "over_98.99", "over_98.99"],
    ["dice", "over_99", "prediction_out_of_range"],
    ["dice", "over_50.123", "invalid_prediction"],
    ["dice", "above_50", "invalid_prediction"],
    ["roulette", "RED", "red"],
    ["roulette", "number_0", "number_0"],
    ["roulette", "number_37", "prediction_out_of_range"],
    ["roulette", "green", "invalid_prediction"],
    ["crash", "2.5x", "2.50x"],
    ["crash", "1.01", "1.01x"],
    ["crash", "1x", "prediction_out_of_range"],
    ["crash", "1001x", "prediction_out_of_range"],
    ["crash", "-2x", "invalid_prediction"],
  ] as Array<[GameName, string, string]>)("%s %s -> %s", (game, prediction, expected) => {
    expect(codeOf(game, prediction)).toBe(expected);
  });

  it("prices from the true probability, not table odds", () => {
    expect(ratioToNumber(betTerms("roulette", "number_17", EDGE_BPS).multiplier, 4)).toBe(36.815);
    expect(ratioToNumber(betTerms("roulette", "red", EDGE_BPS).multiplier, 4)).toBe(2.0452);
    expect(ratioToNumber(betTerms("dice", "over_50", EDGE_BPS).multiplier, 4)).toBe(1.9903);
    expect(payoutMicro(10_000n, betTerms("coinflip", "tails", EDGE_BPS).multiplier)).toBe(19_900n);
    expect(payoutMicro(3n, betTerms("roulette", "red", EDGE_BPS).multiplier)).toBe(6n);
  });
});
