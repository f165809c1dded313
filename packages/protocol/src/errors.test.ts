import { describe, expect, it } from "vitest";
import { errorCodes, isErrorCode, PurpleFleaError } from "./errors.ts";

describe("error registry", () => {
  it("names every rule in lowercase snake case and maps it to a 4xx/5xx status", () => {
    for (const [code, status] of Object.entries(errorCodes)) {
      expect(code).toMatch(/^[a-z]+(_[a-z0-9]+)*$/);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
  });

  it("round-trips through the wire shape", () => {
    const error = new PurpleFleaError("insufficient_funds", "not enough", { available_micro: "5" });
    const rebuilt = PurpleFleaError.fromBody(JSON.parse(JSON.stringify(error.toBody())), 422);
    expect(rebuilt.code).toBe("insufficient_funds");
    expect(rebuilt.status).toBe(422);
    expect(rebuilt.details).toEqual({ available_micro: "5" });
  });

  it("falls back on unknown bodies by status", () => {
    expect(PurpleFleaError.fromBody("<html>", 502).code).toBe("internal");
    expect(PurpleFleaError.fromBody({ error: { code: "nope" } }, 400).code).toBe("invalid_request");
    expect(isErrorCode("toString")).toBe(false);
  });
});
