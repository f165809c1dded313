import { jsonNumber, PurpleFleaError } from "@purpleflea/protocol";
import type { FastifyInstance } from "fastify";
import { parse } from "lossless-json";

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const CHARSET_RE = /;\s*charset\s*=\s*"?([^";\s]+)"?/i;

/**
 * The one JSON parser for every body (REST and /mcp): UTF-8 only (another charset is a 415, bytes
 * that are not UTF-8 a 400), nesting at most `maxDepth` deep, no duplicate or `__proto__` keys, and
 * numbers kept as the text that was sent where a double would change it (see JsonNumber). An empty
 * body means "no fields", so bodiless POSTs such as the seed's faucet claim work from any client.
 */
export function registerJsonBodies(app: FastifyInstance, maxDepth: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (request, body: Buffer, done) => {
    try {
      checkCharset(request.headers["content-type"]);
      done(null, parseJsonBody(decodeUtf8(body), maxDepth));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

function checkCharset(contentType: string | undefined): void {
  const charset = CHARSET_RE.exec(contentType ?? "")?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
    throw new PurpleFleaError("unsupported_media_type", `JSON must be UTF-8, not ${charset}`);
  }
}

function decodeUtf8(body: Buffer): string {
  try {
    return UTF8.decode(body);
  } catch {
    throw new PurpleFleaError("invalid_json", "the body is not valid UTF-8");
  }
}

/** Parses a JSON body text by the rules above; undefined for an empty one. */
export function parseJsonBody(text: string, maxDepth: number): unknown {
  if (text.trim() === "") return undefined;
  checkDepth(text, maxDepth);
  try {
    return parse(text, rejectProtoKey, jsonNumber);
  } catch (error) {
    if (error instanceof PurpleFleaError) throw error;
    throw new PurpleFleaError("invalid_json", `the body is not valid JSON: ${(error as Error).message}`);
  }
}

/** `__proto__` is refused outright, as Fastify's own parser did: no client has a reason to send it. */
function rejectProtoKey(key: string, value: unknown): unknown {
  if (key === "__proto__") throw new PurpleFleaError("invalid_json", "the body has a forbidden __proto__ key");
  return value;
}

/**
 * Counts nesting without parsing, before any recursive code (the parser, hashing, validation) sees the
 * body: arrays 10,000 deep fit in a few kilobytes and would otherwise overflow the stack.
 */
function checkDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) {
      if (++depth > maxDepth) {
        throw new PurpleFleaError("json_too_deep", `the body nests deeper than ${maxDepth} levels`, { max_depth: maxDepth });
      }
    } else if (char === 0x5d || char === 0x7d) depth--;
  }
}
