import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { verifyWebhookSignature } from "@purpleflea/sdk";
import { describe, expect, it } from "vitest";
import { signatureHeader } from "../src/webhooks/signature.ts";
import { REPO_ROOT } from "./child-server.ts";

const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
const example = /<!-- webhook-example:start -->([\s\S]*?)<!-- webhook-example:end -->/.exec(readme)?.[1] ?? "";
const field = (name: string) => new RegExp(`^${name}\\s+= (.*)$`, "m").exec(example)?.[1] ?? "";

describe("the README's webhook signature example", () => {
  it("is what the server signs, and verifies by hand and with the SDK", () => {
    const secret = field("secret");
    const header = field("header").replace(/^PurpleFlea-Signature: /, "");
    const body = field("raw body");
    const [, t = "", v1 = ""] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
    expect(secret).toMatch(/^whsec_/);
    expect(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")).toBe(v1);
    expect(field("v1")).toBe(`HMAC_SHA256(secret, message) = ${v1}`);
    expect(signatureHeader(secret, body, Number(t))).toBe(header);
    expect(verifyWebhookSignature(body, header, secret, { nowMs: Number(t) * 1000 })).toBe(true);
  });
});
