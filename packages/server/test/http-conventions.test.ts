import { connect } from "node:net";
import { type Operation, operations, VERSION } from "@purpleflea/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, LIMITS_OFF } from "../src/testing.ts";
import { CLI, spawnServer } from "./child-server.ts";
import { call, registerAgent, startTestServer, type TestServer } from "./harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const REQUEST_ID = /^req_[0-9A-Za-z]{22}$/;

/** A request Node's HTTP parser refuses never reaches Fastify; its answer is written on the socket. */
function malformedRequest(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write("NOT HTTP\r\n\r\n"));
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString();
    });
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
  });
}

describe("Request-Id", () => {
  it("is on every kind of response, unique, and in every error body", async () => {
    const agent = await registerAgent(server);
    const responses = [
      await server.call("/api/v1/wallet/balance", { key: agent.apiKey }),
      await server.call("/api/v1/wallet/balance"),
      await server.call("/api/v1/no/such/route"),
      await server.call("/api/v1/wallet/balance", { method: "DELETE", key: agent.apiKey }),
      await server.call("/api/v1/casino/bet", { key: agent.apiKey, body: { game: "dice", amount: -1, prediction: "x" } }),
      await server.call("/healthz"),
      await server.call("/openapi.json"),
      await server.call("/mcp", { method: "GET", key: agent.apiKey }),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 401, 404, 405, 400, 200, 200, 405]);
    const ids = responses.map((r) => r.headers.get("request-id") ?? "");
    for (const id of ids) expect(id).toMatch(REQUEST_ID);
    expect(new Set(ids).size).toBe(ids.length);
    for (const response of responses.filter((r) => r.status >= 400)) {
      expect((response.body.error as { request_id?: string }).request_id).toBe(response.headers.get("request-id"));
    }
  });

  it("is on the MCP endpoint's own answers and on a refused malformed request", async () => {
    const agent = await registerAgent(server);
    const mcp = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${agent.apiKey}`,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }),
    });
    expect(mcp.status).toBe(200);
    await mcp.text();
    expect(mcp.headers.get("request-id")).toMatch(REQUEST_ID);
    const answer = await malformedRequest(server.url);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    const header = /\r\nRequest-Id: (req_\w+)\r\n/.exec(answer)?.[1];
    expect(header).toMatch(REQUEST_ID);
    expect(answer).toContain(`"request_id":"${header}"`);
  });

  it("names the request in the server's log lines", async () => {
    const database = await createTestDatabase();
    const child = await spawnServer("node", [...CLI, "serve", "--port", "0"], {
      ...database.settings,
      ...LIMITS_OFF,
      LOG_LEVEL: "info",
    });
    try {
      const response = await call(child.url, "/api/v1/wallet/balance");
      const id = response.headers.get("request-id");
      expect(id).toMatch(REQUEST_ID);
      const logged = () =>
        child
          .output()
          .split("\n")
          .filter((line) => line.includes(`"request_id":"${id}"`));
      // Its "request completed" line may follow the answer: later requests flush it, with no timer.
      for (let i = 0; i < 100 && logged().length < 2; i++) await call(child.url, "/healthz");
      expect(logged().map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual([
        "incoming request",
        "request completed",
      ]);
    } finally {
      child.kill("SIGTERM");
      await child.exited;
      await database.drop();
    }
  });
});

describe("OpenAPI conventions", () => {
  interface Document {
    info: { version: string; license?: { name: string } };
    servers?: Array<{ url: string }>;
    paths: Record<string, Record<string, { operationId?: string; responses: Record<string, { headers?: object }> }>>;
    components: { headers: Record<string, unknown> };
  }

  it("gives every operation its SDK method name as operationId, and says servers, license and version", async () => {
    const { body } = await server.call<Document>("/openapi.json");
    const ids = Object.values(body.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    const expected = (Object.values(operations) as Operation[]).map((op) => op.id);
    expect([...ids].sort()).toEqual([...expected].sort());
    expect(body.info.version).toBe(VERSION);
    expect(body.info.license?.name).toBe("MIT");
    expect(body.servers).toEqual([expect.objectContaining({ url: "/" })]);
    const responses = Object.values(body.paths).flatMap((item) =>
      Object.values(item).flatMap((op) => Object.entries(op.responses)),
    );
    for (const [status, response] of responses) {
      expect(response.headers, status).toMatchObject({ "Request-Id": { $ref: "#/components/headers/Request-Id" } });
      if (status === "4XX") expect(response.headers).toHaveProperty("Retry-After");
    }
    expect(Object.keys(body.components.headers)).toContain("RateLimit-Remaining");
  });
});
