import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { VERSION } from "@purpleflea/protocol";
import { callTool, listTools, type ToolAudience, type ToolInvoker } from "./tools.ts";

/** An MCP server exposing one tool per API operation; the transport is the caller's choice. */
export function createMcpServer(invoke: ToolInvoker, audience: ToolAudience = "agent"): Server {
  const server = new Server({ name: "purpleflea", version: VERSION }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: listTools(audience) }));
  server.setRequestHandler(CallToolRequestSchema, async (request) =>
    callTool(invoke, request.params.name, request.params.arguments, audience),
  );
  return server;
}
