import { type Operation, operations } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundedAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";
import { api, type ErrorBody, pathOf } from "./policy-harness.ts";

let server: TestServer;
let owner: TestAgent;
beforeAll(async () => {
  server = await startTestServer();
  owner = await fundedAgent(server);
});
afterAll(() => server.stop());

const RISK_GATE_TAGS = new Set(["keys", "approvals", "proposals", "audit", "webhooks"]);
const gateOperations = (Object.values(operations) as Operation[]).filter((op) => RISK_GATE_TAGS.has(op.tag));

interface Row {
  method: string;
  path: string;
  body?: unknown;
  status: number;
  code: string;
  field?: string;
}

const rows: Row[] = [
  { method: "POST", path: "/policy", body: { policy: { max_per_day: -1 } }, status: 400, code: "amount_must_be_positive" },
  {
    method: "POST",
    path: "/policy",
    body: { policy: { max_per_hour: 1 } },
    status: 400,
    code: "invalid_request",
    field: "policy",
  },
  { method: "POST", path: "/policy", body: { policy: { max_share_of_balance_bps: 0 } }, status: 400, code: "invalid_request" },
  { method: "POST", path: "/keys", body: { name: "", scopes: ["read"] }, status: 400, code: "invalid_request", field: "name" },
  { method: "POST", path: "/keys", body: { name: "x", scopes: [] }, status: 400, code: "invalid_request", field: "scopes" },
  { method: "GET", path: "/approvals?status=maybe", status: 400, code: "invalid_request", field: "status" },
  { method: "GET", path: "/proposals?status=maybe", status: 400, code: "invalid_request", field: "status" },
  { method: "GET", path: "/audit?cursor=garbage", status: 400, code: "invalid_cursor", field: "cursor" },
  { method: "GET", path: "/audit?limit=0", status: 400, code: "invalid_request", field: "limit" },
  {
    method: "POST",
    path: "/approvals/apr_x/approve",
    body: { note: "n".repeat(501) },
    status: 400,
    code: "invalid_request",
    field: "note",
  },
  {
    method: "POST",
    path: "/proposals",
    body: { operation: "wallet.transfer", request: {}, rationale: "" },
    status: 400,
    code: "invalid_request",
    field: "rationale",
  },
  { method: "GET", path: "/webhooks/whk_x/deliveries?status=maybe", status: 400, code: "invalid_request", field: "status" },
  {
    method: "POST",
    path: "/approvals/apr_x/callback",
    body: { token: "t" },
    status: 400,
    code: "invalid_request",
    field: "decision",
  },
];

describe("risk-gate routes: error paths", () => {
  it.each(gateOperations.filter((op) => op.auth))("$id without a key is 401", async (op) => {
    const response = await server.call<ErrorBody>(pathOf(op), { method: op.method });
    expect([response.status, response.body.error?.code]).toEqual([401, "missing_api_key"]);
  });

  it.each(rows)("$method $path -> $status $code", async (row) => {
    const response = await server.call<ErrorBody>(`${api}${row.path}`, {
      method: row.method,
      key: owner.apiKey,
      ...(row.body === undefined ? {} : { body: row.body }),
    });
    expect([response.status, response.body.error?.code]).toEqual([row.status, row.code]);
    if (row.field) expect(response.body.error?.details?.field).toBe(row.field);
  });
});
