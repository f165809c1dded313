import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** Server paths the console's client-side routes may never shadow. */
const RESERVED = ["/api", "/mcp", "/docs", "/openapi.json", "/healthz", "/metrics"];

/**
 * The console's build inside this package (`packages/server/console`, where `apps/console` builds to
 * and what the npm package ships), from src/ and dist/ alike; CONSOLE_DIR points elsewhere.
 */
export function consoleDir(configured: string | undefined): string {
  return configured ?? fileURLToPath(new URL("../../console/", import.meta.url));
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Purple Flea: console not built</title>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto;line-height:1.5">
<h1>The console is not built</h1>
<p>The API is running (<a href="/docs">/docs</a>, <a href="/healthz">/healthz</a>), but the web console's
static build is missing. It is made by <code>npm install</code>; to make it now, run <code>npm run build</code>
in the repository and reload this page.</p></body>`;

/** A page request the console answers: a GET for HTML outside the server's own paths. */
function isPageRequest(request: FastifyRequest): boolean {
  if (request.method !== "GET" && request.method !== "HEAD") return false;
  const path = request.url.split("?")[0] ?? "/";
  if (RESERVED.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return false;
  return (request.headers.accept ?? "").includes("text/html");
}

/**
 * Serves the console's static build at `/`: hashed assets cached for good, index.html for the root
 * and for every client route (SPA fallback). Returns the not-found fallback for the error handler.
 */
export async function registerConsole(
  app: FastifyInstance,
  dir: string,
): Promise<(request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined> {
  const built = existsSync(join(dir, "index.html"));
  if (!built) {
    app.get("/", { schema: { hide: true } }, (_request, reply) =>
      reply.code(503).type("text/html; charset=utf-8").send(NOT_BUILT),
    );
    return (request, reply) =>
      isPageRequest(request) ? reply.code(503).type("text/html; charset=utf-8").send(NOT_BUILT) : undefined;
  }
  await app.register(fastifyStatic, {
    root: dir,
    wildcard: false,
    cacheControl: false,
    schemaHide: true,
    setHeaders: (res, path) => {
      const hashed = path.includes(`${join(dir, "assets")}`);
      res.setHeader("cache-control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  return (request, reply) =>
    isPageRequest(request) ? reply.header("cache-control", "no-cache").sendFile("index.html") : undefined;
}
