import { SCOPES } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";
import { api, createKey, type ErrorBody } from "./policy-harness.ts";

/**
 * Issue 14, defect 2: a key can never create, rotate or reveal a key with a scope it lacks, only the
 * owner key rotates or revokes the owner key, and a webhook that receives approval tokens needs
 * `approve`. The matrix: every key scope (and the owner) x every key-management and webhook route,
 * each answer compared with the rule written out here, and nothing changed by a refusal.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ OUTBOUND_ALLOW_PRIVATE_NETWORKS: "true" });
});
afterAll(() => server.stop());

type Caller = { name: string; scopes: readonly string[]; owner?: true };
const callers: Caller[] = [
  ...SCOPES.map((scope) => ({ name: scope, scopes: [scope] })),
  { name: "admin+approve", scopes: ["admin", "approve"] },
  { name: "admin+bet+transfer", scopes: ["admin", "bet", "transfer"] },
  { name: "owner", scopes: SCOPES, owner: true },
];

type Target = "owner" | "self" | "bet" | "approve+transfer";
const targetScopes: Record<Exclude<Target, "owner" | "self">, string[]> = {
  bet: ["bet"],
  "approve+transfer": ["approve", "transfer"],
};

const holds = (caller: Caller, scopes: readonly string[]) => scopes.every((s) => s === "read" || caller.scopes.includes(s));
const admin = (caller: Caller) => caller.scopes.includes("admin");

/** The rule, independent of the server's code: the expected [status, code] of each route for a caller. */
function expected(route: string, caller: Caller, target?: Target): [number, string | null] {
  const scopeOf = (t: Target) => (t === "owner" ? SCOPES : t === "self" ? caller.scopes : targetScopes[t]);
  if (route === "policy.get") return [200, null];
  if (!admin(caller)) return [403, "insufficient_scope"];
  if (route.startsWith("keys.create:"))
    return holds(caller, route.slice(12).split(",")) ? [201, null] : [403, "insufficient_scope"];
  if (route === "webhooks.create:approvals") return caller.scopes.includes("approve") ? [201, null] : [403, "insufficient_scope"];
  if (route === "keys.rotate" || route === "keys.revoke") {
    const t = target as Target;
    if (t === "owner" && !caller.owner) return [403, "owner_key_required"];
    if (route === "keys.revoke" && (t === "self" || (t === "owner" && caller.owner))) return [409, "cannot_revoke_current_key"];
    if (route === "keys.rotate" && !holds(caller, scopeOf(t))) return [403, "insufficient_scope"];
    return [200, null];
  }
  return [route === "webhooks.create:orders" ? 201 : 200, null];
}

interface Scene {
  owner: TestAgent;
  key: string;
  keyId: string;
  ownerKeyId: string;
}

async function scene(caller: Caller): Promise<Scene> {
  const owner = await registerAgent(server);
  const keys = await server.call<{ keys: Array<{ key_id: string }> }>(`${api}/keys`, { key: owner.apiKey });
  const ownerKeyId = keys.body.keys[0]?.key_id ?? "";
  if (caller.owner) return { owner, key: owner.apiKey, keyId: ownerKeyId, ownerKeyId };
  const own = await createKey(server, owner, caller.name, [...caller.scopes]);
  return { owner, key: own.key, keyId: own.id, ownerKeyId };
}

async function keyState(s: Scene): Promise<string> {
  const list = await server.call(`${api}/keys`, { key: s.owner.apiKey });
  return JSON.stringify(list.body);
}

const outcome = (r: { status: number; body: ErrorBody }): [number, string | null] => [r.status, r.body.error?.code ?? null];

