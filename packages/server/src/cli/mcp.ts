import { parseArgs } from "node:util";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { isOperatorKey } from "@purpleflea/protocol";
import { PurpleFleaClient } from "@purpleflea/sdk";
import { fromEnvironment } from "@purpleflea/sdk/node";
import { createMcpServer } from "../mcp/mcp-server.ts";

export const MCP_HELP = `purpleflea mcp [--api-key KEY] [--base-url URL]

Serves the Purple Flea tools over MCP on stdin/stdout (for Claude Desktop, AutoGen's McpWorkbench
and other MCP clients), forwarding each call to a running server over HTTP.
  --api-key KEY    agent key, or the operator key for the operator tools (default: $PURPLE_FLEA_API_KEY)
  --base-url URL   server root (default: $PURPLE_FLEA_BASE_URL or http://127.0.0.1:8080)`;

/** Bridges stdio MCP to the HTTP API; stdout carries only protocol messages. */
export async function mcp(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: { "api-key": { type: "string" }, "base-url": { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) {
    console.log(MCP_HELP);
    return 0;
  }
  // The SDK's root reads no environment (it runs in browsers too): the flags' defaults come from here.
  const client = new PurpleFleaClient(
    fromEnvironment({
      ...(values["api-key"] ? { apiKey: values["api-key"] } : {}),
      ...(values["base-url"] ? { baseUrl: values["base-url"] } : {}),
    }),
  );
  const key = values["api-key"] ?? process.env.PURPLE_FLEA_API_KEY ?? "";
  const server = createMcpServer(
    (op, input, idempotencyKey) => client.send(op, input, idempotencyKey ? { idempotencyKey } : {}),
    isOperatorKey(key) ? "operator" : "agent",
  );
  await server.connect(new StdioServerTransport());
  return -1;
}
