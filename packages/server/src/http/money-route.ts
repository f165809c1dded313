import type { SqlTx } from "@purpleflea/ledger";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Platform } from "../platform.ts";
import { caller } from "./auth.ts";
import { checkIdempotencyKey, type HttpResult, requestHash, runIdempotent } from "./idempotency.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** Hash of the request as sent, taken before validation turns amounts into bigints. */
    idempotencyHash: string | null;
  }
}

export function registerIdempotencyHashing(app: FastifyInstance): void {
  app.decorateRequest("idempotencyHash", null);
  app.addHook("preValidation", async (request) => {
    const key = request.headers["idempotency-key"];
    if (request.method !== "POST" || key === undefined) return;
    const path = request.routeOptions.url ?? request.url;
    request.idempotencyHash = requestHash(request.method, path, request.body);
  });
}

/**
 * Runs a money-moving operation in one write transaction, honouring Idempotency-Key, and sends
 * the result only after it is durably committed.
 */
export async function sendMoneyMove(
  platform: Platform,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  op: (tx: SqlTx) => Promise<unknown>,
): Promise<FastifyReply> {
  const header = request.headers["idempotency-key"];
  const key = typeof header === "string" ? checkIdempotencyKey(header) : undefined;
  const { agentId } = caller(request);
  const result: HttpResult = await platform.store.write(async (tx) => {
    if (key === undefined || request.idempotencyHash === null) {
      return { status, json: JSON.stringify(await op(tx)), replayed: false };
    }
    const scope = { agentId, key, requestHash: request.idempotencyHash };
    return runIdempotent(tx, scope, async () => ({ status, body: await op(tx) }));
  });
  if (result.replayed) reply.header("idempotent-replayed", "true");
  return reply.code(result.status).type("application/json; charset=utf-8").send(result.json);
}
