import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.ts";
import { api, type ErrorBody } from "./policy-harness.ts";

/** Issue 14, defect 7: the approval callback cannot be used to probe ids, and /metrics is not public. */
const TOKEN = "metrics-token-0123456789";
let server: TestServer;
let closed: TestServer;
beforeAll(async () => {
  server = await startTestServer({ METRICS_TOKEN: TOKEN });
  closed = await startTestServer();
});
afterAll(async () => {
  await server.stop();
  await closed.stop();
});

describe("defect 7", () => {
  it("an unknown approval id and a bad token get the same answer", async () => {
    const unknown = await server.call<ErrorBody>(`${api}/approvals/apr_nope/callback`, {
      body: { decision: "approve", token: `whk_x.${"0".repeat(64)}` },
    });
    const other = await server.call<ErrorBody>(`${api}/approvals/apr_other/callback`, {
      body: { decision: "reject", token: "x" },
    });
    expect([unknown.status, unknown.body]).toEqual([403, other.body]);
    expect(unknown.body.error?.code).toBe("invalid_callback_token");
  });

  it("/metrics needs METRICS_TOKEN, compared as a bearer token, and is off without one", async () => {
    const scrape = (target: TestServer, authorization?: string) =>
      fetch(`${target.url}/metrics`, { headers: authorization ? { authorization } : {} });
    const anonymous = await scrape(server);
    expect([anonymous.status, ((await anonymous.json()) as ErrorBody).error?.code]).toEqual([401, "invalid_metrics_token"]);
    expect((await scrape(server, `Bearer ${TOKEN}x`)).status).toBe(401);
    expect((await scrape(server, `Bearer ${TOKEN.slice(1)}`)).status).toBe(401);
    const scraped = await scrape(server, `Bearer ${TOKEN}`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/purpleflea_store_commits_total \d+/);
    const off = await scrape(closed, `Bearer ${TOKEN}`);
    expect([off.status, ((await off.json()) as ErrorBody).error?.code]).toEqual([404, "not_found"]);
  });
});
