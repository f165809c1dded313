import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { API_PREFIX, type Operation, operations } from "@purpleflea/protocol";
import { PurpleFlea } from "@purpleflea/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operatorKey, registerAgent, startTestServer, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const registry = Object.values(operations) as Operation[];

async function openApiRoutes(): Promise<string[]> {
  const doc = await server.call<{ paths: Record<string, Record<string, unknown>> }>("/openapi.json");
  return Object.entries(doc.body.paths)
    .filter(([path]) => path.startsWith(API_PREFIX))
    .flatMap(([path, methods]) =>
      Object.keys(methods).map(
        (method) => `${method.toUpperCase()} ${path.slice(API_PREFIX.length).replace(/\{(\w+)\}/g, ":$1")}`,
      ),
    );
}

async function mcpToolNames(key: string): Promise<string[]> {
  const client = new Client({ name: "drift", version: "1.0.0" });
  const headers = { authorization: `Bearer ${key}` };
  await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers } }));
  const { tools } = await client.listTools();
  await client.close();
  return tools.map((t) => t.name);
}

describe("derived surfaces do not drift", () => {
  it("every OpenAPI route is an operation with an SDK method and, if it needs a key, an MCP tool", async () => {
    const routes = await openApiRoutes();
    const pf = new PurpleFlea({ baseUrl: server.url }) as unknown as Record<string, Record<string, unknown>>;
    const agentTools = new Set(await mcpToolNames((await registerAgent(server)).apiKey));
    const operatorTools = new Set(await mcpToolNames(await operatorKey(server)));
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      const op = registry.find((candidate) => `${candidate.method} ${candidate.path}` === route);
      expect(op, `${route} has no operation in the registry`).toBeDefined();
      if (!op) continue;
      const [namespace = "", method = ""] = op.id.split(".");
      expect(typeof pf[namespace]?.[method], `SDK method ${op.id}`).toBe("function");
      // A live stream has no MCP tool (MCP here answers each request once); `list_events` reads the same events.
      if (!op.auth || op.stream) continue;
      const tool = op.tool ?? "";
      if (op.principal !== "operator") expect(agentTools.has(tool), `agent MCP tool for ${route}`).toBe(true);
      if (op.principal !== undefined) expect(operatorTools.has(tool), `operator MCP tool for ${route}`).toBe(true);
      if (op.principal === "operator") expect(agentTools.has(tool), `agents never see ${tool}`).toBe(false);
    }
  });

  it("every operation in the registry is served and documented", async () => {
    const routes = new Set(await openApiRoutes());
    for (const op of registry) expect(routes.has(`${op.method} ${op.path}`), op.id).toBe(true);
    expect(new Set(registry.map((op) => op.id)).size).toBe(registry.length);
    expect(new Set(registry.map((op) => op.tool).filter(Boolean)).size).toBe(registry.filter((op) => op.tool).length);
  });

  it("exactly the operations marked gated pass the risk gate", () => {
    const gated = registry.filter((op) => op.gated).map((op) => op.id);
    expect([...server.server.platform.actions.keys()].sort()).toEqual(gated.sort());
    for (const op of registry.filter((op) => op.gated)) expect(op.moves, op.id).toBe(true);
  });
});
