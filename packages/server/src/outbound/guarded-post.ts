import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import type { OutboundPolicy } from "./address-policy.ts";
import { type Destination, DestinationRefused, type Resolver, resolveDestination, systemResolver } from "./destination.ts";

export interface OutboundRequest {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Aborted when the server stops, so shutdown never waits for a slow receiver. */
  signal: AbortSignal;
}

/**
 * What the caller may learn of an attempt. Never the error's own text: a delivery log that echoes
 * "connect ECONNREFUSED 10.0.0.7:5432" or a TLS error naming a host is a scanner of the network.
 */
export type OutboundFailure =
  | "blocked"
  | "timeout"
  | "refused"
  | "unreachable"
  | "dns_failed"
  | "tls_failed"
  | "reset"
  | "failed";

export interface OutboundResult {
  statusCode: number | null;
  /** null for a 2xx; `status <code>` for any other answer; otherwise the failure's category. */
  error: OutboundFailure | `status ${number}` | null;
}

/** Sends one request to a checked address and resolves with the answer's status (its body unread). */
export type Connector = (destination: Destination, request: OutboundRequest, signal: AbortSignal) => Promise<number>;

export interface OutboundDeps {
  resolve?: Resolver;
  connect?: Connector;
}

/**
 * The one way the server calls out to a URL someone else chose (webhooks now): the host is resolved
 * and every address checked at send time, the connection goes to that checked address, redirects are
 * not followed (a 3xx is just an answer), and the result is a category, never raw error text.
 */
export async function guardedPost(
  url: string,
  request: OutboundRequest,
  policy: OutboundPolicy,
  deps: OutboundDeps = {},
): Promise<OutboundResult> {
  const signal = AbortSignal.any([AbortSignal.timeout(request.timeoutMs), request.signal]);
  try {
    const destination = await abortable(resolveDestination(url, policy, deps.resolve ?? systemResolver), signal);
    const status = await abortable((deps.connect ?? connectNode)(destination, request, signal), signal);
    return { statusCode: status, error: status >= 200 && status < 300 ? null : `status ${status}` };
  } catch (error) {
    return { statusCode: null, error: categorize(error) };
  }
}

function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

const CODES: Record<string, OutboundFailure> = {
  ECONNREFUSED: "refused",
  EHOSTUNREACH: "unreachable",
  ENETUNREACH: "unreachable",
  EHOSTDOWN: "unreachable",
  ENOTFOUND: "dns_failed",
  EAI_AGAIN: "dns_failed",
  EAI_FAIL: "dns_failed",
  ENODATA: "dns_failed",
  ECONNRESET: "reset",
  EPIPE: "reset",
  ETIMEDOUT: "timeout",
};

export function categorize(error: unknown): OutboundFailure {
  if (error instanceof DestinationRefused) return "blocked";
  if (!(error instanceof Error)) return "failed";
  if (error.name === "TimeoutError" || error.name === "AbortError") return "timeout";
  const code = String((error as NodeJS.ErrnoException).code ?? "");
  if (CODES[code]) return CODES[code];
  if (code.startsWith("ERR_TLS") || code.startsWith("ERR_SSL") || code.includes("CERT") || code.includes("SIGNATURE"))
    return "tls_failed";
  return "failed";
}

/** node:http(s) to the checked address itself (no second lookup), with the URL's host for Host and TLS. */
const connectNode: Connector = (destination, request, signal) =>
  new Promise((resolve, reject) => {
    const { url, address, family } = destination;
    const tls = url.protocol === "https:";
    const send = tls ? httpsRequest : httpRequest;
    const hostname = url.hostname.replace(/^\[|\]$/g, "");
    const outgoing = send(
      {
        host: address,
        family,
        port: url.port || (tls ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: "POST",
        headers: { ...request.headers, host: url.host, "content-length": String(Buffer.byteLength(request.body)) },
        ...(tls && isIP(hostname) === 0 ? { servername: hostname } : {}),
        agent: false,
        signal,
      },
      (response) => {
        response.destroy();
        resolve(response.statusCode ?? 0);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(request.body);
  });
