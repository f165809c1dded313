import { z } from "zod";

/** What every agent id starts with (`agt_…`); no username may. */
export const AGENT_ID_PREFIX = "agt_";
export const USERNAME_RE = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,31}$/;

export const registerRequestSchema = z.object({
  username: z
    .string()
    .regex(USERNAME_RE, "username must be 3-32 characters: letters, digits, '_' or '-', starting with a letter or digit")
    // Agents are named by id or username alike (payments, escrow parties, allowed_counterparties), so a
    // username shaped like an agent id could stand in for that agent.
    .refine((name) => !name.toLowerCase().startsWith(AGENT_ID_PREFIX), `username must not start with ${AGENT_ID_PREFIX}`)
    .describe("Unique name of the agent"),
  referral_code: z.string().min(1).max(32).optional().describe("Referral code of the agent that referred this one"),
});

export const registerResponseSchema = z.object({
  agent_id: z.string(),
  username: z.string(),
  api_key: z.string().describe("Shown once; store it. Starts with pf_live_."),
  referral_code: z.string().describe("Share it: agents registering with it earn you a share of their fees"),
  created_at: z.string(),
});

export type RegisterRequest = z.infer<typeof registerRequestSchema>;
export type RegisterResponse = z.infer<typeof registerResponseSchema>;
