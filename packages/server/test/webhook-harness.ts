import { createServer, type IncomingHttpHeaders } from "node:http";
import { afterAll, beforeAll } from "vitest";
import { startTestServer, type TestAgent, type TestServer } from "./harness.ts";
import { api } from "./policy-harness.ts";

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  /** What the receiver answered: an HTTP status, or "hang" for no answer at all. */
  answer: number | "hang";
}

export interface Receiver {
  url: string;
  received: Received[];
  /** TCP connections accepted, answered or not: zero means nothing reached this port at all. */
  connections(): number;
  /** Parsed bodies of what was received, optionally of one event type. */
  events(type?: string): Array<{ id: string; type: string; data: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** Receivers in tests listen on 127.0.0.1, which the outbound guard refuses unless this is set. */
export const LOCAL_RECEIVERS = { OUTBOUND_ALLOW_PRIVATE_NETWORKS: "true" } as const;

/** A webhook receiver on 127.0.0.1; `answer` picks the reply to the n-th request (1-based). */
export async function startReceiver(answer: (n: number, body: string) => number | "hang" = () => 200): Promise<Receiver> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const reply = answer(received.length + 1, body);
      received.push({ headers: request.headers, body, answer: reply });
      if (reply !== "hang") response.writeHead(reply, { location: "http://127.0.0.1:1/elsewhere" }).end("ok");
    });
  });
  let connections = 0;
  server.on("connection", () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    connections: () => connections,
    events: (type) =>
      received.map((r) => JSON.parse(r.body)).filter((event: { type: string }) => type === undefined || event.type === type),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls until `check` holds; the bound is generous because the machine is shared, never a speed claim. */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function createWebhook(server: TestServer, owner: TestAgent, url: string, events: string[]) {
  const response = await server.call<{ webhook_id: string; secret: string }>(`${api}/webhooks`, {
    key: owner.apiKey,
    body: { url, events },
  });
  if (response.status !== 201) throw new Error(`webhook creation failed: ${JSON.stringify(response.body)}`);
  return { id: response.body.webhook_id, secret: response.body.secret };
}

export type Delivery = {
  delivery_id: string;
  event_id: string;
  event_type: string;
  status: string;
  attempts: Array<{ attempt: number; status_code: number | null; error: string | null }>;
};

export async function deliveries(server: TestServer, owner: TestAgent, webhookId: string): Promise<Delivery[]> {
  const response = await server.call<{ deliveries: Delivery[] }>(`${api}/webhooks/${webhookId}/deliveries`, {
    key: owner.apiKey,
  });
  return response.body.deliveries;
}

/** The file's server (fast webhook delivery, 100 USDC from the faucet) and one receiver, for every test in it. */
export function webhookFixture(): { server: TestServer; receiver: Receiver } {
  const fixture = {} as { server: TestServer; receiver: Receiver };
  beforeAll(async () => {
    fixture.server = await startTestServer({ FAUCET_AMOUNT: "100", WEBHOOK_POLL_INTERVAL_MS: "20", ...LOCAL_RECEIVERS });
    fixture.receiver = await startReceiver();
  });
  afterAll(async () => {
    await fixture.server.stop();
    await fixture.receiver.close();
  });
  return fixture;
}
