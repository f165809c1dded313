import { timingSafeEqual } from "node:crypto";
import type { Store } from "@purpleflea/ledger";
import { PurpleFleaError } from "@purpleflea/protocol";
import type { FastifyInstance, FastifyRequest } from "fastify";

const BUCKETS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 1_000, 5_000];

interface RouteStats {
  counts: Map<number, number>;
  buckets: number[];
  sumMs: number;
  total: number;
}

/**
 * Prometheus text exposition of request counts and latency per route, and of group commits, behind
 * `Authorization: Bearer <METRICS_TOKEN>`. Without a token set the endpoint is off: route names and
 * traffic are nobody's business by default.
 */
export function registerMetrics(app: FastifyInstance, store: Store, token: string | undefined): void {
  const routes = new Map<string, RouteStats>();
  app.addHook("onResponse", async (request, reply) => {
    const key = `${request.method} ${request.routeOptions.url ?? "unmatched"}`;
    let stats = routes.get(key);
    if (!stats) {
      stats = { counts: new Map(), buckets: BUCKETS_MS.map(() => 0), sumMs: 0, total: 0 };
      routes.set(key, stats);
    }
    const ms = reply.elapsedTime;
    stats.counts.set(reply.statusCode, (stats.counts.get(reply.statusCode) ?? 0) + 1);
    for (const [i, bound] of BUCKETS_MS.entries()) if (ms <= bound) stats.buckets[i] = (stats.buckets[i] ?? 0) + 1;
    stats.sumMs += ms;
    stats.total++;
  });
  app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    if (token === undefined) throw new PurpleFleaError("not_found", "/metrics is off: set METRICS_TOKEN to enable it");
    if (!bearerMatches(request, token))
      throw new PurpleFleaError("invalid_metrics_token", "send Authorization: Bearer <METRICS_TOKEN>");
    reply.type("text/plain; version=0.0.4");
    return render(routes, store);
  });
}

function bearerMatches(request: FastifyRequest, token: string): boolean {
  const given = Buffer.from(/^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "")?.[1] ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function render(routes: Map<string, RouteStats>, store: Store): string {
  const lines = [
    "# TYPE purpleflea_http_requests_total counter",
    "# TYPE purpleflea_http_request_duration_seconds histogram",
    "# TYPE purpleflea_store_commits_total counter",
    "# TYPE purpleflea_store_units_total counter",
  ];
  for (const [key, stats] of routes) {
    const [method, route] = key.split(" ");
    const labels = `method="${method}",route="${route}"`;
    for (const [status, count] of stats.counts)
      lines.push(`purpleflea_http_requests_total{${labels},status="${status}"} ${count}`);
    for (const [i, bound] of BUCKETS_MS.entries()) {
      lines.push(`purpleflea_http_request_duration_seconds_bucket{${labels},le="${bound / 1000}"} ${stats.buckets[i]}`);
    }
    lines.push(`purpleflea_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${stats.total}`);
    lines.push(`purpleflea_http_request_duration_seconds_sum{${labels}} ${stats.sumMs / 1000}`);
    lines.push(`purpleflea_http_request_duration_seconds_count{${labels}} ${stats.total}`);
  }
  const { commits, units } = store.stats();
  lines.push(`purpleflea_store_commits_total ${commits}`, `purpleflea_store_units_total ${units}`);
  return `${lines.join("\n")}\n`;
}
