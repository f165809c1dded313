import { PurpleFleaError, type Scope } from "@purpleflea/protocol";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { hasScope, type KeyIdentity } from "../agents/api-keys.ts";
import type { Platform } from "../platform.ts";
import { recordAudit } from "../policy/audit.ts";

declare module "fastify" {
  interface FastifyRequest {
    identity: KeyIdentity | null;
  }
  interface FastifyContextConfig {
    /** Routes that need no API key (registration). */
    public?: boolean;
    /** The scope a key needs for the route. */
    scope?: Scope;
    /** The operation's SDK name, for the audit log. */
    operation?: string;
  }
}

const BEARER_RE = /^Bearer\s+(\S+)\s*$/i;

/** Rate-limits by IP, then authenticates the Bearer key and rate-limits by key. */
export function registerAuth(app: FastifyInstance, platform: Platform): void {
  app.decorateRequest("identity", null);
  app.addHook("onRequest", async (request) => {
    limit(platform.ipLimiter.take(`ip:${request.ip}`));
    if (request.routeOptions.config.public) return;
    const identity = await authenticate(platform, request);
    request.identity = identity;
    limit(platform.keyLimiter.take(identity.keyId));
    const { scope, operation } = request.routeOptions.config;
    if (scope !== undefined && !hasScope(identity, scope))
      await refuseScope(platform, identity, scope, operation ?? request.routeOptions.url ?? "");
  });
}

function limit(retryAfterS: number): void {
  if (retryAfterS > 0) {
    throw new PurpleFleaError("rate_limited", "too many requests; slow down", { retry_after_s: retryAfterS });
  }
}

/** A missing scope is a policy decision too: audited, then refused. */
async function refuseScope(platform: Platform, identity: KeyIdentity, scope: Scope, action: string): Promise<never> {
  await platform.store.write((tx) =>
    recordAudit(tx, {
      agentId: identity.agentId,
      keyId: identity.keyId,
      action,
      decision: "denied",
      rule: "insufficient_scope",
    }),
  );
  throw new PurpleFleaError("insufficient_scope", `this key lacks the ${scope} scope`, { required_scope: scope });
}

async function authenticate(platform: Platform, request: FastifyRequest): Promise<KeyIdentity> {
  const header = request.headers.authorization;
  if (!header) throw new PurpleFleaError("missing_api_key", "send Authorization: Bearer pf_live_...");
  const key = BEARER_RE.exec(header)?.[1];
  const identity = key === undefined ? undefined : await platform.keys.lookup(key);
  if (!identity) throw new PurpleFleaError("invalid_api_key", "the API key is unknown or revoked");
  return identity;
}

/** The authenticated caller; routes behind auth always have one. */
export function caller(request: FastifyRequest): KeyIdentity {
  if (!request.identity) throw new Error("route reached without authentication");
  return request.identity;
}
