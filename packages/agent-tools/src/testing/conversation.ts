/** The OpenAI chat-completions request shapes a scripted model reads (the fields it needs). */
export interface ChatMessage {
  role: "system" | "developer" | "user" | "assistant" | "tool";
  content?: string | null | Array<{ type: string; text?: string }>;
  name?: string;
  tool_calls?: Array<{ id: string; type?: "function"; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  tools?: Array<{ type: "function"; function: { name: string; description?: string; parameters?: unknown } }>;
  tool_choice?: unknown;
  stream?: boolean;
}

/** One tool call the model made in the current turn, with what it got back. */
export interface ToolResult {
  name: string;
  args: Record<string, unknown>;
  text: string;
  /** The result parsed as JSON, or undefined when it is a sentence (a refusal, a held request). */
  json: unknown;
}

export const HANDOFF_PREFIX = "transfer_to_";

export function messageText(message: ChatMessage): string {
  const { content } = message;
  if (typeof content === "string") return content;
  return (content ?? []).map((part) => part.text ?? "").join("");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * What a scripted role sees of a request. Its turn starts after the last message someone else
 * gave it: the task or another agent's words (a user message in AutoGen, LangChain, the AI SDK),
 * or the result of the handoff that passed the conversation to it (OpenAI Agents).
 */
export class Conversation {
  readonly role: string;
  /** The first user message: the task the team was given. */
  readonly task: string;
  /** Tool calls of this turn, in order, with their results. */
  readonly results: ToolResult[];
  /** Tool-call rounds this turn already made. */
  readonly rounds: number;

  constructor(readonly request: ChatRequest) {
    this.role = request.model;
    const messages = request.messages;
    const first = messages.find((m) => m.role === "user");
    this.task = first ? messageText(first) : "";
    const turn = messages.slice(turnStart(messages));
    const outputs = new Map(turn.filter((m) => m.role === "tool").map((m) => [m.tool_call_id, messageText(m)]));
    const calls = turn.filter((m) => m.role === "assistant" && m.tool_calls?.length);
    this.rounds = calls.length;
    this.results = calls.flatMap((m) =>
      (m.tool_calls ?? []).map((call) => {
        const text = outputs.get(call.id) ?? "";
        const args = (parseJson(call.function.arguments) ?? {}) as Record<string, unknown>;
        return { name: call.function.name, args, text, json: parseJson(text) };
      }),
    );
  }

  /** The JSON answer of the latest call to `tool` this turn; throws when there is none (a script bug). */
  result<T = Record<string, unknown>>(tool: string): T {
    const found = this.results.findLast((r) => r.name === tool);
    if (!found) throw new Error(`${this.role}: no ${tool} result yet this turn`);
    if (found.json === undefined) throw new Error(`${this.role}: ${tool} answered ${found.text}`);
    return found.json as T;
  }

  /** The text of the latest call to `tool` this turn (JSON or a sentence), or undefined. */
  text(tool: string): string | undefined {
    return this.results.findLast((r) => r.name === tool)?.text;
  }

  offers(tool: string): boolean {
    return (this.request.tools ?? []).some((t) => t.function.name === tool);
  }

  /** The handoff tool offered (OpenAI Agents names them transfer_to_<agent>), if exactly one. */
  handoff(): string | undefined {
    const names = (this.request.tools ?? []).map((t) => t.function.name).filter((n) => n.startsWith(HANDOFF_PREFIX));
    return names.length === 1 ? names[0] : undefined;
  }

  /** The framework asked for words, not tools (AutoGen's reflection after a tool round). */
  get wantsText(): boolean {
    return this.request.tool_choice === "none" || (this.request.tools ?? []).length === 0;
  }
}

function turnStart(messages: ChatMessage[]): number {
  const handoffCalls = new Set(
    messages.flatMap((m) => (m.tool_calls ?? []).filter((c) => c.function.name.startsWith(HANDOFF_PREFIX)).map((c) => c.id)),
  );
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i] as ChatMessage;
    if (message.role === "user" || (message.role === "tool" && handoffCalls.has(message.tool_call_id ?? ""))) return i + 1;
  }
  return 0;
}
