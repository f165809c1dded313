import { connect } from "node:net";
import { checkInvariants } from "@purpleflea/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { balanceStr, fundedAgent, registerAgent, startTestServer, type TestAgent, type TestServer } from "./harness.ts";
import { api, createKey, type ErrorBody } from "./policy-harness.ts";

/**
 * Issue 14, defects 3-5: nested JSON, framework errors and loose amounts. Each answer must be the one
 * error shape with a registry code, and nothing may move.
 */
let server: TestServer;
let payer: TestAgent;
let payee: TestAgent;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "10" });
  payer = await fundedAgent(server);
  payee = await registerAgent(server);
});
afterAll(() => server.stop());

const nested = (depth: number, inner = "0") => `${"[".repeat(depth)}${inner}${"]".repeat(depth)}`;

/** Sends raw bytes, so the body and headers are exactly what a hostile client would write. */
async function send(path: string, body: string | Uint8Array, headers: Record<string, string> = {}, method = "POST") {
  const response = await fetch(`${server.url}${path}`, {
    method,
    body: typeof body === "string" ? body : new Uint8Array(body),
    headers: { "content-type": "application/json", authorization: `Bearer ${payer.apiKey}`, ...headers },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as ErrorBody };
}

function expectError(response: { status: number; body: ErrorBody }, status: number, code: string) {
  expect([response.status, response.body.error?.code]).toEqual([status, code]);
  expect(Object.keys(response.body)).toEqual(["error"]);
}

describe("defect 3: deeply nested JSON is a 400 json_too_deep, on every path that used to crash", () => {
  const deep = (field: string, depth: number) => `{"to":"x","amount":"1","${field}":${nested(depth)}}`;

  it("a transfer with an Idempotency-Key, a proposal and a held request", async () => {
    expectError(await send(`${api}/wallet/transfer`, deep("memo", 4_000), { "idempotency-key": "deep-1" }), 400, "json_too_deep");
    expectError(
      await send(`${api}/proposals`, `{"operation":"wallet.transfer","request":${nested(6_000)}}`),
      400,
      "json_too_deep",
    );
    const owner = await fundedAgent(server);
    const trader = await createKey(server, owner, "held", ["transfer"], { approval_threshold: "0.5" });
    const held = await server.call<ErrorBody>(`${api}/wallet/transfer`, {
      key: trader.key,
      body: deep("memo", 10_000),
    });
    expectError(held, 400, "json_too_deep");
  });

  it("MCP at depth 30,000", async () => {
    const rpc = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_balance","arguments":{"x":${nested(30_000)}}}}`;
    const response = await send("/mcp", rpc, { accept: "application/json, text/event-stream" });
    expectError(response, 400, "json_too_deep");
  });

  it("a body at the depth limit still works", async () => {
    const response = await send(`${api}/wallet/transfer`, `{"to":"${payee.agentId}","amount":"0.01","x":${nested(30)}}`);
    expect(response.status).toBe(200);
  });
});

describe("defect 4: every error the framework raises is the one error shape with a registry code", () => {
  it("a path parameter over the router's length limit, before authentication", async () => {
    const response = await server.call<ErrorBody>(`${api}/keys/${"k".repeat(101)}/rotate`, { method: "POST" });
    expectError(response, 414, "url_too_long");
  });

  it("a malformed percent-encoding in the path", async () => {
    expectError(await server.call<ErrorBody>(`${api}/casino/bets/%E0%A4%A`), 400, "invalid_url");
  });

  it("invalid JSON, duplicate keys and a prototype key", async () => {
    expectError(await send(`${api}/wallet/transfer`, "{not json"), 400, "invalid_json");
    expectError(await send(`${api}/wallet/transfer`, `{"to":"a","amount":"1","amount":"2"}`), 400, "invalid_json");
    expectError(await send(`${api}/wallet/transfer`, `{"__proto__":{"admin":true},"to":"a","amount":"1"}`), 400, "invalid_json");
  });

  it("a malformed HTTP request and oversized headers", async () => {
    const raw = (text: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const url = new URL(server.url);
        const socket = connect(Number(url.port), url.hostname, () => socket.end(text));
        let data = "";
        socket.on("data", (chunk: Buffer) => {
          data += chunk.toString();
        });
        socket.on("close", () => resolve({ status: Number(data.split(" ")[1]), body: data.split("\r\n\r\n")[1] ?? "" }));
        socket.on("error", reject);
      });
    const garbage = await raw("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n");
    expect([garbage.status, JSON.parse(garbage.body).error.code]).toEqual([400, "invalid_request"]);
    const big = await raw(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect([big.status, JSON.parse(big.body).error.code]).toEqual([431, "headers_too_large"]);
  });

  it("a wrong method is a 405 with Allow, not a 404", async () => {
    const wrong = await server.call<ErrorBody>(`${api}/wallet/transfer`, { method: "GET", key: payer.apiKey });
    expectError(wrong, 405, "method_not_allowed");
    expect(wrong.headers.get("allow")).toBe("POST");
    const item = await server.call<ErrorBody>(`${api}/trade/orders/ord_x`, { method: "POST", key: payer.apiKey, body: {} });
    expectError(item, 405, "method_not_allowed");
    expect(item.headers.get("allow")).toBe("DELETE, GET, HEAD");
    const mcp = await server.call<ErrorBody>("/mcp", { method: "GET", key: payer.apiKey });
    expect([mcp.status, mcp.body.error?.code, mcp.headers.get("allow")]).toEqual([405, "method_not_allowed", "POST"]);
    expectError(await server.call<ErrorBody>(`${api}/nowhere`, { method: "GET" }), 404, "not_found");
  });
});

describe("defect 5: amounts exactly as documented, UTF-8 JSON only", () => {
  const transfer = (amountText: string) => send(`${api}/wallet/transfer`, `{"to":"${payee.agentId}","amount":${amountText}}`);

  it.each([
    ["1E-2", "invalid_amount"],
    ["1e2", "invalid_amount"],
    ["0.01e0", "invalid_amount"],
    ["0.010000000000000001", "amount_too_precise"],
    ["0.0100000", "amount_too_precise"],
    ['"  0.01"', "invalid_amount"],
    ['"0.01 "', "invalid_amount"],
    ['"+0.01"', "invalid_amount"],
    ['"1e2"', "invalid_amount"],
    ["-0", "amount_must_be_positive"],
  ])("refuses %s with %s, naming the field", async (text, code) => {
    const response = await transfer(text);
    expectError(response, 400, code);
    expect(response.body.error?.details?.field).toBe("amount");
  });

  it("takes the raw text of a number: trailing zeros within 6 decimals, and more than 15 digits exactly", async () => {
    expect((await transfer("0.010")).status).toBe(200);
    expect((await transfer("1.000000")).status).toBe(200);
    const big = await transfer("1234567890.123456");
    expectError(big, 422, "insufficient_funds");
    expect(await balanceStr(server, payee)).toBe("1.020000");
  });

  it("refuses a body in another charset with 415, and bytes that are not UTF-8 with invalid_json", async () => {
    const utf16 = Buffer.from(`{"to":"${payee.agentId}","amount":"0.01"}`, "utf16le");
    expectError(
      await send(`${api}/wallet/transfer`, utf16, { "content-type": "application/json; charset=utf-16" }),
      415,
      "unsupported_media_type",
    );
    const latin = `{"to":"${payee.agentId}","amount":"0.01"}`;
    expectError(
      await send(`${api}/wallet/transfer`, latin, { "content-type": "application/json; charset=latin1" }),
      415,
      "unsupported_media_type",
    );
    expect((await send(`${api}/wallet/transfer`, latin, { "content-type": "application/json; charset=UTF-8" })).status).toBe(200);
    const broken = Buffer.concat([
      Buffer.from(`{"to":"${payee.agentId}","amount":"0.01","memo":"`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    expectError(await send(`${api}/wallet/transfer`, broken), 400, "invalid_json");
  });

  it("moved nothing it refused, and the ledger balances", async () => {
    expect(await balanceStr(server, payee)).toBe("1.030000");
    expect(await server.server.platform.store.read(checkInvariants)).toMatchObject({ ok: true });
  });
});
