import { operations } from "@purpleflea/protocol";
import { PurpleFleaClient } from "@purpleflea/sdk";
import { type EphemeralServer, mintOperatorKey, startEphemeralServer } from "@purpleflea/server/testing";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AGENT_PAGES, OPERATOR_PAGES } from "../src/routes.ts";
import { type Browser, checkPage, DESKTOP, launchBrowser, openTab, PHONE, signIn } from "./browser.ts";

let server: EphemeralServer;
let browser: Browser;
let operatorKey: string;
const api = (key?: string) =>
  new PurpleFleaClient({ baseUrl: server.url, retry: { retries: 0 }, ...(key ? { apiKey: key } : {}) });

async function register(username: string) {
  const { status, body } = await api().send(operations.register, { username });
  if (status !== 201) throw new Error(`register: ${JSON.stringify(body)}`);
  return body as { agent_id: string; api_key: string };
}

beforeAll(async () => {
  // Streams poll fast so "live" shows within a test's patience; nothing else differs from `npm start`.
  server = await startEphemeralServer({ EVENTS_POLL_MS: "50" });
  operatorKey = await mintOperatorKey(server, "browser test");
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

/** Fails the test if the tab logged a console error at any point. */
function noConsoleErrors(errors: string[]) {
  expect(errors, "console errors").toEqual([]);
}

const available = (page: Page) => page.getByRole("region", { name: "Balances" }).locator(".stat").first();

describe("the console in a real browser", () => {
  it("signs in by keyboard, claims the faucet, and shows a bet placed through the API without a reload", async () => {
    const agent = await register("browser-agent");
    const { page, errors } = await openTab(browser);
    await signIn(page, server.url, agent.api_key);
    await page.getByRole("button", { name: "Claim faucet" }).click();
    await expect.poll(() => available(page).textContent()).toContain("1.00 USDC");

    await page.getByRole("link", { name: "Casino" }).click();
    await page.getByText("No bets yet.").waitFor();
    const bet = await api(agent.api_key).call(operations.bet, { game: "coinflip", amount: "0.25", prediction: "heads" });
    const rows = page.getByRole("table", { name: "Bets" }).locator("tbody tr");
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => rows.first().textContent()).toContain(bet.result);

    // Reveal the seed, then recompute the bet here in the browser: a match, then a tampered seed fails.
    await page.getByRole("button", { name: "Rotate seed (reveal)" }).click();
    await page.getByRole("button", { name: "Verify" }).click();
    await page.getByRole("button", { name: "Recompute" }).click();
    await page.locator("[data-verdict=match]").waitFor();
    const seed = page.getByLabel("Revealed server seed");
    const original = await seed.inputValue();
    await seed.fill(`${original.slice(0, -1)}${original.endsWith("0") ? "1" : "0"}`);
    await page.getByRole("button", { name: "Recompute" }).click();
    await expect.poll(() => page.locator("[data-verdict=mismatch]").textContent()).toContain("does not hash to the commitment");
    await checkPage(page, "casino-verified");
    noConsoleErrors(errors);
    await page.close();
  });

  it("approves a transfer held by the risk gate in the inbox, and shows it executed", async () => {
    const owner = await register("browser-owner");
    const vendor = await register("browser-vendor");
    await api(operatorKey).call(operations.operatorDeposit, { agent: owner.agent_id, amount: "500", memo: "browser test" });
    const trader = await api(owner.api_key).call(operations.createKey, {
      name: "trader",
      scopes: ["transfer"],
      policy: { approval_threshold: "100" },
    });
    const { page, errors } = await openTab(browser);
    await signIn(page, server.url, owner.api_key, "/approvals");
    await page.getByText("Nothing waiting for you.").waitFor();
    const held = await api(trader.api_key).send(operations.transfer, { to: "browser-vendor", amount: "250" });
    expect(held.status).toBe(202);
    const inbox = page.getByRole("table", { name: "Approvals" });
    await inbox.getByText("wallet.transfer").waitFor({ timeout: 10_000 });
    await expect
      .poll(() =>
        page
          .getByRole("navigation")
          .getByRole("link", { name: /Approvals/ })
          .textContent(),
      )
      .toContain("1");
    await expect.poll(() => inbox.textContent()).toContain("trader");
    await expect.poll(() => inbox.textContent()).toContain("approval threshold");
    await checkPage(page, "approvals-inbox");
    await inbox.getByRole("textbox").fill("vendor invoice 42");
    await inbox.getByRole("button", { name: "Approve" }).click();
    await page.getByText("wallet.transfer for 250.00 USDC: now executed.").waitFor();
    await page.getByLabel("Show").selectOption("executed");
    await expect.poll(() => inbox.textContent()).toContain("vendor invoice 42");
    const paid = await api(vendor.api_key).call(operations.balance);
    expect(paid.balance_str).toBe("250.000000");
    noConsoleErrors(errors);
    await page.close();
  });

  it("lets the operator fund an agent, and the agent's open overview shows it live", async () => {
    const agent = await register("browser-funded");
    const agentTab = await openTab(browser);
    await signIn(agentTab.page, server.url, agent.api_key);
    await expect.poll(() => available(agentTab.page).textContent()).toContain("0.00 USDC");

    const operatorTab = await openTab(browser);
    await signIn(operatorTab.page, server.url, operatorKey, "/operator/funding");
    const form = operatorTab.page.getByRole("form", { name: "Fund an agent" });
    await form.getByLabel("Agent (username or id)").fill("browser-funded");
    await form.getByLabel("Amount (USDC)").fill("42.5");
    await form.getByLabel("Memo").fill("wire ref 7");
    await form.getByRole("button", { name: "Fund" }).click();
    await operatorTab.page.getByText("Deposited 42.50 USDC to browser-funded").waitFor();
    await expect.poll(() => available(agentTab.page).textContent(), { timeout: 10_000 }).toContain("42.50 USDC");
    await checkPage(agentTab.page, "overview-funded");
    noConsoleErrors(agentTab.errors);
    noConsoleErrors(operatorTab.errors);
    await agentTab.page.close();
    await operatorTab.page.close();
  });

  it("renders every page at 1280 px and 390 px, keyboard-reachable, with no console error", async () => {
    const agent = await register("browser-tour");
    for (const [key, pages] of [
      [agent.api_key, AGENT_PAGES],
      [operatorKey, OPERATOR_PAGES],
    ] as const) {
      for (const viewport of [DESKTOP, PHONE]) {
        const { page, errors } = await openTab(browser, viewport);
        await signIn(page, server.url, key, pages[0]?.path);
        for (const target of pages) {
          await page.getByRole("navigation").getByRole("link", { name: target.label, exact: false }).first().click();
          await page.waitForURL((url) => url.pathname === target.path);
          const name = target.path === "/" ? "overview" : target.path.slice(1).replaceAll("/", "-");
          await checkPage(page, name);
          if (viewport !== DESKTOP || target !== pages.at(-1)) continue;
          // A client route loaded directly (bookmark, reload) is served the console too.
          await page.reload();
          await page.locator("main h1").first().waitFor();
        }
        noConsoleErrors(errors);
        await page.close();
      }
    }
  });
});
