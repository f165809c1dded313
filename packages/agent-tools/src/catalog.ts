import { type Operation, operations } from "@purpleflea/protocol";
import { z } from "zod";
import { operationInputShape } from "./tool-input.ts";

/** One tool as every framework adapter builds it: name, description, flat input, and where it goes. */
export interface ToolDefinition {
  name: string;
  description: string;
  input: z.ZodObject;
  /** Moves money (or paper money): the call carries an Idempotency-Key and is never cached. */
  moves: boolean;
  /** Passes the server's risk gate, so it may be held for approval (HTTP 202). */
  gated: boolean;
  /** Whether the answer may be served from the short TTL cache (balance, ticker). */
  cacheable: boolean;
  /** The operation a validated input goes to, and that operation's own input. */
  route(input: Record<string, unknown>): { op: Operation; input: Record<string, unknown> };
}

/** The balance tool, whose cached answer every money-moving call forgets. */
export const BALANCE_TOOL = "purpleflea_get_balance";

/** The seed's four tool names; every other tool is `purpleflea_<MCP tool name>`. */
const SEED_NAMES: Partial<Record<Operation["id"], string>> = {
  "wallet.balance": BALANCE_TOOL,
  "casino.bet": "purpleflea_bet",
  "trade.order": "purpleflea_trade",
};

/** The seed's `purpleflea_escrow(action, ...)`: three operations behind one tool, chosen by `action`. */
const ESCROW_ACTIONS = {
  create: operations.createEscrow,
  release: operations.releaseEscrow,
  dispute: operations.disputeEscrow,
} as const satisfies Record<string, Operation>;

const CACHEABLE = new Set<string>([operations.balance.id, operations.ticker.id]);

/** A human's decision, kept out of the default set: pass these names in `only` to hand them to an agent. */
const HUMAN_DECISIONS = new Set<string>([operations.approve.id, operations.reject.id]);

/** The tool a model knows an operation by, so a proposal can point at the request it mirrors. */
function toolNameOf(op: Operation): string {
  const action = Object.entries(ESCROW_ACTIONS).find(([, escrowOp]) => escrowOp.id === op.id)?.[0];
  return action ? `purpleflea_escrow with action ${action}` : (SEED_NAMES[op.id] ?? `purpleflea_${op.tool}`);
}

function proposableNote(): string {
  const gated = (Object.values(operations) as Operation[]).filter((op) => op.gated);
  const list = gated.map((op) => `${op.id} (request: the arguments of ${toolNameOf(op)})`).join(", ");
  return `operation is one of ${list}.`;
}

/** What every model should know about a tool beyond its summary. */
function notes(op: Operation): string {
  const notes: string[] = [];
  if (op.id === operations.propose.id) notes.push(proposableNote());
  if (op.moves) notes.push("Moves money (paper money for paper trading); send the same idempotency_key when retrying.");
  if (op.gated) notes.push("If it needs approval the answer says APPROVAL REQUIRED: nothing moved; wait, do not resend.");
  notes.push("A refusal comes back as text naming its error code; nothing moved then.");
  return notes.join(" ");
}

const describe = (op: Operation) => `${op.summary}. ${notes(op)}`;

function single(op: Operation, name: string): ToolDefinition {
  return {
    name,
    description: describe(op),
    input: z.object(operationInputShape(op)),
    moves: op.moves,
    gated: op.gated === true,
    cacheable: CACHEABLE.has(op.id),
    route: (input) => ({ op, input }),
  };
}

function escrowTool(): ToolDefinition {
  const actions = Object.keys(ESCROW_ACTIONS) as Array<keyof typeof ESCROW_ACTIONS>;
  const fields: Record<string, z.ZodType> = {};
  for (const op of Object.values(ESCROW_ACTIONS)) {
    for (const [key, field] of Object.entries(operationInputShape(op))) fields[key] ??= field.optional();
  }
  const lines = actions.map((action) => {
    const op = ESCROW_ACTIONS[action];
    const required = Object.entries(operationInputShape(op)).filter(
      ([key, field]) => key !== "idempotency_key" && !field.isOptional(),
    );
    return `${action} (${required.map(([key]) => key).join(", ")}): ${op.summary}`;
  });
  return {
    name: "purpleflea_escrow",
    description: `Escrow between agents, the seed's purpleflea_escrow. action ${lines.join("; ")}. ${notes(operations.createEscrow)}`,
    input: z.object({ action: z.enum(actions).describe("create, release or dispute"), ...fields }),
    moves: true,
    gated: true,
    cacheable: false,
    route: ({ action, ...input }) => {
      const op: Operation = ESCROW_ACTIONS[action as keyof typeof ESCROW_ACTIONS];
      const known = new Set(Object.keys(operationInputShape(op)));
      return { op, input: Object.fromEntries(Object.entries(input).filter(([key]) => known.has(key))) };
    },
  };
}

function buildCatalog(): { all: ToolDefinition[]; defaults: Set<string> } {
  const grouped = new Set<string>(Object.values(ESCROW_ACTIONS).map((op) => op.id));
  const all: ToolDefinition[] = [];
  const defaults = new Set<string>();
  for (const op of Object.values(operations) as Operation[]) {
    // Agents' tools only: operator routes refuse an agent's key, and a stream is no tool call.
    if (op.tool === null || op.principal === "operator" || op.stream) continue;
    if (op.id === operations.createEscrow.id) {
      all.push(escrowTool());
      defaults.add("purpleflea_escrow");
    }
    if (grouped.has(op.id)) continue;
    const tool = single(op, SEED_NAMES[op.id] ?? `purpleflea_${op.tool}`);
    all.push(tool);
    if (op.scope !== "admin" && !HUMAN_DECISIONS.has(op.id)) defaults.add(tool.name);
  }
  return { all, defaults };
}

const catalog = buildCatalog();

/** Every tool name there is, in registry order. */
export const TOOL_NAMES: readonly string[] = catalog.all.map((tool) => tool.name);

/**
 * The tools to build: the ones named in `only`, or else every tool an agent should have by
 * default (all but key and webhook administration, and deciding held requests, which is a human's).
 */
export function selectTools(only?: readonly string[]): ToolDefinition[] {
  if (!only) return catalog.all.filter((tool) => catalog.defaults.has(tool.name));
  const unknown = only.filter((name) => !TOOL_NAMES.includes(name));
  if (unknown.length > 0)
    throw new Error(`unknown Purple Flea tools: ${unknown.join(", ")}; the tools are ${TOOL_NAMES.join(", ")}`);
  return catalog.all.filter((tool) => only.includes(tool.name));
}
