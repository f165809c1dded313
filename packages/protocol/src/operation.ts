import type { z } from "zod";
import type { Scope } from "./schemas-keys.ts";

/** Every operation's path sits under this prefix. */
export const API_PREFIX = "/api/v1";

/**
 * One API operation, described once: the server registers its route from this, and the OpenAPI
 * document, the SDK's methods, the MCP tools and the CLI are all derived from the same object.
 */
export interface Operation {
  /** SDK method path: "casino.bet" becomes `pf.casino.bet(...)`. */
  id: `${string}.${string}`;
  /** MCP tool name; null for operations that make no sense as a tool (registration needs no key). */
  tool: string | null;
  method: "GET" | "POST" | "DELETE";
  /** Path under /api/v1, Fastify style (`/casino/bets/:id`). */
  path: string;
  tag: string;
  summary: string;
  /** Whether the route needs a Bearer key. */
  auth: boolean;
  /**
   * Whose key the route takes: an agent's (the default), the operator's (`pf_op_…`, platform-wide
   * routes under /operator), or either (the events feed, scoped to the caller).
   */
  principal?: "operator" | "any";
  /** The key scope a caller needs. */
  scope: Scope;
  /** Moves money or commits to moving it: takes an Idempotency-Key, which also makes retries safe. */
  moves: boolean;
  /**
   * Spends the caller's money, so it passes the risk gate (spend policy, approvals, proposals) and may
   * answer 202 approval_required instead of executing.
   */
  gated?: true;
  /**
   * Answers with a server-sent-events stream whose events each match `response`, not one JSON body:
   * the SDK returns an async iterator for it, and MCP (request/response) has no tool for it.
   */
  stream?: true;
  /**
   * What a call changes, where the method and `moves` do not already say it; MCP tool annotations
   * derive from these (see `operationEffects`).
   */
  effects?: OperationEffectOverrides;
  status: 200 | 201;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
}

/** Keeps the literal types of an operation while checking it against the interface. */
export function operation<const O extends Operation>(definition: O): O {
  return definition;
}

type InputOf<S> = S extends z.ZodType ? z.input<S> : unknown;

/** What a caller passes: path params, query and body fields in one object. */
export type OperationInput<O extends Operation> = InputOf<O["params"]> & InputOf<O["query"]> & InputOf<O["body"]>;
export type OperationOutput<O extends Operation> = z.output<O["response"]>;

/** Fills `:name` segments of an operation's path from the input. */
export function operationPath(op: Operation, input: Record<string, unknown>): string {
  return op.path.replace(/:([a-z_]+)/g, (_, name: string) => encodeURIComponent(String(input[name] ?? "")));
}

/** Splits a flat input into query string and body by the operation's schemas. */
export function splitInput(op: Operation, input: Record<string, unknown>): { query: Record<string, string>; body: unknown } {
  const paramKeys = new Set(Object.keys(op.params?.shape ?? {}));
  const queryKeys = new Set(Object.keys(op.query?.shape ?? {}));
  const query: Record<string, string> = {};
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || paramKeys.has(key)) continue;
    if (queryKeys.has(key)) query[key] = String(value);
    else body[key] = value;
  }
  return { query, body: op.body ? body : undefined };
}

/**
 * What calling an operation does to the world, the four facts MCP tool annotations carry. Derived
 * from the operation's definition, so a new operation gets them without a second list to keep.
 */
export interface OperationEffects {
  /** Changes nothing: a GET, or a POST that only computes (bet verification). */
  readOnly: boolean;
  /** May take something away or overwrite it (spends money, deletes, replaces a key or policy), not only add. */
  destructive: boolean;
  /** Calling it again with the same input changes nothing more. */
  idempotent: boolean;
  /** Reaches beyond this platform's own ledger and records (outbound webhook calls). */
  openWorld: boolean;
}

/** The facts an operation states where its method and `moves` give the wrong default. */
export type OperationEffectOverrides = Partial<Record<keyof OperationEffects, boolean>>;
