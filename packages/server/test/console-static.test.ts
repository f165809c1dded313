import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./harness.ts";

const html = { accept: "text/html,application/xhtml+xml" };
const METRICS_TOKEN = "console-static-metrics-token";
const built = mkdtempSync(join(tmpdir(), "pf-console-"));
const missing = mkdtempSync(join(tmpdir(), "pf-console-none-"));
let withBuild: TestServer;
let withoutBuild: TestServer;

beforeAll(async () => {
  mkdirSync(join(built, "assets"));
  writeFileSync(join(built, "index.html"), "<!doctype html><title>console</title><div id=root></div>");
  writeFileSync(join(built, "assets", "index-abc123.js"), "console.log(1)");
  [withBuild, withoutBuild] = await Promise.all([
    startTestServer({ CONSOLE_DIR: built, METRICS_TOKEN }),
    startTestServer({ CONSOLE_DIR: missing }),
  ]);
});
afterAll(async () => {
  await Promise.all([withBuild.stop(), withoutBuild.stop()]);
  rmSync(built, { recursive: true, force: true });
  rmSync(missing, { recursive: true, force: true });
});

const get = (server: TestServer, path: string, headers: Record<string, string> = html) =>
  fetch(`${server.url}${path}`, { headers });

describe("the console at /", () => {
  it("serves the build at / and for client routes, with hashed assets cached for good", async () => {
    for (const path of ["/", "/casino", "/operator/funding?agent=x"]) {
      const response = await get(withBuild, path);
      expect([path, response.status, await response.text()]).toEqual([
        path,
        200,
        expect.stringContaining("<title>console</title>"),
      ]);
      expect(response.headers.get("cache-control")).toBe("no-cache");
    }
    const asset = await get(withBuild, "/assets/index-abc123.js", {});
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toContain("immutable");
  });

  it("never shadows the API, MCP, docs, OpenAPI, health or metrics", async () => {
    const unknownApi = await get(withBuild, "/api/v1/nope");
    expect([unknownApi.status, ((await unknownApi.json()) as { error: { code: string } }).error.code]).toEqual([
      404,
      "not_found",
    ]);
    expect((await get(withBuild, "/healthz")).headers.get("content-type")).toContain("application/json");
    expect((await get(withBuild, "/openapi.json")).headers.get("content-type")).toContain("application/json");
    expect(await (await get(withBuild, "/docs/")).text()).toContain("swagger");
    const metrics = await get(withBuild, "/metrics", { ...html, authorization: `Bearer ${METRICS_TOKEN}` });
    expect(await metrics.text()).toContain("purpleflea_");
    expect((await get(withBuild, "/mcp")).status).toBe(405);
    expect((await fetch(`${withBuild.url}/mcp`, { method: "POST", headers: html })).status).toBe(401);
    // A missing file or an API client asking for JSON gets the JSON 404, not the page.
    expect((await get(withBuild, "/assets/gone.js", {})).status).toBe(404);
    expect((await get(withBuild, "/casino", { accept: "application/json" })).status).toBe(404);
  });

  it("says clearly that the build is missing, instead of failing", async () => {
    for (const path of ["/", "/casino"]) {
      const response = await get(withoutBuild, path);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain("npm run build");
    }
    expect((await get(withoutBuild, "/healthz")).status).toBe(200);
  });
});
