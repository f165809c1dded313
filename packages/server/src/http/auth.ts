import { PurpleFleaError } from "@purpleflea/protocol";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { KeyIdentity } from "../agents/api-keys.ts";
import type { Platform } from "../platform.ts";

declare module "fastify" {
  interface FastifyRequest {
    identity: KeyIdentity | null;
  }
  interface FastifyContextConfig {
    /** Routes that need no API key (registration). */
    public?: boolean;
  }
}

const BEARER_RE = /^Bearer\s+(\S+)\s*$/i;

/** Rate-limits by IP, then authenticates the Bearer key and rate-limits by key. */
export function registerAuth(app: FastifyInstance, platform: Platform): void {
  app.decorateRequest("identity", null);
  app.addHook("onRequest", async (request) => {
    limit(platform.ipLimiter.take(`ip:${request.ip}`));
    if (request.routeOptions.config.public) return;
    request.identity = await authenticate(platform, request);
    limit(platform.keyLimiter.take(request.identity.keyId));
  });
}

function limit(retryAfterS: number): void {
  if (retryAfterS > 0) {
    throw new PurpleFleaError("rate_limited", "too many requests; slow down", { retry_after_s: retryAfterS });
  }
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
