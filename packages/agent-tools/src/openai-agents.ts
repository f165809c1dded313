import { type FunctionTool, type RunState, type RunToolApprovalItem, tool } from "@openai/agents";
import type { Approval, ApprovalRequired } from "@purpleflea/protocol";
import type { PurpleFlea } from "@purpleflea/sdk";
import { z } from "zod";
import { decidedText, outcomeText, type ToolOutcome } from "./tool-text.ts";
import { createToolset, type PurpleFleaTool, type PurpleFleaToolsOptions } from "./toolset.ts";

export type PurpleFleaParameters = {
  type: "object";
  properties: Record<string, never>;
  required: never[];
  additionalProperties: true;
};

/** What a gated tool knows about its calls: each call's one request, and the approval it was held for. */
interface GatedCalls {
  client: PurpleFlea;
  outcomes: Map<string, Promise<ToolOutcome>>;
  held: Map<string, ApprovalRequired>;
}

const gatedCalls = new WeakMap<object, GatedCalls>();

/** The SDK's function tool with our JSON-schema parameters. */
export type PurpleFleaAgentTool = FunctionTool<unknown, PurpleFleaParameters, string>;

/**
 * Purple Flea tools for the OpenAI Agents SDK. A money-moving tool's `needsApproval` is the
 * server's risk gate: the request is sent, and if the server holds it for approval (HTTP 202) the
 * run stops with an interruption for that tool call. Decide it on the server (console, CLI, an
 * approver key, a webhook), then `await waitForServerDecisions(result)` and run the state again:
 * the tool returns what the approved request did, or the model is told it was rejected.
 */
export function purpleFleaTools(options: PurpleFleaToolsOptions = {}): PurpleFleaAgentTool[] {
  const { tools, client } = createToolset(options);
  return tools.map((t) => (t.gated ? gatedTool(t, client) : plainTool(t)));
}

function parameters(t: PurpleFleaTool): PurpleFleaParameters {
  const { $schema: _, ...schema } = z.toJSONSchema(t.input, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { required: [], ...schema, additionalProperties: true } as unknown as PurpleFleaParameters;
}

// Non-strict with a JSON schema: strict mode cannot express open objects (a proposal's request) or
// number-or-string amounts. The tool validates the arguments itself, with the protocol's schema.
function plainTool(t: PurpleFleaTool): PurpleFleaAgentTool {
  return tool({
    name: t.name,
    description: t.description,
    parameters: parameters(t),
    strict: false,
    execute: async (input: unknown, _context, details) => {
      const callId = details?.toolCall?.callId;
      return t.run(input, t.moves && callId ? { idempotencyKey: await idempotencyKey(t.name, callId, input) } : {});
    },
  });
}

function gatedTool(t: PurpleFleaTool, client: PurpleFlea): PurpleFleaAgentTool {
  const calls: GatedCalls = { client, outcomes: new Map(), held: new Map() };
  // One request per tool call, asked by needsApproval and answered again by execute. Its key comes
  // from the call id and arguments, so a run resumed from saved state replays it, never repeats it.
  const send = (input: unknown, callId: string | undefined): Promise<ToolOutcome> => {
    if (!callId) return t.call(input);
    const known = calls.outcomes.get(callId);
    if (known) return known;
    const outcome = idempotencyKey(t.name, callId, input).then((key) => t.call(input, { idempotencyKey: key }));
    calls.outcomes.set(callId, outcome);
    void outcome.then((o) => o.kind === "held" && calls.held.set(callId, o.approval));
    return outcome;
  };
  const gated = tool({
    name: t.name,
    description: t.description,
    parameters: parameters(t),
    strict: false,
    needsApproval: async (_context, input, callId) => (await send(input, callId)).kind === "held",
    execute: async (input: unknown, _context, details) => {
      const callId = details?.toolCall?.callId;
      const outcome = await send(input, callId);
      if (callId) calls.outcomes.delete(callId);
      if (outcome.kind !== "held") return outcomeText(outcome);
      return decidedText(await client.approvals.get({ id: outcome.approval.approval_id }));
    },
  });
  gatedCalls.set(gated, calls);
  return gated;
}

async function idempotencyKey(name: string, callId: string, input: unknown): Promise<string> {
  const data = new TextEncoder().encode(`${name}\n${callId}\n${JSON.stringify(input)}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  return `pf-agents-${Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function gatedCallsOf(item: RunToolApprovalItem): GatedCalls | undefined {
  const found = item.agent.tools.find((t) => "name" in t && t.name === item.name);
  return found ? gatedCalls.get(found) : undefined;
}

function callIdOf(item: RunToolApprovalItem): string | undefined {
  return "callId" in item.rawItem ? item.rawItem.callId : undefined;
}

/** The request the server holds for this interruption, if it is one of ours. */
export function heldApproval(item: RunToolApprovalItem): ApprovalRequired | undefined {
  const callId = callIdOf(item);
  return callId ? gatedCallsOf(item)?.held.get(callId) : undefined;
}

export interface ServerDecision {
  item: RunToolApprovalItem;
  approval: Approval;
}

export interface WaitOptions {
  /** How long to wait for a human in total; undecided requests are left as they are. Default 5 minutes. */
  timeoutMs?: number;
  pollMs?: number;
}

/**
 * Waits until the server has decided each held request of `result.interruptions` (or the time is
 * up) and records each decision in the run state: an executed or failed request approves the tool
 * call (it returns the request's answer), a rejected or expired one rejects it with the reason.
 * Run the state again afterwards. Returns the decisions made; pending ones are not in it.
 */
export async function waitForServerDecisions(
  result: { interruptions: RunToolApprovalItem[]; state: Pick<RunState<unknown, never>, "approve" | "reject"> },
  options: WaitOptions = {},
): Promise<ServerDecision[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 300_000);
  const decisions: ServerDecision[] = [];
  for (const item of result.interruptions) {
    const held = heldApproval(item);
    const calls = gatedCallsOf(item);
    if (!held || !calls) continue;
    const approval = await decided(calls.client, held.approval_id, deadline, options.pollMs ?? 1_000);
    if (approval.status === "pending") continue;
    if (approval.status === "executed" || approval.status === "failed") result.state.approve(item);
    else result.state.reject(item, { message: decidedText(approval) });
    decisions.push({ item, approval });
  }
  return decisions;
}

async function decided(client: PurpleFlea, id: string, deadline: number, pollMs: number): Promise<Approval> {
  for (;;) {
    const approval = await client.approvals.get({ id });
    if (approval.status !== "pending" || Date.now() >= deadline) return approval;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, Math.max(0, deadline - Date.now()))));
  }
}
