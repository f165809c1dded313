import type { Socket } from "node:net";
import { PurpleFleaError } from "@purpleflea/protocol";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { sendFailure, toPurpleFleaError } from "./error-handler.ts";
import { newRequestId } from "./request-id.ts";

/**
 * Fastify's `frameworkErrors` option: errors the router raises before any hook runs (a bad
 * percent-encoding, an over-long path segment) get the one error shape like every other.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  void sendFailure(reply, toPurpleFleaError(error));
}

/**
 * Fastify's `clientErrorHandler` option: requests Node's HTTP parser refuses (malformed, headers too
 * large, too slow) never reach Fastify, so the answer is written on the socket here, in our shape.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === "ECONNRESET" || socket.destroyed) return;
  const failure =
    error.code === "HPE_HEADER_OVERFLOW"
      ? new PurpleFleaError("headers_too_large", "the request headers are too large")
      : error.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? new PurpleFleaError("request_timeout", "the request took too long to arrive")
        : new PurpleFleaError("invalid_request", "malformed HTTP request");
  const requestId = newRequestId();
  const body = JSON.stringify(failure.toBody(requestId));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${failure.status} ${failure.code}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Request-Id: ${requestId}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
