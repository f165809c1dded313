import { type FeedEvent, operations } from "@purpleflea/protocol";
import { PurpleFlea, PurpleFleaClient } from "@purpleflea/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fundedAgent, operatorKey, startTestServer, type TestAgent, type TestServer } from "./harness.ts";

const api = "/api/v1";
let server: TestServer;
let operator: string;
let alice: TestAgent;
let bob: TestAgent;

beforeAll(async () => {
  server = await startTestServer({ EVENTS_POLL_MS: "20", EVENTS_HEARTBEAT_MS: "100", EVENTS_MAX_STREAMS_PER_KEY: "2" });
  operator = await operatorKey(server);
  alice = await fundedAgent(server);
  bob = await fundedAgent(server);
});
afterAll(() => server.stop());

const bet = (agent: TestAgent) =>
  server.call<{ bet_id: string }>(`${api}/casino/bet`, {
    key: agent.apiKey,
    body: { game: "coinflip", amount: 0.01, prediction: "heads" },
  });

/** Reads events off a stream until `count` arrived (bounded by the test timeout), then closes it. */
async function take(stream: AsyncGenerator<{ cursor: string; event: FeedEvent }>, count: number) {
  const got: Array<{ cursor: string; event: FeedEvent }> = [];
  for await (const item of stream) {
    got.push(item);
    if (got.length === count) break;
  }
  return got;
}

describe("events feed", () => {
  it("pages the caller's own events in order; the operator sees everyone's", async () => {
    await bet(alice);
    await bet(bob);
    const own = await server.call<{ events: FeedEvent[]; cursor: string; has_more: boolean }>(`${api}/events`, {
      key: alice.apiKey,
    });
    expect(own.body.events.map((e) => [e.type, e.agent_id])).toEqual([["bet.settled", alice.agentId]]);
    const after = await server.call<{ events: FeedEvent[] }>(`${api}/events?after=${own.body.cursor}`, { key: alice.apiKey });
    expect(after.body.events).toEqual([]);
    const all = await server.call<{ events: FeedEvent[] }>(`${api}/events?limit=500`, { key: operator });
    expect(all.body.events.map((e) => e.agent_id)).toEqual(expect.arrayContaining([alice.agentId, bob.agentId]));
    const bad = await server.call<{ error: { code: string } }>(`${api}/events?after=nonsense`, { key: alice.apiKey });
    expect([bad.status, bad.body.error.code]).toEqual([400, "invalid_cursor"]);
  });
});

describe("live event stream (SSE)", () => {
  it("delivers new events live, scoped to the caller, and resumes after Last-Event-ID", async () => {
    const stop = new AbortController();
    const pf = new PurpleFlea({ apiKey: alice.apiKey, baseUrl: server.url });
    let opened!: () => void;
    const open = new Promise<void>((resolve) => {
      opened = resolve;
    });
    const live = pf.events.stream({}, { signal: stop.signal, onOpen: () => opened() });
    const received = take(live, 2);
    await open;
    await bet(bob);
    const first = await bet(alice);
    const second = await bet(alice);
    const events = await received;
    stop.abort();
    expect(events.map(({ event }) => [event.type, (event.data as { bet_id: string }).bet_id])).toEqual([
      ["bet.settled", first.body.bet_id],
      ["bet.settled", second.body.bet_id],
    ]);
    // Resume after the first: exactly the second comes again, nothing else.
    const client = new PurpleFleaClient({ apiKey: alice.apiKey, baseUrl: server.url });
    const resumeStop = new AbortController();
    const resumed = await take(
      client.stream(operations.eventStream, {}, { lastEventId: events[0]?.cursor as string, signal: resumeStop.signal }),
      1,
    );
    resumeStop.abort();
    expect(resumed.map(({ event }) => (event.data as { bet_id: string }).bet_id)).toEqual([second.body.bet_id]);
  });

  it("sends heartbeats, takes Last-Event-ID over `after`, and refuses a bad cursor before streaming", async () => {
    const stop = new AbortController();
    const response = await fetch(`${server.url}${api}/events/stream`, {
      headers: { authorization: `Bearer ${operator}` },
      signal: stop.signal,
    });
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = "";
    while (!text.includes(": heartbeat")) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/^retry: \d+\n: connected\n\n/);
    stop.abort();
    const bad = await fetch(`${server.url}${api}/events/stream?after=x`, {
      headers: { authorization: `Bearer ${alice.apiKey}`, "last-event-id": "also-bad" },
    });
    expect([bad.status, ((await bad.json()) as { error: { details: { field: string } } }).error.details.field]).toEqual([
      400,
      "Last-Event-ID",
    ]);
  });

  it("bounds the streams open per key", async () => {
    const stops = [new AbortController(), new AbortController()];
    const opened = await Promise.all(
      stops.map((stop) =>
        fetch(`${server.url}${api}/events/stream`, { headers: { authorization: `Bearer ${bob.apiKey}` }, signal: stop.signal }),
      ),
    );
    expect(opened.map((r) => r.status)).toEqual([200, 200]);
    const third = await fetch(`${server.url}${api}/events/stream`, { headers: { authorization: `Bearer ${bob.apiKey}` } });
    expect([third.status, ((await third.json()) as { error: { code: string } }).error.code]).toEqual([
      429,
      "stream_limit_reached",
    ]);
    const health = await server.call<{ streams: { open: number } }>(`${api}/operator/health`, { key: operator });
    expect(health.body.streams.open).toBeGreaterThanOrEqual(2);
    for (const stop of stops) stop.abort();
  });
});
