import { parseAmount } from "@purpleflea/protocol";
import type { RunningServer } from "../src/server.ts";
import { mintOperatorKey, startEphemeralServer, type TestDatabase } from "../src/testing.ts";

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  method?: string;
  key?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestServer {
  url: string;
  server: RunningServer;
  /** The server's own database, for tools (the CLI) that open it directly. */
  database?: TestDatabase;
  call<T = Record<string, unknown>>(path: string, options?: CallOptions): Promise<ApiResponse<T>>;
  stop(): Promise<void>;
}

/** Starts the real server on a free port over a fresh SQLite file; settings override the defaults. */
export async function startTestServer(settings: Record<string, string> = {}): Promise<TestServer> {
  const server = await startEphemeralServer(settings);
  return {
    url: server.url,
    server,
    database: server.database,
    call: (path, options) => call(server.url, path, options),
    stop: () => server.dispose(),
  };
}

export async function call<T>(baseUrl: string, path: string, options: CallOptions = {}): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers["content-type"] ??= "application/json";
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(`${baseUrl}${path}`, { method: options.method ?? (body ? "POST" : "GET"), headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as T };
}

let counter = 0;

export interface TestAgent {
  agentId: string;
  apiKey: string;
  username: string;
}

export async function registerAgent(server: TestServer, username = `agent-${process.pid}-${++counter}`): Promise<TestAgent> {
  const response = await server.call<{ agent_id: string; api_key: string }>("/api/v1/auth/register", { body: { username } });
  if (response.status !== 201) throw new Error(`register failed: ${JSON.stringify(response.body)}`);
  return { agentId: response.body.agent_id, apiKey: response.body.api_key, username };
}

/** An agent holding the faucet's USDC. */
export async function fundedAgent(server: TestServer): Promise<TestAgent> {
  const agent = await registerAgent(server);
  const claim = await server.call("/api/v1/faucet/claim", { method: "POST", key: agent.apiKey });
  if (claim.status !== 200) throw new Error(`faucet failed: ${JSON.stringify(claim.body)}`);
  return agent;
}

export async function balanceStr(server: TestServer, agent: TestAgent): Promise<string> {
  const response = await server.call<{ balance_str: string }>("/api/v1/wallet/balance", { key: agent.apiKey });
  return response.body.balance_str;
}

/** A fresh operator key, made the way `purpleflea operator create-key` makes one. */
export function operatorKey(server: TestServer): Promise<string> {
  return mintOperatorKey(server.server);
}

/** Micro-units of an amount string from a response (`new_balance_str`, `payout_str`, …). */
export const micro = (text: string): bigint => parseAmount(text, "amount", { allowZero: true });
