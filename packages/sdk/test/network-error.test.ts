import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { PurpleFlea, PurpleFleaNetworkError } from "../src/index.ts";

/** A 127.0.0.1 port nothing listens on any more. */
async function closedPort(): Promise<number> {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const address = listener.address();
  await new Promise((resolve) => listener.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("network failures", () => {
  it("throw PurpleFleaNetworkError with the URL called and the runtime's error as cause", async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}`;
    const pf = new PurpleFlea({ baseUrl, apiKey: "pf_live_x", retry: { retries: 0 } });
    const error = await pf.wallet.balance().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PurpleFleaNetworkError);
    expect(error).toMatchObject({ name: "PurpleFleaNetworkError", url: `${baseUrl}/api/v1/wallet/balance` });
    expect((error as PurpleFleaNetworkError).cause).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain(`could not reach ${baseUrl}/api/v1/wallet/balance`);
  });

  it("wraps what a custom fetch throws the same way, after the retries a read allows", async () => {
    let calls = 0;
    const failing: typeof fetch = async () => {
      calls++;
      throw new TypeError("socket hang up");
    };
    const pf = new PurpleFlea({ fetch: failing, retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    await expect(pf.casino.games()).rejects.toMatchObject({
      name: "PurpleFleaNetworkError",
      message: expect.stringContaining("socket hang up"),
    });
    expect(calls).toBe(3);
  });
});
