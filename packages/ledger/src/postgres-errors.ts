import { PurpleFleaError } from "@purpleflea/protocol";

/** SQLSTATEs after which running the same unit again can succeed. */
const RETRYABLE = new Set(["40001", "40P01"]);

/** Socket errors and SQLSTATEs that mean the server is gone or not accepting work. */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "57P01",
  "57P02",
  "57P03",
]);
const UNAVAILABLE_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  "Connection ended unexpectedly",
  "terminating connection",
];

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

export function isRetryable(error: unknown): boolean {
  const code = codeOf(error);
  return code !== undefined && RETRYABLE.has(code);
}

export function isUnavailable(error: unknown): boolean {
  if (error instanceof PurpleFleaError) return error.code === "database_unavailable";
  const code = codeOf(error);
  if (code !== undefined && (UNAVAILABLE_CODES.has(code) || code.startsWith("08"))) return true;
  const message = error instanceof Error ? error.message : "";
  return UNAVAILABLE_MESSAGES.some((m) => message.includes(m));
}

/** What a client is told while the database cannot be reached: retry later (503). */
export function databaseUnavailable(cause: unknown): PurpleFleaError {
  if (cause instanceof PurpleFleaError && cause.code === "database_unavailable") return cause;
  const error = new PurpleFleaError("database_unavailable", "the database cannot be reached; retry shortly");
  error.cause = cause;
  return error;
}
