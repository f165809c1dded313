import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type ChatRequest, Conversation } from "./conversation.ts";
import type { Role, Turn } from "./plan.ts";

export interface ScriptedModel {
  /** The OpenAI-compatible base URL (`http://127.0.0.1:PORT/v1`) to give a framework's provider. */
  url: string;
  /** Every request received, in order, for tests to inspect. */
  requests: ChatRequest[];
  close(): Promise<void>;
}

export interface ScriptedModelOptions {
  /** One scripted role per model name: the model a framework asks for picks the role that answers. */
  roles: Record<string, Role>;
  port?: number;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * A deterministic stand-in for a chat model behind the OpenAI chat-completions API on 127.0.0.1:
 * every framework's own OpenAI-compatible provider talks to it as it would to a real model, and
 * the role named by `model` answers, from what the Purple Flea tools returned so far.
 */
export async function startScriptedModel(options: ScriptedModelOptions): Promise<ScriptedModel> {
  const requests: ChatRequest[] = [];
  const server = createServer((req, res) => {
    handle(req, res, options.roles, requests).catch((error: unknown) => {
      reply(res, 500, { error: { message: error instanceof Error ? error.message : String(error), type: "server_error" } });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, roles: Record<string, Role>, requests: ChatRequest[]) {
  if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
    return reply(res, 404, { error: { message: "only POST /v1/chat/completions is served", type: "invalid_request_error" } });
  }
  const request = JSON.parse(await readBody(req)) as ChatRequest;
  requests.push(request);
  const role = roles[request.model];
  if (!role) {
    const known = Object.keys(roles).join(", ");
    return reply(res, 404, {
      error: { message: `no scripted role ${request.model}; roles: ${known}`, type: "invalid_request_error" },
    });
  }
  const turn = role(new Conversation(request));
  const completion = toCompletion(request.model, turn);
  if (request.stream) return stream(res, completion);
  reply(res, 200, completion);
}

function toCompletion(model: string, turn: Turn) {
  const message =
    "text" in turn
      ? { role: "assistant", content: turn.text }
      : {
          role: "assistant",
          content: null,
          tool_calls: turn.calls.map((c) => ({
            id: `call_${randomUUID().replaceAll("-", "")}`,
            type: "function",
            function: { name: c.name, arguments: JSON.stringify(c.arguments) },
          })),
        };
  return {
    id: `chatcmpl-${randomUUID()}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: "text" in turn ? "stop" : "tool_calls" }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

/** The same answer as server-sent chunks, for frameworks that stream. */
function stream(res: ServerResponse, completion: ReturnType<typeof toCompletion>) {
  const [choice] = completion.choices;
  const message = choice?.message as { tool_calls?: Array<Record<string, unknown>> } & Record<string, unknown>;
  const delta = message.tool_calls
    ? { ...message, tool_calls: message.tool_calls.map((c, index) => ({ index, ...c })) }
    : message;
  const chunk = (choices: unknown[], extra = {}) => ({ ...completion, object: "chat.completion.chunk", choices, ...extra });
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.write(`data: ${JSON.stringify(chunk([{ index: 0, delta, finish_reason: null }]))}\n\n`);
  res.write(
    `data: ${JSON.stringify(chunk([{ index: 0, delta: {}, finish_reason: choice?.finish_reason }], { usage: completion.usage }))}\n\n`,
  );
  res.end("data: [DONE]\n\n");
}

function reply(res: ServerResponse, status: number, body: unknown) {
  if (res.headersSent) return res.end();
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}
