import { setTimeout as sleep } from "node:timers/promises";
import type { Store } from "@purpleflea/ledger";
import { LIMIT_CHECK_BACK_S, PurpleFleaError } from "@purpleflea/protocol";
import type { FastifyReply } from "fastify";
import type { EventPosition } from "./events.ts";
import { type EventScope, readFeed } from "./feed.ts";

export interface StreamSettings {
  pollMs: number;
  heartbeatMs: number;
  maxPerKey: number;
}

/** Events sent per database read; a stream far behind catches up page by page. */
const PAGE = 200;
/** What the browser's EventSource waits before reconnecting (our console reconnects the same way). */
const RETRY_MS = 3_000;

/**
 * Live event streams (server-sent events) of this process: at most `maxPerKey` open per key, each
 * polling the events table on its own (so events written by any node arrive), all ended on shutdown.
 */
export class EventStreams {
  private readonly perKey = new Map<string, number>();
  private readonly open = new Set<AbortController>();

  constructor(
    private readonly store: Store,
    private readonly settings: StreamSettings,
  ) {}

  get openCount(): number {
    return this.open.size;
  }

  /** Streams the scope's events after `position` until the client leaves or the server stops. */
  async serve(reply: FastifyReply, keyId: string, scope: EventScope, position: EventPosition): Promise<void> {
    const held = this.perKey.get(keyId) ?? 0;
    if (held >= this.settings.maxPerKey) {
      const message = `this key already has ${this.settings.maxPerKey} event streams open; close one first`;
      const details = { limit: this.settings.maxPerKey, retry_after_s: LIMIT_CHECK_BACK_S };
      throw new PurpleFleaError("stream_limit_reached", message, details);
    }
    this.perKey.set(keyId, held + 1);
    const stop = new AbortController();
    this.open.add(stop);
    reply.hijack();
    const res = reply.raw;
    res.on("close", () => stop.abort());
    try {
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
      });
      res.write(`retry: ${RETRY_MS}\n: connected\n\n`);
      await this.pump(reply, scope, position, stop.signal);
    } catch (error) {
      if (!stop.signal.aborted) reply.log.error({ err: error }, "event stream failed");
    } finally {
      this.open.delete(stop);
      const left = (this.perKey.get(keyId) ?? 1) - 1;
      if (left > 0) this.perKey.set(keyId, left);
      else this.perKey.delete(keyId);
      res.end();
    }
  }

  /** Ends every open stream (server shutdown); clients reconnect elsewhere with their Last-Event-ID. */
  closeAll(): void {
    for (const stop of this.open) stop.abort();
  }

  private async pump(reply: FastifyReply, scope: EventScope, start: EventPosition, signal: AbortSignal): Promise<void> {
    const res = reply.raw;
    let position = start;
    let quietSince = Date.now();
    while (!signal.aborted) {
      const { feed, position: next } = await this.store.read((tx) => readFeed(tx, scope, position, PAGE));
      position = next;
      for (const { cursor, ...event } of feed.events) {
        if (!res.write(`id: ${cursor}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)) await drained(res, signal);
      }
      if (feed.events.length > 0) quietSince = Date.now();
      else if (Date.now() - quietSince >= this.settings.heartbeatMs) {
        // A comment line: keeps proxies from timing the connection out and lets clients see it is alive.
        res.write(": heartbeat\n\n");
        quietSince = Date.now();
      }
      if (!feed.has_more) await sleep(this.settings.pollMs, undefined, { signal }).catch(() => undefined);
    }
  }
}

/** Waits until the socket takes more data, so a slow client holds one page in memory, not the whole backlog. */
function drained(res: FastifyReply["raw"], signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    res.once("drain", done);
    signal.addEventListener("abort", done, { once: true });
  });
}
