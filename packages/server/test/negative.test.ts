import { checkInvariants } from "@purpleflea/ledger";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  balanceStr,
  type CallOptions,
  fundedAgent,
  registerAgent,
  startTestServer,
  type TestAgent,
  type TestServer,
} from "./harness.ts";

let server: TestServer;
let payer: TestAgent;
let payee: TestAgent;

beforeAll(async () => {
  server = await startTestServer({ BODY_LIMIT_BYTES: "2048" });
  payer = await fundedAgent(server);
  payee = await registerAgent(server);
});
afterAll(() => server.stop());

type KeyKind = "payer" | "none" | "unknown" | "malformed";
interface Row {
  name: string;
  method: "GET" | "POST";
  path: string;
  key?: KeyKind;
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  code: string;
  field?: string;
}

const authed: Array<Pick<Row, "method" | "path">> = [
  { method: "GET", path: "/wallet/balance" },
  { method: "GET", path: "/wallet/transactions" },
  { method: "POST", path: "/wallet/transfer" },
  { method: "POST", path: "/faucet/claim" },
  { method: "GET", path: "/faucet/status" },
];

const authRows: Row[] = authed.flatMap(({ method, path }) => [
  { name: `${path} without key`, method, path, key: "none" as const, status: 401, code: "missing_api_key" },
  { name: `${path} unknown key`, method, path, key: "unknown" as const, status: 401, code: "invalid_api_key" },
  { name: `${path} not Bearer`, method, path, key: "malformed" as const, status: 401, code: "invalid_api_key" },
]);

const transfer = (body: unknown, status: number, code: string, field?: string): Row => ({
  name: `transfer ${JSON.stringify(body)}`,
  method: "POST",
  path: "/wallet/transfer",
  body,
  status,
  code,
  ...(field ? { field } : {}),
});

const rows: Row[] = [
  ...authRows,
  {
    name: "register without username",
    method: "POST",
    path: "/auth/register",
    key: "none",
    body: {},
    status: 400,
    code: "invalid_request",
    field: "username",
  },
  {
    name: "register short username",
    method: "POST",
    path: "/auth/register",
    key: "none",
    body: { username: "ab" },
    status: 400,
    code: "invalid_request",
    field: "username",
  },
  {
    name: "register bad characters",
    method: "POST",
    path: "/auth/register",
    key: "none",
    body: { username: "bad name!" },
    status: 400,
    code: "invalid_request",
    field: "username",
  },
  {
    name: "register number username",
    method: "POST",
    path: "/auth/register",
    key: "none",
    body: { username: 12345 },
    status: 400,
    code: "invalid_request",
    field: "username",
  },
  {
    name: "register unknown referral",
    method: "POST",
    path: "/auth/register",
    key: "none",
    body: { username: "newbie-1", referral_code: "NOPE1234" },
    status: 400,
    code: "referral_code_not_found",
    field: "referral_code",
  },
  {
    name: "register invalid JSON",
    method: "POST",
    path: "/auth/register",
    key: "none",
    body: "{not json",
    status: 400,
    code: "invalid_json",
  },
  {
    name: "register text body",
    method: "POST",
    path: "/auth/register",
    key: "none",
    body: "username=x",
    headers: { "content-type": "text/plain" },
    status: 415,
    code: "unsupported_media_type",
  },
  {
    name: "register huge body",
    method: "POST",
    path: "/auth/register",
    key: "none",
    body: { username: "x".repeat(5000) },
    status: 413,
    code: "body_too_large",
  },
  transfer({ amount: 0.1 }, 400, "invalid_request", "to"),
  transfer({ to: "x" }, 400, "invalid_request", "amount"),
  transfer({ to: 42, amount: 0.1 }, 400, "invalid_request", "to"),
  transfer({ to: "payee", amount: 0 }, 400, "amount_must_be_positive", "amount"),
  transfer({ to: "payee", amount: -1 }, 400, "amount_must_be_positive", "amount"),
  transfer({ to: "payee", amount: "0.0000001" }, 400, "amount_too_precise", "amount"),
  transfer({ to: "payee", amount: 0.1234567 }, 400, "amount_too_precise", "amount"),
  transfer({ to: "payee", amount: "1e3" }, 400, "invalid_amount", "amount"),
  transfer({ to: "payee", amount: true }, 400, "invalid_request", "amount"),
  transfer({ to: "payee", amount: "NaN" }, 400, "invalid_amount", "amount"),
  transfer({ to: "payee", amount: "10000000000000" }, 400, "amount_too_large", "amount"),
  transfer({ to: "payee", amount: 0.1, memo: "m".repeat(281) }, 400, "invalid_request", "memo"),
  transfer({ to: "nobody-here", amount: 0.1 }, 404, "recipient_not_found", "to"),
  transfer({ to: "self", amount: 0.1 }, 400, "accounts_must_be_different", "to"),
  transfer({ to: "payee", amount: "1.000001" }, 422, "insufficient_funds"),
  {
    name: "transactions limit 0",
    method: "GET",
    path: "/wallet/transactions?limit=0",
    status: 400,
    code: "invalid_request",
    field: "limit",
  },
  {
    name: "transactions limit 1000",
    method: "GET",
    path: "/wallet/transactions?limit=1000",
    status: 400,
    code: "invalid_request",
    field: "limit",
  },
  {
    name: "transactions limit abc",
    method: "GET",
    path: "/wallet/transactions?limit=abc",
    status: 400,
    code: "invalid_request",
    field: "limit",
  },
  {
    name: "transactions bad cursor",
    method: "GET",
    path: "/wallet/transactions?cursor=garbage",
    status: 400,
    code: "invalid_cursor",
    field: "cursor",
  },
  {
    name: "transactions bad asset",
    method: "GET",
    path: "/wallet/transactions?asset=BTC",
    status: 400,
    code: "invalid_request",
    field: "asset",
  },
  { name: "faucet twice", method: "POST", path: "/faucet/claim", status: 409, code: "faucet_already_claimed" },
  { name: "unknown route", method: "GET", path: "/nope", status: 404, code: "not_found" },
];

