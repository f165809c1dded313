import { isOperatorKey, PurpleFleaError, type Scope } from "@purpleflea/protocol";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasScope, type KeyIdentity } from "../agents/api-keys.ts";
import { setRateLimitHeaders } from "../http/rate-limit-headers.ts";
import type { RateLimitState } from "../http/rate-limiter.ts";
import { type OperatorIdentity, PLATFORM_SCOPE } from "../operator/operator-keys.ts";
import type { Platform } from "../platform.ts";
import { recordAudit } from "../policy/audit.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The agent key's identity, on agent routes (and on `any` routes called with an agent key). */
    identity: KeyIdentity | null;
    /** The operator key's identity, on operator routes (and on `any` routes called with it). */
    operator: OperatorIdentity | null;
  }
  interface FastifyContextConfig {
    /** Routes that need no API key (registration). */
    public?: boolean;
    /** The scope a key needs for the route. */
    scope?: Scope;
    /** The operation's SDK name, for the audit log. */
    operation?: string;
    /** Whose key the route takes; agent routes when unset. */
    principal?: "operator" | "any";
  }
}

const BEARER_RE = /^Bearer\s+(\S+)\s*$/i;

/** Rate-limits by IP, then authenticates the Bearer key (agent or operator) and rate-limits by key. */
export function registerAuth(app: FastifyInstance, platform: Platform): void {
  app.decorateRequest("identity", null);
  app.decorateRequest("operator", null);
  app.addHook("onRequest", async (request, reply) => {
    const limit = (state: RateLimitState | null) => countRequest(reply, state);
    limit(platform.ipLimiter.take(`ip:${request.ip}`));
    const config = request.routeOptions.config;
    if (config.public) return;
    const key = bearerKey(request);
    const action = config.operation ?? request.routeOptions.url ?? "";
    if (isOperatorKey(key)) {
      if (config.principal === undefined) {
        throw new PurpleFleaError("agent_key_required", "this is an operator key; agent routes take the agent's own key");
      }
      const operator = await platform.operators.lookup(key);
      if (!operator) throw new PurpleFleaError("invalid_api_key", "the operator key is unknown or revoked");
      request.operator = operator;
      limit(platform.keyLimiter.take(operator.keyId));
      return;
    }
    const identity = await authenticate(platform, key);
    request.identity = identity;
    limit(platform.keyLimiter.take(identity.keyId));
    if (config.principal === "operator") await refuse(platform, identity, action, "operator_key_required");
    if (config.scope !== undefined && !hasScope(identity, config.scope)) await refuse(platform, identity, action, config.scope);
  });
}

function countRequest(reply: FastifyReply, state: RateLimitState | null): void {
  if (state === null) return;
  setRateLimitHeaders(reply, state);
  if (state.retryAfterS > 0) {
    throw new PurpleFleaError("rate_limited", "too many requests; slow down", {
      limit: state.limit,
      retry_after_s: state.retryAfterS,
    });
  }
}

/** A missing scope, or an agent key on an operator route, is a policy decision too: audited, then refused. */
async function refuse(platform: Platform, identity: KeyIdentity, action: string, missing: Scope | "operator_key_required") {
  const operatorOnly = missing === "operator_key_required";
  await platform.store.write((tx) =>
    recordAudit(tx, {
      agentId: identity.agentId,
      keyId: identity.keyId,
      action,
      decision: "denied",
      rule: operatorOnly ? missing : "insufficient_scope",
    }),
  );
  if (operatorOnly) throw new PurpleFleaError(missing, "this route takes the operator key (pf_op_...)");
  throw new PurpleFleaError("insufficient_scope", `this key lacks the ${missing} scope`, { required_scope: missing });
}

function bearerKey(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) throw new PurpleFleaError("missing_api_key", "send Authorization: Bearer pf_live_...");
  const key = BEARER_RE.exec(header)?.[1];
  if (key === undefined) throw new PurpleFleaError("invalid_api_key", "the API key is unknown or revoked");
  return key;
}

async function authenticate(platform: Platform, key: string): Promise<KeyIdentity> {
  const identity = await platform.keys.lookup(key);
  if (!identity) throw new PurpleFleaError("invalid_api_key", "the API key is unknown or revoked");
  return identity;
}

/** The authenticated agent; agent routes always have one. */
export function caller(request: FastifyRequest): KeyIdentity {
  if (!request.identity) throw new Error("route reached without authentication");
  return request.identity;
}

/** The authenticated operator; operator routes always have one. */
export function operatorCaller(request: FastifyRequest): OperatorIdentity {
  if (!request.operator) throw new Error("operator route reached without an operator key");
  return request.operator;
}

/** Whose records a request writes (idempotency, audit) and with which key: an agent, or the platform. */
export function principalOf(request: FastifyRequest): { ownerId: string; keyId: string } {
  if (request.identity) return { ownerId: request.identity.agentId, keyId: request.identity.keyId };
  if (request.operator) return { ownerId: PLATFORM_SCOPE, keyId: request.operator.keyId };
  return { ownerId: "", keyId: "" };
}
