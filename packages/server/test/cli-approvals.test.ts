import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./child-server.ts";
import { balanceStr, fundedAgent, registerAgent, startTestServer, type TestServer } from "./harness.ts";
import { createKey } from "./policy-harness.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ FAUCET_AMOUNT: "100" });
});
afterAll(() => server.stop());

const purpleflea = (...args: string[]) => runCli([...args, "--base-url", server.url]);

describe("purpleflea approvals list|approve|reject through the real binary", () => {
  it("a held transfer shows in the inbox and is approved, once, from the command line", async () => {
    const owner = await fundedAgent(server);
    const payee = await registerAgent(server);
    const trader = await createKey(server, owner, "trader", ["transfer"], { approval_threshold: "1" });
    const held = await purpleflea("transfer", "--to", payee.username, "--amount", "5", "--api-key", trader.key, "--json");
    expect(held.code).toBe(0);
    const { approval_id: id, status } = JSON.parse(held.stdout);
    expect(status).toBe("approval_required");
    const second = await purpleflea("transfer", "--to", payee.username, "--amount", "7", "--api-key", trader.key, "--json");
    const otherId = JSON.parse(second.stdout).approval_id;

    const inbox = await purpleflea("approvals", "list", "--status", "pending", "--api-key", owner.apiKey);
    expect(inbox.code).toBe(0);
    expect(inbox.stdout).toMatch(/^approvals:\napproval_id\s+status\s+operation/m);
    expect(inbox.stdout).toMatch(new RegExp(`${id}\\s+pending\\s+wallet\\.transfer`));
    expect(inbox.stdout).toContain(otherId);

    const approved = await purpleflea("approvals", "approve", id, "--note", "looks fine", "--api-key", owner.apiKey);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toMatch(/^status\s+executed$/m);
    expect(approved.stdout).toMatch(/^note\s+looks fine$/m);
    const again = await purpleflea("approvals", "approve", id, "--api-key", owner.apiKey);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/code\s+approval_already_decided/);

    const rejected = await purpleflea("approvals", "reject", "--id", otherId, "--api-key", owner.apiKey);
    expect(rejected.stdout).toMatch(/^status\s+rejected$/m);
    expect(await balanceStr(server, payee)).toBe("5.000000");
    const empty = await purpleflea("approvals", "list", "--status", "pending", "--api-key", owner.apiKey);
    expect(empty.stdout).toContain("approvals:\n(none)");
  });

  it("explains itself: the id as an argument in help, and too many arguments exit 2", async () => {
    const help = await purpleflea("approvals", "approve", "--help");
    expect(help.stdout).toContain("purpleflea approvals approve <id> [flags]");
    expect(help.stdout).toContain("--note");
    const extra = await purpleflea("approvals", "approve", "apr_a", "apr_b", "--api-key", "pf_live_x");
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain("purpleflea approvals approve takes <id>");
  });
});
