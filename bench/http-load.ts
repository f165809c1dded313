import autocannon from "autocannon";

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses outside 2xx plus connection errors: each scenario expects none. */
  failures: number;
}

export interface LoadSpec {
  url: string;
  body: unknown;
  /** One API key per connection, so each connection acts as one agent. */
  keys?: readonly string[];
  connections: number;
  durationS: number;
}

/** Drives POST requests with autocannon from this process against a server in another. */
export async function load(spec: LoadSpec): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationS,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spec.body),
    setupClient: (client) => {
      const key = spec.keys?.[next++ % spec.keys.length];
      if (key) client.setHeaders({ "content-type": "application/json", authorization: `Bearer ${key}` });
    },
  });
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}
