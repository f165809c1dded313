import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ METRICS_TOKEN: "test-metrics-token-1234" });
});
afterAll(() => server.stop());

interface Operation {
  security?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}

describe("OpenAPI document", () => {
  it("documents every API route with its success and error responses", async () => {
    const doc = await server.call<{ paths: Record<string, Record<string, Operation>> }>("/openapi.json");
    expect(doc.status).toBe(200);
    const documented = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    for (const [key, op] of Object.entries(doc.body.paths).flatMap(([, ops]) => Object.entries(ops))) {
      expect(
        Object.keys(op.responses).some((s) => s.startsWith("2")),
        key,
      ).toBe(true);
      expect(op.responses["4XX"] ?? op.responses["4xx"], key).toBeDefined();
    }
    expect(documented).toEqual(
      expect.arrayContaining([
        "POST /api/v1/auth/register",
        "GET /api/v1/wallet/balance",
        "GET /api/v1/wallet/transactions",
        "POST /api/v1/wallet/transfer",
        "POST /api/v1/faucet/claim",
        "GET /api/v1/faucet/status",
      ]),
    );
    expect(doc.body.paths["/api/v1/wallet/balance"]?.get?.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.body.paths["/api/v1/auth/register"]?.post?.security).toEqual([]);
  });

  it("serves the docs page", async () => {
    const response = await fetch(`${server.url}/docs/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("swagger");
  });

  it("exposes Prometheus metrics", async () => {
    await fetch(`${server.url}/healthz`);
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: "Bearer test-metrics-token-1234" } });
    const text = await response.text();
    expect(text).toContain('purpleflea_http_requests_total{method="GET",route="/healthz",status="200"}');
    expect(text).toMatch(/purpleflea_store_commits_total \d+/);
  });
});
