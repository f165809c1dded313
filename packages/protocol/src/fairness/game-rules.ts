import { PurpleFleaError } from "../errors.ts";

/** A fraction of two integers, so odds and payouts are exact. */
export interface Ratio {
  num: bigint;
  den: bigint;
}

export interface Wager {
  /** The prediction in its canonical spelling. */
  prediction: string;
  winChance: Ratio;
  /** Set by games whose payout is the prediction itself (crash); others derive it from the edge. */
  fixedMultiplier?: Ratio;
  /** Decides the bet from its float in [0, 1) and the house edge. */
  judge(float: number, edgeBps: number): { win: boolean; result: string };
}

export interface GameRules {
  description: string;
  predictions: string;
  parse(prediction: string, edgeBps: number): Wager;
}

function badPrediction(message: string): never {
  throw new PurpleFleaError("invalid_prediction", message, { field: "prediction" });
}

function outOfRange(message: string): never {
  throw new PurpleFleaError("prediction_out_of_range", message, { field: "prediction" });
}

const coinflip: GameRules = {
  description: "A fair coin: heads when the float is below 0.5, else tails.",
  predictions: "heads | tails",
  parse(prediction) {
    const side = prediction.trim().toLowerCase();
    if (side !== "heads" && side !== "tails") badPrediction("coinflip predictions are heads or tails");
    return {
      prediction: side,
      winChance: { num: 1n, den: 2n },
      judge: (float) => {
        const result = float < 0.5 ? "heads" : "tails";
        return { win: result === side, result };
      },
    };
  },
};

const DICE_RE = /^(over|under)_(\d{1,2}(?:\.\d{1,2})?)$/;
/** Win chance must stay within 1 % .. 98 % (100 .. 9800 of the 10,000 rolls). */
const DICE_MIN_WINS = 100;
const DICE_MAX_WINS = 9_800;

const dice: GameRules = {
  description: "Roll = floor(float * 10000) / 100, from 0.00 to 99.99. over_X wins when roll > X, under_X when roll < X.",
  predictions: "over_X | under_X, X with at most 2 decimals, win chance 1 % to 98 %",
  parse(prediction) {
    const match = DICE_RE.exec(prediction.trim().toLowerCase());
    if (!match?.[1] || !match[2]) badPrediction("dice predictions look like over_50 or under_25.5");
    const direction = match[1];
    const target = Math.round(Number(match[2]) * 100);
    const wins = direction === "over" ? 9_999 - target : target;
    if (wins < DICE_MIN_WINS || wins > DICE_MAX_WINS) outOfRange("dice target must give a win chance between 1 % and 98 %");
    return {
      prediction: `${direction}_${(target / 100).toFixed(2)}`,
      winChance: { num: BigInt(wins), den: 10_000n },
      judge: (float) => {
        const roll = Math.floor(float * 10_000);
        return { win: direction === "over" ? roll > target : roll < target, result: (roll / 100).toFixed(2) };
      },
    };
  },
};

const RED = new Set([1, 3, 5, 7, 9, 12, 14, 16, 18, 19, 21, 23, 25, 27, 30, 32, 34, 36]);
const ROULETTE_BETS: Record<string, (n: number) => boolean> = {
  red: (n) => RED.has(n),
  black: (n) => n !== 0 && !RED.has(n),
  odd: (n) => n % 2 === 1,
  even: (n) => n !== 0 && n % 2 === 0,
  low: (n) => n >= 1 && n <= 18,
  high: (n) => n >= 19,
  dozen_1: (n) => n >= 1 && n <= 12,
  dozen_2: (n) => n >= 13 && n <= 24,
  dozen_3: (n) => n >= 25,
  column_1: (n) => n % 3 === 1,
  column_2: (n) => n % 3 === 2,
  column_3: (n) => n !== 0 && n % 3 === 0,
};

function rouletteBet(prediction: string): ((n: number) => boolean) | undefined {
  const straight = /^number_(\d{1,2})$/.exec(prediction);
  if (straight?.[1]) {
    const target = Number(straight[1]);
    if (target > 36) outOfRange("roulette numbers run from 0 to 36");
    return (n) => n === target;
  }
  return ROULETTE_BETS[prediction];
}

const roulette: GameRules = {
  description: "European wheel: pocket = floor(float * 37), 0 to 36. Zero loses every outside bet.",
  predictions: "red | black | odd | even | low | high | dozen_1..3 | column_1..3 | number_0..36",
  parse(prediction) {
    const canonical = prediction.trim().toLowerCase();
    const bet = rouletteBet(canonical);
    if (!bet) badPrediction("roulette predictions: red, black, odd, even, low, high, dozen_1..3, column_1..3, number_N");
    const wins = Array.from({ length: 37 }, (_, n) => n).filter(bet).length;
    return {
      prediction: canonical,
      winChance: { num: BigInt(wins), den: 37n },
      judge: (float) => {
        const pocket = Math.floor(float * 37);
        return { win: bet(pocket), result: String(pocket) };
      },
    };
  },
};

const CRASH_RE = /^(\d{1,4}(?:\.\d{1,2})?)x?$/;
const TWO_POW_32 = 4_294_967_296n;
const CRASH_MAX_POINT_HUNDREDTHS = 100_000_000n;

/**
 * Crash point = (1 - edge) / (1 - float), floored to 2 decimals (so it can be below 1.00, where every
 * target loses). Computed on the float's exact 32-bit numerator, so no rounding decides a bet.
 */
function crashPointHundredths(float: number, edgeBps: number): bigint {
  const k = BigInt(Math.round(float * 2 ** 32));
  const point = ((10_000n - BigInt(edgeBps)) * TWO_POW_32 * 100n) / (10_000n * (TWO_POW_32 - k));
  return point > CRASH_MAX_POINT_HUNDREDTHS ? CRASH_MAX_POINT_HUNDREDTHS : point;
}

const crash: GameRules = {
  description:
    "Crash (limbo): crash point = (1 - edge) / (1 - float), floored to 2 decimals. Wins when it reaches the target; pays the target.",
  predictions: "a target multiplier from 1.01x to 1000x, e.g. 2.5x",
  parse(prediction, edgeBps) {
    const match = CRASH_RE.exec(prediction.trim().toLowerCase());
    if (!match?.[1]) badPrediction("crash predictions are a target multiplier such as 2.5x");
    const target = BigInt(Math.round(Number(match[1]) * 100));
    if (target < 101n || target > 100_000n) outOfRange("crash target must be between 1.01x and 1000x");
    return {
      prediction: `${(Number(target) / 100).toFixed(2)}x`,
      // (1 - edge) / target: the 2-decimal floor never changes a win, as targets have 2 decimals.
      winChance: { num: (10_000n - BigInt(edgeBps)) * 100n, den: 10_000n * target },
      fixedMultiplier: { num: target, den: 100n },
      judge: (float, edgeBps) => {
        const point = crashPointHundredths(float, edgeBps);
        return { win: point >= target, result: (Number(point) / 100).toFixed(2) };
      },
    };
  },
};

export const gameRules = { coinflip, dice, roulette, crash } as const;
export type GameName = keyof typeof gameRules;
export const GAME_NAMES = Object.keys(gameRules) as [GameName, ...GameName[]];
