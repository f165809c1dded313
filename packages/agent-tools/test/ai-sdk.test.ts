import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { PurpleFlea, PurpleFleaError } from "@purpleflea/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cachedBalance from "../examples/cached-balance.ts";
import * as quickstart from "../examples/quickstart.ts";
import { realModels } from "../examples/support.ts";
import { type Harness, startHarness } from "./harness.ts";

let harness: Harness;
beforeAll(async () => {
  // One faucet claim per address a day, so that a test can see an example get on without one.
  harness = await startHarness({ ...quickstart.roles, ...cachedBalance.roles }, { FAUCET_MAX_CLAIMS_PER_IP_PER_DAY: "1" });
});
afterAll(() => harness.close());

describe("the AI SDK examples, through generateText's own tool loop", () => {
  it("quickstart: checks balance and price, then buys at most 5 % of the paper balance", async () => {
    const context = await harness.context();
    const outcome = await quickstart.run(context);
    expect(outcome.toolCalls).toEqual(["purpleflea_get_balance", "purpleflea_get_ticker", "purpleflea_trade"]);
    const [order] = (await context.owner.trade.orders({})).orders;
    expect(outcome.text).toBe(`Bought ${order?.filled_amount} BTC on paper at ${order?.fill_price} (order ${order?.order_id}).`);
    expect(order?.status).toBe("filled");
    expect(order?.filled_amount).toBeLessThanOrEqual(0.01);
    expect(order?.notional).toBeLessThanOrEqual(500);
    const balance = await context.owner.wallet.balance();
    expect(balance.paper_balance_str).toBe((10_000 - Number(order?.notional_str) - Number(order?.fee_str)).toFixed(6));
    expect(balance.balance_str).toBe("0.000000");
  });

  it("cached balance: three balance reads cost two requests, and the read after the trade is fresh", async () => {
    const context = await harness.context();
    const paths: string[] = [];
    context.fetch = (url, init) => {
      paths.push(`${init?.method} ${new URL(String(url)).pathname}`);
      return fetch(url, init);
    };
    const outcome = await cachedBalance.run(context);
    expect(paths).toEqual(["GET /api/v1/wallet/balance", "POST /api/v1/trade/order", "GET /api/v1/wallet/balance"]);
    const { paper_balance } = await context.owner.wallet.balance();
    expect(outcome.text).toBe(`Paper balance before: 10000, after: ${paper_balance}.`);
    expect(paper_balance).toBeLessThan(10_000);
  });
});

/** `npx tsx examples/quickstart.ts` as a user runs it with no key, on the scripted model, with this profile file. */
function runQuickstart(profiles: string): Promise<{ stdout: string; stderr: string }> {
  const script = fileURLToPath(new URL("../examples/quickstart.ts", import.meta.url));
  const env = {
    PATH: process.env.PATH,
    PURPLE_FLEA_BASE_URL: harness.server.url,
    PURPLE_FLEA_PROFILES: profiles,
    OPENAI_BASE_URL: harness.model.url,
    OPENAI_MODEL: "purple_flea_trader",
  };
  return promisify(execFile)(process.execPath, ["--import", "tsx", script], { env, timeout: 60_000 });
}

describe("the examples' command line", () => {
  it("runs unchanged on any OpenAI-compatible server named by OPENAI_BASE_URL and OPENAI_MODEL", async () => {
    const context = await harness.context();
    const script = fileURLToPath(new URL("../examples/quickstart.ts", import.meta.url));
    const env = {
      PATH: process.env.PATH,
      PURPLE_FLEA_BASE_URL: context.baseUrl,
      PURPLE_FLEA_API_KEY: context.ownerKey,
      OPENAI_BASE_URL: context.models.baseURL,
      OPENAI_MODEL: "purple_flea_trader",
    };
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], { env, timeout: 60_000 });
    expect(stdout).toContain(`model: purple_flea_trader at ${context.models.baseURL}`);
    const [order] = (await context.owner.trade.orders({})).orders;
    expect(stdout).toContain(`Bought ${order?.filled_amount} BTC on paper`);
  });

  it("keeps its agent in the local profile: a second run reuses it, and neither prints a warning", async () => {
    const folder = mkdtempSync(join(tmpdir(), "purpleflea-examples-"));
    const profiles = join(folder, "profiles.json");
    const runs = [await runQuickstart(profiles), await runQuickstart(profiles)];
    const [first, second] = runs;
    const username = /registered (agent-tools-\w+); its key is saved in /.exec(first?.stdout ?? "")?.[1];
    expect(username).toBeDefined();
    expect(second?.stdout).toContain(`agent: ${username}, saved in ${profiles}`);
    expect(runs.map((run) => run.stderr)).toEqual(["", ""]);
    const { api_key: apiKey } = JSON.parse(readFileSync(profiles, "utf8")).profiles[harness.server.url];
    const agent = new PurpleFlea({ apiKey, baseUrl: harness.server.url });
    expect((await agent.trade.orders({})).orders).toHaveLength(2);
    // The faucet was claimed once, by the run that registered the agent.
    expect((await agent.wallet.balance()).balance_str).toBe("1.000000");
    rmSync(folder, { recursive: true, force: true });
  });

  it("goes on without the faucet when this address has used its claims for the day", async () => {
    const spender = await harness.context();
    // Uses up the address's claim, unless the profile test above already has.
    await spender.owner.faucet.claim().catch((error: unknown) => {
      if (!(error instanceof PurpleFleaError && error.code === "faucet_ip_limit_reached")) throw error;
    });
    const folder = mkdtempSync(join(tmpdir(), "purpleflea-examples-"));
    const run = await runQuickstart(join(folder, "profiles.json"));
    rmSync(folder, { recursive: true, force: true });
    expect(run.stdout).toContain("faucet not claimed: faucet_ip_limit_reached");
    expect(run.stdout).toContain("Bought");
  });

  it("picks a real model from the environment, and the scripted one otherwise", () => {
    expect(realModels({})).toBeNull();
    const openai = realModels({ OPENAI_API_KEY: "sk-test" });
    expect([openai?.baseURL, openai?.model("analyst")]).toEqual(["https://api.openai.com/v1", "gpt-4o-mini"]);
    const local = realModels({ OPENAI_BASE_URL: "http://127.0.0.1:11434/v1", OPENAI_MODEL: "llama3.1" });
    expect([local?.baseURL, local?.apiKey, local?.model("risk_manager")]).toEqual([
      "http://127.0.0.1:11434/v1",
      "unused",
      "llama3.1",
    ]);
  });
});
