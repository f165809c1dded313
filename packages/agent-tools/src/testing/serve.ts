/**
 * Serves the scripted roles of one example module over HTTP, for a client in another language:
 *
 *     node --import tsx packages/agent-tools/src/testing/serve.ts packages/agent-tools/examples/analyst-risk-executor.ts
 *
 * prints `scripted model listening on http://127.0.0.1:PORT/v1` and serves until it is stopped.
 * The Python suite runs its AutoGen teams against it with OpenAIChatCompletionClient.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { startScriptedModel } from "./chat-server.ts";
import type { Role } from "./plan.ts";

const [modulePath, exportName = "roles"] = process.argv.slice(2);
if (!modulePath) {
  console.error("usage: serve.ts <example module> [export name, default roles]");
  process.exit(2);
}
const loaded = (await import(pathToFileURL(resolve(modulePath)).href)) as Record<string, Record<string, Role> | undefined>;
const roles = loaded[exportName];
if (!roles) {
  console.error(`${modulePath} exports no ${exportName}`);
  process.exit(2);
}
const model = await startScriptedModel({ roles });
console.log(`scripted model listening on ${model.url}`);
const stop = () => void model.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
