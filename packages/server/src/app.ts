import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import { API_PREFIX, healthSchema, VERSION } from "@purpleflea/protocol";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import { agentRoutes } from "./api/agents.ts";
import { registerAuth } from "./api/auth.ts";
import { casinoRoutes } from "./api/casino.ts";
import { chainRoutes } from "./api/chain.ts";
import { escrowRoutes } from "./api/escrow.ts";
import { eventRoutes } from "./api/events.ts";
import { faucetRoutes } from "./api/faucet.ts";
import { keyRoutes } from "./api/keys.ts";
import { marketRoutes } from "./api/market.ts";
import { operatorRoutes } from "./api/operator.ts";
import { policyRoutes } from "./api/policy.ts";
import { referralRoutes } from "./api/referrals.ts";
import { tradingRoutes } from "./api/trading.ts";
import { walletRoutes } from "./api/wallet.ts";
import { webhookRoutes } from "./api/webhooks.ts";
import { registerIdempotencyHashing } from "./api/write-route.ts";
import { consoleDir, registerConsole } from "./console/static.ts";
import { registerErrorHandling } from "./http/error-handler.ts";
import { clientErrorHandler, frameworkErrors } from "./http/framework-errors.ts";
import { registerJsonBodies } from "./http/json-body.ts";
import { trackRoutes } from "./http/method-not-allowed.ts";
import { registerMetrics } from "./http/metrics.ts";
import { RESPONSE_HEADERS, strictDocument } from "./http/openapi-document.ts";
import { newRequestId, registerRequestIdHeader, requestIdLogLabel } from "./http/request-id.ts";
import { endUnusedConnectionsOnClose } from "./http/unused-connections.ts";
import { registerMcpEndpoint } from "./mcp/endpoint.ts";
import type { Platform } from "./platform.ts";

/** The HTTP adapter: every route is a thin call into a service over the platform's store. */
export async function buildApp(platform: Platform): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: platform.config.LOG_LEVEL,
      redact: ["req.headers.authorization", "req.headers.cookie"],
    },
    bodyLimit: platform.config.BODY_LIMIT_BYTES,
    trustProxy: false,
    genReqId: newRequestId,
    logController: new LogController({ requestIdLogLabel }),
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  registerRequestIdHeader(app);
  endUnusedConnectionsOnClose(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerJsonBodies(app, platform.config.JSON_MAX_DEPTH);
  registerErrorHandling(app, trackRoutes(app), await registerConsole(app, consoleDir(platform.config.CONSOLE_DIR)));
  registerMetrics(app, platform.store, platform.config.METRICS_TOKEN);
  await registerDocs(app);

  app.get("/healthz", { schema: { hide: true, response: { 200: healthSchema } } }, async () => ({ status: "ok" as const }));
  await app.register(
    async (api) => {
      registerAuth(api, platform);
      registerIdempotencyHashing(api);
      await api.register(agentRoutes(platform));
      await api.register(walletRoutes(platform));
      await api.register(chainRoutes(platform));
      await api.register(faucetRoutes(platform));
      await api.register(casinoRoutes(platform));
      await api.register(keyRoutes(platform));
      await api.register(policyRoutes(platform));
      await api.register(webhookRoutes(platform));
      await api.register(escrowRoutes(platform));
      await api.register(referralRoutes(platform));
      await api.register(marketRoutes(platform));
      await api.register(tradingRoutes(platform));
      await api.register(eventRoutes(platform));
      await api.register(operatorRoutes(platform));
    },
    { prefix: API_PREFIX },
  );
  await app.register(async (mcp) => {
    registerAuth(mcp, platform);
    registerMcpEndpoint(mcp, app);
  });
  // Live streams never end on their own: end them so closing the server does not wait on them.
  app.addHook("preClose", async () => platform.streams.closeAll());
  await app.ready();
  return app;
}

async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "Purple Flea API",
        version: VERSION,
        description: "Financial infrastructure for AI agents. Amounts are USDC; every money field has an exact `_str` twin.",
        license: { name: "MIT", url: "https://spdx.org/licenses/MIT.html" },
      },
      // Relative: the API is wherever this document is served from (one server, any host and port).
      servers: [{ url: "/", description: "the server that serves this document" }],
      components: {
        securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "pf_live_..." } },
        headers: RESPONSE_HEADERS,
      },
    },
    transform: jsonSchemaTransform,
    transformObject: strictDocument,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/docs" });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
}
