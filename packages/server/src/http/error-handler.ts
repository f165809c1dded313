import { type ErrorCode, isErrorCode, PurpleFleaError } from "@purpleflea/protocol";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import type { AllowedMethods } from "./method-not-allowed.ts";
import { setLimitReachedHeaders } from "./rate-limit-headers.ts";
import { REQUEST_ID_HEADER } from "./request-id.ts";

interface ValidationIssue {
  instancePath: string;
  message?: string;
  params?: { params?: { code?: unknown } };
}

/** Answers an unknown path itself (the console's client routes), or leaves it to the JSON 404. */
export type NotFoundFallback = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;

/** Every error Fastify raises while handling a request, by its code: what it means to our clients. */
const FRAMEWORK_ERRORS: Record<string, [ErrorCode, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ["body_too_large", "request body is too large"],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ["unsupported_media_type", "send JSON with Content-Type: application/json"],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ["invalid_request", "Content-Length does not match the body"],
  FST_ERR_CTP_EMPTY_JSON_BODY: ["invalid_json", "the body is empty"],
  FST_ERR_CTP_INVALID_JSON_BODY: ["invalid_json", "the body is not valid JSON"],
  FST_ERR_BAD_URL: ["invalid_url", "the path is not a valid URL (bad percent-encoding)"],
  FST_ERR_MAX_PARAM_LENGTH: ["url_too_long", "a path segment is longer than any id this API issues"],
  FST_ERR_VALIDATION: ["invalid_request", "the request does not match the schema"],
};

/** Renders every failure as {"error":{code,message,details}}; only bugs become 500 `internal`. */
export function registerErrorHandling(app: FastifyInstance, allowedMethods: AllowedMethods, fallback?: NotFoundFallback): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const failure = toPurpleFleaError(error);
    if (failure.status >= 500) request.log.error({ err: error }, "request failed");
    return sendFailure(reply, failure);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    const allowed = allowedMethods(path);
    if (allowed.length > 0) {
      reply.header("allow", allowed.join(", "));
      return sendFailure(
        reply,
        new PurpleFleaError("method_not_allowed", `${path} answers ${allowed.join(", ")}, not ${request.method}`),
      );
    }
    return (
      fallback?.(request, reply) ?? sendFailure(reply, new PurpleFleaError("not_found", `no route ${request.method} ${path}`))
    );
  });
}

export function sendFailure(reply: FastifyReply, failure: PurpleFleaError): FastifyReply {
  if (failure.status === 429) setLimitReachedHeaders(reply, failure.details);
  // RFC 9110: a 401 names the scheme it wants; MCP clients read it to know a key is needed.
  if (failure.status === 401) reply.header("www-authenticate", wwwAuthenticate(failure));
  // Router errors are answered before any hook has run, so the header is set here as well.
  reply.header(REQUEST_ID_HEADER, reply.request.id);
  return reply.code(failure.status).send(failure.toBody(reply.request.id));
}

/** RFC 6750: a key that was sent but is wrong is `invalid_token`; a missing one gets the bare challenge. */
function wwwAuthenticate(failure: PurpleFleaError): string {
  const realm = 'Bearer realm="purpleflea"';
  return failure.code === "missing_api_key" ? realm : `${realm}, error="invalid_token"`;
}

export function toPurpleFleaError(error: FastifyError): PurpleFleaError {
  if (error instanceof PurpleFleaError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) return fromValidation(error.validation, error.validationContext);
  const known = FRAMEWORK_ERRORS[error.code];
  if (known) return new PurpleFleaError(...known);
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new PurpleFleaError("invalid_request", error.message);
  }
  return new PurpleFleaError("internal", "internal error");
}

function fromValidation(issues: readonly ValidationIssue[], context: string | undefined): PurpleFleaError {
  const described = issues.map((issue) => ({
    field: fieldName(issue.instancePath, context),
    message: issue.message ?? "is invalid",
    code: issue.params?.params?.code,
  }));
  const first = described[0] ?? { field: context ?? "body", message: "is invalid", code: undefined };
  const code = isErrorCode(first.code) ? first.code : "invalid_request";
  const message = first.message.startsWith(first.field) ? first.message : `${first.field}: ${first.message}`;
  return new PurpleFleaError(code, message, {
    field: first.field,
    issues: described.map(({ field, message }) => ({ field, message })),
  });
}

function fieldName(instancePath: string, context: string | undefined): string {
  const path = instancePath.replace(/^\//, "").replaceAll("/", ".");
  return path || (context ?? "body");
}
