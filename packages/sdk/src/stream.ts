import { PurpleFleaError } from "@purpleflea/protocol";
import { createParser } from "eventsource-parser";
import { sleep } from "./retry.ts";

export interface StreamOptions {
  /** Resume after this cursor (an event's `cursor`); omitted: events from now on. */
  lastEventId?: string;
  /** Stop the stream (the iterator then ends). */
  signal?: AbortSignal;
  /** Called when a connection opens, e.g. to refetch what may have changed while disconnected. */
  onOpen?: () => void;
}

/** One event off a live stream, with the cursor to resume after it. */
export interface StreamedEvent<T> {
  cursor: string;
  event: T;
}

export interface StreamRequest {
  url: string;
  headers: Record<string, string>;
  fetch: typeof fetch;
}

const DEFAULT_RETRY_MS = 3_000;

/**
 * Server-sent events over fetch (so the Bearer key travels in a header, which EventSource cannot
 * do), reconnecting like EventSource: after the server's `retry:` delay, with Last-Event-ID, until
 * `signal` aborts. A 4xx (bad key, too many streams) ends the iterator by throwing its error.
 */
export async function* streamEvents<T>(request: StreamRequest, options: StreamOptions = {}): AsyncGenerator<StreamedEvent<T>> {
  let lastEventId = options.lastEventId;
  let retryMs = DEFAULT_RETRY_MS;
  while (!options.signal?.aborted) {
    const queue: StreamedEvent<T>[] = [];
    const parser = createParser({
      onEvent: (message) => {
        if (message.id !== undefined) lastEventId = message.id;
        if (message.event !== undefined) queue.push({ cursor: message.id ?? "", event: JSON.parse(message.data) as T });
      },
      onRetry: (ms) => {
        retryMs = ms;
      },
    });
    try {
      const headers = {
        ...request.headers,
        accept: "text/event-stream",
        ...(lastEventId ? { "last-event-id": lastEventId } : {}),
      };
      const response = await request.fetch(request.url, { headers, ...(options.signal ? { signal: options.signal } : {}) });
      if (response.status >= 400 && response.status < 500) {
        throw PurpleFleaError.fromBody(await response.json().catch(() => null), response.status);
      }
      if (response.ok && response.body) {
        options.onOpen?.();
        const decoder = new TextDecoder();
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          parser.feed(decoder.decode(value, { stream: true }));
          while (queue.length > 0) yield queue.shift() as StreamedEvent<T>;
        }
      }
    } catch (error) {
      if (error instanceof PurpleFleaError) throw error;
      if (options.signal?.aborted) return;
    }
    await sleep(retryMs);
  }
}