function options(row: Row): CallOptions {
  const headers: Record<string, string> = { ...row.headers };
  const key = row.key ?? "payer";
  if (key === "payer") headers.authorization = `Bearer ${payer.apiKey}`;
  if (key === "unknown") headers.authorization = `Bearer pf_live_${"x".repeat(43)}`;
  if (key === "malformed") headers.authorization = `Basic ${payer.apiKey}`;
  const body = resolveNames(row.body);
  return { method: row.method, headers, ...(body === undefined ? {} : { body }) };
}

/** Rows name the parties symbolically because agents are created at test time. */
function resolveNames(body: unknown): unknown {
  if (!body || typeof body !== "object" || !("to" in body)) return body;
  const to = body.to === "payee" ? payee.agentId : body.to === "self" ? payer.username : body.to;
  return { ...body, to };
}

async function transferCount(): Promise<unknown> {
  return server.server.platform.store.read((tx) => tx.get("SELECT COUNT(*) AS n FROM ledger_transfers"));
}

describe("every route rejects bad input with the documented code and moves nothing", () => {
  it.each(rows)("$name -> $status $code", async (row) => {
    const before = await transferCount();
    const response = await server.call<{ error: { code: string; message: string; details?: { field?: string } } }>(
      `/api/v1${row.path}`,
      options(row),
    );
    expect(response.status).toBe(row.status);
    expect(response.body.error.code).toBe(row.code);
    expect(response.body.error.message.length).toBeGreaterThan(0);
    if (row.field) expect(response.body.error.details?.field).toBe(row.field);
    expect(await transferCount()).toEqual(before);
  });

  it("left every balance where it was and the ledger balanced", async () => {
    expect(await balanceStr(server, payer)).toBe("1.000000");
    expect(await balanceStr(server, payee)).toBe("0.000000");
    const report = await server.server.platform.store.read(checkInvariants);
    expect(report.violations).toEqual([]);
  });

  // A cursor names a row position; one past what SQLite's integers hold is as foreign as garbage.
  const pastInt64 = Buffer.from("s:9999999999999999999").toString("base64url");
  it.each([
    "/wallet/transactions",
    "/casino/bets",
    "/approvals",
    "/proposals",
    "/audit",
    "/escrow",
    "/trade/orders",
    "/trade/fills",
  ])("refuses a cursor beyond the largest position on %s", async (path) => {
    const response = await server.call<{ error: { code: string; details?: { field?: string } } }>(
      `/api/v1${path}?cursor=${pastInt64}`,
      { key: payer.apiKey },
    );
    expect([response.status, response.body.error?.code, response.body.error?.details?.field]).toEqual([
      400,
      "invalid_cursor",
      "cursor",
    ]);
  });

  it("refuses a revoked key", async () => {
    const agent = await registerAgent(server);
    await server.server.platform.store.write((tx) =>
      tx.run("UPDATE api_keys SET revoked_at = ? WHERE agent_id = ?", [Date.now(), agent.agentId]),
    );
    const response = await server.call<{ error: { code: string } }>("/api/v1/wallet/balance", { key: agent.apiKey });
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe("invalid_api_key");
  });

  it("refuses a duplicate username whatever its case", async () => {
    const response = await server.call<{ error: { code: string } }>("/api/v1/auth/register", {
      body: { username: payer.username.toUpperCase() },
    });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe("username_taken");
  });
});
