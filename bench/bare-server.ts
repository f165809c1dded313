// The ceiling: a Fastify route that parses a JSON body and answers JSON, with no auth, no
// validation and no database, run as its own process exactly like the real server.
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.post("/bare", async (request) => ({ ok: true, echo: request.body }));
await app.listen({ port: 0, host: "127.0.0.1" });
const address = app.server.address();
const port = typeof address === "object" && address ? address.port : 0;
console.log(`bare route listening on http://127.0.0.1:${port}`);
process.once("SIGTERM", () => void app.close().then(() => process.exit(0)));
