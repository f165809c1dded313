import type { SqlTx } from "@purpleflea/ledger";
import { approvalRequiredSchema, type ErrorBody, type Operation } from "@purpleflea/protocol";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { checkIdempotencyKey, type HttpResult, requestHash, runIdempotent } from "../http/idempotency.ts";
import { type OperationContext, operationRoute } from "../http/operation-route.ts";
import { setLimitReachedHeaders } from "../http/rate-limit-headers.ts";
import type { Platform } from "../platform.ts";
import { type ActionResult, runMoneyAction } from "../policy/money-action.ts";
import { caller, principalOf } from "./auth.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The JSON body as sent, before validation turned amounts into bigints. */
    rawBody: unknown;
    /** Hash of the request as sent, for Idempotency-Key checks. */
    idempotencyHash: string | null;
  }
}

export function registerIdempotencyHashing(app: FastifyInstance): void {
  app.decorateRequest("rawBody", null);
  app.decorateRequest("idempotencyHash", null);
  app.addHook("preValidation", async (request) => {
    if (request.method !== "POST") return;
    request.rawBody = request.body;
    if (request.headers["idempotency-key"] === undefined) return;
    const callerKeyId = principalOf(request).keyId;
    // The path as sent, not the route's pattern: approving or executing another id is another request.
    request.idempotencyHash = requestHash(callerKeyId, request.method, request.url, request.body);
  });
}

/**
 * What a write answers: the operation's own status unless `run` says otherwise (a money action's
 * 202 or an audited denial). The body is sent as it is, already in its wire form.
 */
export interface WriteResult {
  status?: number;
  body: unknown;
}

/**
 * The route of every idempotent write: one transaction that honours Idempotency-Key and answers only
 * after it is durably committed. `run` may return a failure (audited denials) or throw one; both are
 * stored for replay. Writes that move the caller's money to someone else use `moneyRoute` instead,
 * which runs them behind the risk gate.
 */
export function writeRoute<O extends Operation>(
  app: FastifyInstance,
  platform: Platform,
  op: O,
  run: (tx: SqlTx, context: OperationContext<O>) => Promise<WriteResult>,
  otherResponses: Record<number, z.ZodType> = {},
): void {
  operationRoute(
    app,
    op,
    (context) =>
      sendWrite(platform, context.request, context.reply, async (tx) => {
        const { status = op.status, body } = await run(tx, context);
        return { status, body };
      }),
    otherResponses,
  );
}

/** Resolves with nothing: a reply is thenable, so returning it through a promise would wait for it. */
async function sendWrite(
  platform: Platform,
  request: FastifyRequest,
  reply: FastifyReply,
  run: (tx: SqlTx) => Promise<ActionResult>,
): Promise<void> {
  const header = request.headers["idempotency-key"];
  const key = typeof header === "string" ? checkIdempotencyKey(header) : undefined;
  const { ownerId } = principalOf(request);
  const result: HttpResult = await platform.store.write(async (tx) => {
    const attempt = async () => withRequestId(await run(tx), request.id);
    if (key === undefined || request.idempotencyHash === null) {
      const { status, body } = await attempt();
      return { status, json: JSON.stringify(body), replayed: false };
    }
    const scope = { agentId: ownerId, key, requestHash: request.idempotencyHash, requestId: request.id };
    return runIdempotent(tx, scope, attempt);
  });
  if (result.replayed) reply.header("idempotent-replayed", "true");
  // A limit the action returned rather than threw (pending approvals) still says when to come back.
  if (result.status === 429) setLimitReachedHeaders(reply, (JSON.parse(result.json) as ErrorBody).error.details);
  reply.code(result.status).type("application/json; charset=utf-8").send(result.json);
}

/** A failure `run` returned (an audited denial) names its request, as a thrown one does in the error handler. */
function withRequestId(result: ActionResult, requestId: string): ActionResult {
  const { error } = (result.body ?? {}) as Partial<ErrorBody>;
  if (result.status < 400 || error === undefined) return result;
  return { ...result, body: { error: { ...error, request_id: requestId } } };
}

/** The route of a money-moving operation: it runs the platform's action for it behind the risk gate. */
export function moneyRoute(app: FastifyInstance, platform: Platform, op: Operation): void {
  const action = platform.actions.get(op.id);
  if (!action) throw new Error(`${op.id} has no money action (see money-actions.ts)`);
  writeRoute(
    app,
    platform,
    action.op,
    (tx, { request, body }) =>
      runMoneyAction(tx, {
        identity: caller(request),
        action,
        body,
        rawBody: request.rawBody,
        mode: "direct",
        approvalTtlMs: platform.config.APPROVAL_TTL_MS,
      }),
    { 202: approvalRequiredSchema },
  );
}
