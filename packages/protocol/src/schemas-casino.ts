import { z } from "zod";
import { amountSchema, moneyShape } from "./amount-schema.ts";
import { GAME_NAMES } from "./fairness/game-rules.ts";
import { newFundsShape } from "./funds.ts";
import { pageQuerySchema } from "./schemas-common.ts";

export const gameSchema = z.enum(GAME_NAMES).describe("coinflip, dice, roulette or crash");
const clientSeedSchema = z.string().min(1).max(64).describe("Your randomness; mixed into every roll");

export const betRequestSchema = z.object({
  game: gameSchema,
  amount: amountSchema("amount"),
  prediction: z.string().min(1).max(32).describe('e.g. "heads", "over_50", "red", "2.5x"'),
  client_seed: clientSeedSchema.optional(),
});

const proofSchema = z.object({
  server_seed_hash: z.string(),
  client_seed: z.string(),
  nonce: z.number().int(),
  server_seed: z.string().nullable().describe("Revealed once the seed is rotated; null before"),
});

export const betSchema = z.object({
  bet_id: z.string(),
  game: gameSchema,
  prediction: z.string(),
  outcome: z.enum(["win", "loss"]),
  result: z.string().describe("Coin side, dice roll, roulette pocket or crash point"),
  multiplier: z.number().describe("Payout per unit staked on a win"),
  win_chance: z.number(),
  ...moneyShape("amount"),
  ...moneyShape("payout"),
  proof: proofSchema,
  created_at: z.string(),
});

export const betResponseSchema = betSchema.extend(newFundsShape);

export const betListQuerySchema = pageQuerySchema.extend({ game: gameSchema.optional() });
export const betListSchema = z.object({ bets: z.array(betSchema), next_cursor: z.string().nullable() });
export const betIdParamsSchema = z.object({ id: z.string().min(1).max(64) });

export const seedStateSchema = z.object({
  server_seed_hash: z.string().describe("sha256 of the current server seed, committed before its first bet"),
  client_seed: z.string(),
  nonce: z.number().int().describe("Nonce of the next bet"),
  created_at: z.string(),
});

/** Every field optional, so a POST with no body at all is accepted too. */
/** The body is optional (keeps `client_seed` in the SDK's input type, which a preprocess would hide). */
export const rotateSeedRequestSchema = z
  .object({ client_seed: clientSeedSchema.optional() })
  .nullish()
  .transform((body) => body ?? {});
export const rotateSeedResponseSchema = z.object({
  previous: z.object({
    server_seed: z.string(),
    server_seed_hash: z.string(),
    client_seed: z.string(),
    bets: z.number().int(),
  }),
  current: seedStateSchema,
});

export const verifyRequestSchema = z.union([
  z.object({ bet_id: z.string().min(1).max(64) }),
  z.object({
    server_seed: z.string().regex(/^[0-9a-f]{64}$/, "server_seed is 64 lowercase hex characters"),
    client_seed: z.string().min(1).max(64),
    nonce: z.number().int().min(0),
    game: gameSchema,
    prediction: z.string().min(1).max(32),
    amount: amountSchema("amount").optional(),
    edge_bps: z.number().int().min(0).max(5_000).optional(),
  }),
]);

export const verifyResponseSchema = z.object({
  server_seed_hash: z.string(),
  float: z.number(),
  result: z.string(),
  outcome: z.enum(["win", "loss"]),
  multiplier: z.number(),
  ...moneyShape("payout"),
  matches: z.boolean().nullable().describe("For a bet_id: whether the recomputation equals the stored bet"),
});

export const gamesResponseSchema = z.object({
  house_edge_bps: z.number().int(),
  ...moneyShape("min_bet"),
  ...moneyShape("max_bet"),
  max_win_bankroll_bps: z.number().int().describe("A bet's largest possible win may not exceed this share of the house bankroll"),
  ...moneyShape("house_bankroll"),
  games: z.array(
    z.object({
      game: gameSchema,
      rules: z.string(),
      predictions: z.string(),
      payouts: z.array(z.object({ prediction: z.string(), win_chance: z.number(), multiplier: z.number() })),
    }),
  ),
});

export type BetRequest = z.output<typeof betRequestSchema>;
export type Bet = z.infer<typeof betSchema>;
export type BetResponse = z.infer<typeof betResponseSchema>;
export type SeedState = z.infer<typeof seedStateSchema>;
export type VerifyRequest = z.output<typeof verifyRequestSchema>;
export type VerifyResponse = z.infer<typeof verifyResponseSchema>;
export type GamesResponse = z.infer<typeof gamesResponseSchema>;
