import autocannon from "autocannon";

export interface LoadResult {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses outside 2xx plus connection errors: each scenario expects none. */
  failures: number;
}

export interface LoadSpec {
  /** One URL per API node; the connections are split evenly over them, as a load balancer would. */
  urls: readonly string[];
  body: unknown;
  /** One API key per connection, so each connection acts as one agent. */
  keys?: readonly string[];
  connections: number;
  durationS: number;
}

/** Drives POST requests with autocannon from this process against servers in others. */
function loadOne(url: string, body: unknown, keys: readonly string[] | undefined, connections: number, durationS: number) {
  let next = 0;
  return autocannon({
    url,
    connections,
    duration: durationS,
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    setupClient: (client) => {
      const key = keys?.[next++ % keys.length];
      if (key) client.setHeaders({ "content-type": "application/json", authorization: `Bearer ${key}` });
    },
  });
}

/**
 * Loads every URL at once for the same time. With several nodes the figures combine: requests/s
 * add up, p50 is the request-weighted mean of the nodes' p50s, p99 the worst node's (an upper bound).
 */
export async function loadAcross(spec: LoadSpec): Promise<LoadResult> {
  const n = spec.urls.length;
  const results = await Promise.all(
    spec.urls.map((url, i) => {
      const connections = Math.floor(spec.connections / n) + (i < spec.connections % n ? 1 : 0);
      const keys = spec.keys?.filter((_, k) => k % n === i);
      return loadOne(url, spec.body, keys, connections, spec.durationS);
    }),
  );
  const rps = results.reduce((sum, r) => sum + r.requests.average, 0);
  return {
    rps,
    p50Ms: results.reduce((sum, r) => sum + r.latency.p50 * r.requests.average, 0) / (rps || 1),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    failures: results.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0),
  };
}
