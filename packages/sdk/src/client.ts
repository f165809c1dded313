import {
  API_PREFIX,
  approvalRequiredSchema,
  type Operation,
  type OperationInput,
  type OperationOutput,
  type Operations,
  operationPath,
  operations,
  PurpleFleaError,
  splitInput,
} from "@purpleflea/protocol";
import { ApprovalRequiredError } from "./approval.ts";
import { fetchText } from "./network-error.ts";
import { DEFAULT_RETRY, outwaitsRetries, type RetryPolicy, retryDelayMs, shouldRetry, sleep } from "./retry.ts";
import { type StreamedEvent, type StreamOptions, streamEvents } from "./stream.ts";

export const DEFAULT_BASE_URL = "http://127.0.0.1:8080";

export interface PurpleFleaOptions {
  /** The agent's key (`pf_live_…`); `@purpleflea/sdk/node` reads it from PURPLE_FLEA_API_KEY. */
  apiKey?: string | undefined;
  /** Server root, default http://127.0.0.1:8080 (the /api/v1 prefix is added). */
  baseUrl?: string | undefined;
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch | undefined;
}

export interface CallOptions {
  /** Reuse to make a money-moving call safe to repeat; one is generated per call otherwise. */
  idempotencyKey?: string;
}

export interface RawResponse {
  status: number;
  body: unknown;
  headers: Headers;
}

type Ops = Operations;

/** 128 random bits as hex, from Web Crypto (Node 20, browsers, Deno, Bun; also on plain-http pages). */
function newIdempotencyKey(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
type Namespace<Id> = Id extends `${infer N}.${string}` ? N : never;
type Method<Id> = Id extends `${string}.${infer M}` ? M : never;
type Call<O extends Operation> = O extends { stream: true }
  ? (input?: OperationInput<O>, options?: StreamOptions) => AsyncGenerator<StreamedEvent<OperationOutput<O>>>
  : (input?: OperationInput<O>, options?: CallOptions) => Promise<OperationOutput<O>>;

/** `pf.wallet.balance()`, `pf.casino.bet({...})`: one typed method per operation, grouped by namespace. */
export type Methods = {
  [N in Namespace<Ops[keyof Ops]["id"]>]: {
    [K in keyof Ops as Namespace<Ops[K]["id"]> extends N ? Method<Ops[K]["id"]> : never]: Call<Ops[K]>;
  };
};

export class PurpleFleaClient {
  readonly baseUrl: string;
  private readonly apiKey: string | undefined;
  private readonly retry: RetryPolicy;
  private readonly fetchImpl: typeof fetch;

  constructor(options: PurpleFleaOptions = {}) {
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    // Bound: a browser's fetch throws "Illegal invocation" when called as another object's method.
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Opens a streaming operation (the live events) as an async iterator that reconnects by itself. */
  stream<O extends Operation>(op: O, input?: OperationInput<O>, options: StreamOptions = {}) {
    const { query } = splitInput(op, (input ?? {}) as Record<string, unknown>);
    const search = new URLSearchParams(query).toString();
    const url = `${this.baseUrl}${API_PREFIX}${operationPath(op, input ?? {})}${search ? `?${search}` : ""}`;
    const headers: Record<string, string> = this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {};
    return streamEvents<OperationOutput<O>>({ url, headers, fetch: this.fetchImpl }, options);
  }

  /**
   * Calls an operation and returns its parsed body, or throws PurpleFleaError with the server's code,
   * or ApprovalRequiredError when the risk gate held the request for approval.
   */
  async call<O extends Operation>(op: O, input?: OperationInput<O>, options: CallOptions = {}): Promise<OperationOutput<O>> {
    const response = await this.send(op, (input ?? {}) as Record<string, unknown>, options);
    if (response.status >= 400) throw PurpleFleaError.fromBody(response.body, response.status);
    if (response.status === 202) throw new ApprovalRequiredError(approvalRequiredSchema.parse(response.body));
    return response.body as OperationOutput<O>;
  }

  /** Calls an operation with retries and returns status and body as they came, errors included. */
  async send(op: Operation, input: Record<string, unknown>, options: CallOptions = {}): Promise<RawResponse> {
    const idempotencyKey = op.moves ? (options.idempotencyKey ?? newIdempotencyKey()) : undefined;
    const replaySafe = op.method === "GET" || idempotencyKey !== undefined;
    for (let attempt = 0; ; attempt++) {
      let status: number | "network" = "network";
      let retryAfter: string | null = null;
      try {
        const response = await this.once(op, input, idempotencyKey);
        if (!shouldRetry(response.status, replaySafe) || attempt >= this.retry.retries) return response;
        status = response.status;
        retryAfter = response.headers.get("retry-after");
        if (outwaitsRetries(this.retry, attempt, retryAfter)) return response;
      } catch (error) {
        if (attempt >= this.retry.retries || !shouldRetry("network", replaySafe)) throw error;
      }
      await sleep(retryDelayMs(this.retry, attempt, status === "network" ? null : retryAfter));
    }
  }

  private async once(op: Operation, input: Record<string, unknown>, idempotencyKey: string | undefined): Promise<RawResponse> {
    const { query, body } = splitInput(op, input);
    const search = new URLSearchParams(query).toString();
    const url = `${this.baseUrl}${API_PREFIX}${operationPath(op, input)}${search ? `?${search}` : ""}`;
    const headers: Record<string, string> = {};
    if (this.apiKey && op.auth) headers.authorization = `Bearer ${this.apiKey}`;
    if (idempotencyKey) headers["idempotency-key"] = idempotencyKey;
    if (body !== undefined) headers["content-type"] = "application/json";
    const init = { method: op.method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
    const { response, text } = await fetchText(this.fetchImpl, url, init);
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  }
}

/** One method per operation, built at run time from the registry that also typed `Methods`. */
function methodsFor(client: PurpleFleaClient): Methods {
  const groups: Record<string, Record<string, (input?: unknown, options?: never) => unknown>> = {};
  for (const op of Object.values(operations) as Operation[]) {
    const [namespace = "", method = ""] = op.id.split(".");
    groups[namespace] ??= {};
    groups[namespace][method] = op.stream
      ? (input, options?: StreamOptions) => client.stream(op, input, options)
      : (input, options?: CallOptions) => client.call(op, input, options);
  }
  return groups as unknown as Methods;
}

class Client extends PurpleFleaClient {
  constructor(options: PurpleFleaOptions = {}) {
    super(options);
    Object.assign(this, methodsFor(this));
  }
}

/** The SDK's entry point: `new PurpleFlea({ apiKey })`, then `pf.wallet.balance()`, `pf.casino.bet({...})`. */
export type PurpleFlea = PurpleFleaClient & Methods;
// The methods are attached in the constructor from the registry, which TypeScript cannot see.
export const PurpleFlea = Client as new (options?: PurpleFleaOptions) => PurpleFlea;
