import { randomUUID } from "node:crypto";
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
import { DEFAULT_RETRY, type RetryPolicy, retryDelayMs, shouldRetry, sleep } from "./retry.ts";

export interface PurpleFleaOptions {
  apiKey?: string;
  /** Server root, e.g. http://127.0.0.1:8080 (the /api/v1 prefix is added). */
  baseUrl?: string;
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
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
type Namespace<Id> = Id extends `${infer N}.${string}` ? N : never;
type Method<Id> = Id extends `${string}.${infer M}` ? M : never;
type Call<O extends Operation> = (input?: OperationInput<O>, options?: CallOptions) => Promise<OperationOutput<O>>;

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
    this.apiKey = options.apiKey ?? process.env.PURPLE_FLEA_API_KEY;
    this.baseUrl = (options.baseUrl ?? process.env.PURPLE_FLEA_BASE_URL ?? "http://127.0.0.1:8080").replace(/\/+$/, "");
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.fetchImpl = options.fetch ?? fetch;
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
    const idempotencyKey = op.moves ? (options.idempotencyKey ?? randomUUID()) : undefined;
    const replaySafe = op.method === "GET" || idempotencyKey !== undefined;
    for (let attempt = 0; ; attempt++) {
      let status: number | "network" = "network";
      let retryAfter: string | null = null;
      try {
        const response = await this.once(op, input, idempotencyKey);
        if (!shouldRetry(response.status, replaySafe) || attempt >= this.retry.retries) return response;
        status = response.status;
        retryAfter = response.headers.get("retry-after");
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
    const response = await this.fetchImpl(url, {
      method: op.method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
  }
}

/** One method per operation, built at run time from the registry that also typed `Methods`. */
function methodsFor(client: PurpleFleaClient): Methods {
  const groups: Record<string, Record<string, Call<Operation>>> = {};
  for (const op of Object.values(operations) as Operation[]) {
    const [namespace = "", method = ""] = op.id.split(".");
    groups[namespace] ??= {};
    groups[namespace][method] = (input, options) => client.call(op, input, options);
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