describe("defect 2: key scopes x key-management and webhook routes", () => {
  for (const caller of callers) {
    it(`a key with ${caller.name}`, async () => {
      const s = await scene(caller);
      const as = (path: string, method = "GET", body?: unknown) =>
        server.call<ErrorBody>(`${api}${path}`, { method, key: s.key, ...(body === undefined ? {} : { body }) });
      const rows: Array<[string, [number, string | null], [number, string | null]]> = [];
      const check = async (route: string, call: () => Promise<{ status: number; body: ErrorBody }>, target?: Target) => {
        const before = await keyState(s);
        const want = expected(route, caller, target);
        const got = outcome(await call());
        rows.push([`${route}${target ? ` ${target}` : ""}`, got, want]);
        if (want[0] >= 400) expect(await keyState(s), `${route} ${target} changed keys`).toBe(before);
      };
      for (const scopes of [["read"], ["bet"], ["transfer", "approve"], ["admin"], [...SCOPES]]) {
        await check(`keys.create:${scopes.join(",")}`, () => as("/keys", "POST", { name: "minted", scopes }));
      }
      await check("keys.list", () => as("/keys"));
      await check("policy.get", () => as("/policy"));
      await check("policy.set", () => as("/policy", "POST", { policy: { max_per_day: 5 } }));
      for (const route of ["keys.rotate", "keys.revoke"] as const) {
        for (const target of ["owner", "bet", "approve+transfer", "self"] as const) {
          const id =
            target === "owner"
              ? s.ownerKeyId
              : target === "self"
                ? s.keyId
                : (await createKey(server, s.owner, target, targetScopes[target])).id;
          // Rotating itself changes the caller's secret: that row runs last, on its own.
          if (route === "keys.rotate" && (target === "self" || (target === "owner" && caller.owner))) continue;
          await check(
            route,
            () => (route === "keys.rotate" ? as(`/keys/${id}/rotate`, "POST") : as(`/keys/${id}`, "DELETE")),
            target,
          );
        }
      }
      const hook = (events: string[]) => as("/webhooks", "POST", { url: "http://127.0.0.1:9/hook", events });
      await check("webhooks.create:approvals", () => hook(["approval.requested"]));
      await check("webhooks.create:approvals", () => hook(["*"]));
      await check("webhooks.create:approvals", () => hook(["approval.*"]));
      await check("webhooks.create:orders", () => hook(["order.filled", "escrow.*"]));
      const ownerHook = await server.call<{ webhook_id: string }>(`${api}/webhooks`, {
        key: s.owner.apiKey,
        body: { url: "http://127.0.0.1:9/owner", events: ["bet.settled"] },
      });
      const hookId = ownerHook.body.webhook_id;
      await check("webhooks.list", () => as("/webhooks"));
      await check("webhooks.deliveries", () => as(`/webhooks/${hookId}/deliveries`));
      await check("webhooks.ping", () => as(`/webhooks/${hookId}/ping`, "POST"));
      await check("webhooks.delete", () => as(`/webhooks/${hookId}`, "DELETE"));
      await check("keys.rotate", () => as(`/keys/${s.keyId}/rotate`, "POST"), caller.owner ? "owner" : "self");
      expect(rows.map(([route, got]) => [route, ...got])).toEqual(rows.map(([route, , want]) => [route, ...want]));
    });
  }

  it("the issue's path: an admin-only key cannot get the owner secret, revoke the owner, or approve through a webhook", async () => {
    const owner = await registerAgent(server);
    const ops = await createKey(server, owner, "ops", ["admin"]);
    const ownerKeyId = (await server.call<{ keys: Array<{ key_id: string }> }>(`${api}/keys`, { key: owner.apiKey })).body.keys[0]
      ?.key_id;
    const rotate = await server.call<ErrorBody & { api_key?: string }>(`${api}/keys/${ownerKeyId}/rotate`, {
      method: "POST",
      key: ops.key,
    });
    expect([rotate.status, rotate.body.error?.code, rotate.body.api_key]).toEqual([403, "owner_key_required", undefined]);
    const revoke = await server.call<ErrorBody>(`${api}/keys/${ownerKeyId}`, { method: "DELETE", key: ops.key });
    expect(outcome(revoke)).toEqual([403, "owner_key_required"]);
    expect((await server.call(`${api}/wallet/balance`, { key: owner.apiKey })).status).toBe(200);
    const hook = await server.call<ErrorBody>(`${api}/webhooks`, {
      key: ops.key,
      body: { url: "http://127.0.0.1:9/hook", events: ["approval.requested"] },
    });
    expect([hook.status, hook.body.error?.details?.required_scope]).toEqual([403, "approve"]);
  });
});
