import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./child-server.ts";
import { registerAgent, startTestServer, type TestServer } from "./harness.ts";

let server: TestServer;
const folder = mkdtempSync(join(tmpdir(), "purpleflea-profile-"));
const profiles = join(folder, "profiles.json");
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** The CLI as a user runs it: no --api-key, no PURPLE_FLEA_API_KEY, this test's profile file. */
const purpleflea = (...args: string[]) =>
  runCli([...args, "--base-url", server.url], { PURPLE_FLEA_PROFILES: profiles, PURPLE_FLEA_API_KEY: "" });

describe("purpleflea keeps the registered agent in the local profile", () => {
  it("register saves the key for this server; later commands use it; a second register reuses it", async () => {
    const registered = await purpleflea("register", "--username", "profiled-agent", "--json");
    expect(registered.code).toBe(0);
    expect(registered.stderr).toContain(`saved profiled-agent's key in ${profiles}`);
    const { api_key, agent_id } = JSON.parse(registered.stdout);
    // The format the Python package reads and writes too.
    expect(JSON.parse(readFileSync(profiles, "utf8"))).toEqual({
      profiles: { [server.url]: { api_key, agent_id, username: "profiled-agent" } },
    });
    expect(statSync(profiles).mode & 0o777).toBe(0o600);

    const faucet = await purpleflea("faucet", "--json");
    expect(faucet.code).toBe(0);
    expect(JSON.parse(faucet.stdout)).toMatchObject({ new_balance_str: "1.000000" });

    const again = await purpleflea("register", "--username", "profiled-agent", "--json");
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("profiled-agent is already registered here");
    expect(JSON.parse(again.stdout)).toEqual({ agent_id, username: "profiled-agent" });
    const balance = await server.call<{ balance_str: string }>("/api/v1/wallet/balance", { key: api_key });
    expect(balance.body.balance_str).toBe("1.000000");
  });

  it("a name taken by another agent is still refused, and the saved agent stays", async () => {
    await registerAgent(server, "someone-else");
    const taken = await purpleflea("register", "--username", "someone-else", "--json");
    expect(taken.code).toBe(1);
    expect(JSON.parse(taken.stdout)).toMatchObject({ error: { code: "username_taken" } });
    expect(JSON.parse(readFileSync(profiles, "utf8")).profiles[server.url].username).toBe("profiled-agent");
  });

  it("--api-key and PURPLE_FLEA_API_KEY win over the profile; PURPLE_FLEA_BASE_URL names the server", async () => {
    const flag = await purpleflea("balance", "--api-key", "pf_live_wrong");
    expect(flag.code).toBe(1);
    expect(flag.stdout).toMatch(/code\s+invalid_api_key/);
    const fromEnv = { PURPLE_FLEA_PROFILES: profiles, PURPLE_FLEA_BASE_URL: server.url };
    const wrong = await runCli(["balance"], { ...fromEnv, PURPLE_FLEA_API_KEY: "pf_live_wrong" });
    expect(wrong.stdout).toMatch(/code\s+invalid_api_key/);
    const saved = await runCli(["balance", "--json"], { ...fromEnv, PURPLE_FLEA_API_KEY: "" });
    expect(JSON.parse(saved.stdout)).toMatchObject({ balance_str: "1.000000" });
  });
});
