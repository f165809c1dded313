import { isErrorCode, PurpleFleaError } from "@purpleflea/protocol";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";

interface ValidationIssue {
  instancePath: string;
  message?: string;
  params?: { params?: { code?: unknown } };
}

/** Answers an unknown path itself (the console's client routes), or leaves it to the JSON 404. */
export type NotFoundFallback = (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;

/** Renders every failure as {"error":{code,message,details}}; only bugs become 500 `internal`. */
export function registerErrorHandling(app: FastifyInstance, fallback?: NotFoundFallback): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const failure = toPurpleFleaError(error);
    if (failure.status >= 500) request.log.error({ err: error }, "request failed");
    const retryAfter = failure.details?.retry_after_s;
    if (typeof retryAfter === "number") reply.header("retry-after", String(retryAfter));
    return reply.code(failure.status).send(failure.toBody());
  });
  app.setNotFoundHandler(
    (request, reply) =>
      fallback?.(request, reply) ??
      reply.code(404).send(new PurpleFleaError("not_found", `no route ${request.method} ${request.url.split("?")[0]}`).toBody()),
  );
}

export function toPurpleFleaError(error: FastifyError): PurpleFleaError {
  if (error instanceof PurpleFleaError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) return fromValidation(error.validation, error.validationContext);
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new PurpleFleaError("body_too_large", "request body is too large");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new PurpleFleaError("unsupported_media_type", "send JSON with Content-Type: application/json");
  }
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
