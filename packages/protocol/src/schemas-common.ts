import { z } from "zod";
import { errorCodes } from "./errors.ts";

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(errorCodes) as [keyof typeof errorCodes, ...(keyof typeof errorCodes)[]]),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
      request_id: z.string().optional().describe("The Request-Id of the request that failed, as in the server's log"),
    }),
  })
  .describe("Every error has this shape; branch on `code`.");

export const assetSchema = z.enum(["USDC", "PAPER_USDC"]);
export type Asset = z.infer<typeof assetSchema>;

export const MAX_PAGE_SIZE = 200;

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  // The server refuses any cursor it did not issue (invalid_cursor); the pattern says what it issues.
  cursor: z.string().max(200).meta({ pattern: "^[0-9]{1,18}$" }).optional(),
});

/** Pages of tables listed by (created_at, id): the cursor is that pair in base64url, all a document can say of it. */
export const keysetPageQuerySchema = pageQuerySchema.extend({
  cursor: z.string().max(200).meta({ pattern: "^[A-Za-z0-9_-]{1,200}$" }).optional(),
});

export const healthSchema = z.object({ status: z.literal("ok") });
