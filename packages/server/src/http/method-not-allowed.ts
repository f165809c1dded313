import type { FastifyInstance } from "fastify";
import Router, { type HTTPMethod } from "find-my-way";

/** The methods a concrete path answers, sorted; empty when no route has the path at all. */
export type AllowedMethods = (path: string) => string[];

/**
 * Records every route the app registers, by method, so a path that exists under another method is a
 * 405 with `Allow` rather than a 404. It is a second find-my-way router (Fastify's own), so paths match
 * exactly as Fastify matches them; Fastify has no lookup by concrete path across methods.
 */
export function trackRoutes(app: FastifyInstance): AllowedMethods {
  const routes = Router();
  const methods = new Set<HTTPMethod>();
  app.addHook("onRoute", (route) => {
    for (const method of ([] as string[]).concat(route.method).map((m) => m.toUpperCase() as HTTPMethod)) {
      if (routes.hasRoute(method, route.url)) continue;
      routes.on(method, route.url, () => undefined);
      methods.add(method);
    }
  });
  return (path) => [...methods].filter((method) => routes.find(method, path) !== null).sort();
}
