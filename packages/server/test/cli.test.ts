import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./child-server.ts";
import { startTestServer, type TestServer } from "./harness.ts";

const purpleflea = (...args: string[]) => runCli(args);

const EXAMPLE = [
  "--server-seed",
  "5f1ac0c5e1a3a2b8d5f0c2e4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4",
  "--client-seed",
  "my-client-seed",
  "--nonce",
  "7",
];

describe("purpleflea CLI", () => {
  it("verify recomputes the README's worked example offline", async () => {
    const run = await purpleflea("verify", ...EXAMPLE, "--game", "roulette", "--prediction", "red", "--amount", "1", "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      server_seed_hash: "572a5646f1caffb923d775aff79cc1ca4f93f8ebb5fbeb17a55f613051a27bfb",
      commitment_matches: null,
      float: 0.1419811793603003,
      result: "5",
      outcome: "win",
      multiplier: 2.0452,
      payout: "2.045277",
    });
  });

  it("verify exits 1 when the seed does not match the commitment", async () => {
    const run = await purpleflea(
      "verify",
      ...EXAMPLE,
      "--game",
      "dice",
      "--prediction",
      "over_50",
      "--server-seed-hash",
      "00".repeat(32),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("commitment_matches   false");
  });

  it("verify explains bad arguments and exits 2", async () => {
    const run = await purpleflea("verify", "--server-seed", "xyz", "--game", "poker");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--server-seed must be 64 lowercase hex characters");
    expect(run.stderr).toContain("--game must be one of");
    const badPrediction = await purpleflea("verify", ...EXAMPLE, "--game", "dice", "--prediction", "over_99.9");
    expect(badPrediction.code).toBe(2);
    expect(badPrediction.stderr).toContain("prediction_out_of_range");
  });

  it("help lists every command, and each command has its own help", async () => {
    const help = await purpleflea("--help");
    expect(help.code).toBe(0);
    for (const command of ["serve", "verify", "mcp", "help"]) expect(help.stdout).toContain(`purpleflea ${command}`);
    expect((await purpleflea("serve", "--help")).stdout).toContain("--data-dir");
    expect((await purpleflea("verify", "--help")).stdout).toContain("--server-seed-hash");
    expect((await purpleflea("mcp", "--help")).stdout).toContain("--api-key");
    expect((await purpleflea("nonsense")).code).toBe(2);
  });

  it("serve refuses a bad configuration with a clear message", async () => {
    const run = await runCli(["serve"], { PORT: "nope" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("PORT");
  });
});

describe("purpleflea API commands against a real server", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it("register, faucet, balance and bet through the real binary", async () => {
    const base = ["--base-url", server.url];
    const registered = await purpleflea("register", "--username", "cli-agent", "--json", ...base);
    expect(registered.code).toBe(0);
    const key = JSON.parse(registered.stdout).api_key as string;
    const auth = [...base, "--api-key", key];
    const faucet = await purpleflea("faucet", ...auth);
    expect(faucet.stdout).toMatch(/new_balance\s+1\.000000/);
    const bet = await purpleflea("bet", "--game", "dice", "--amount", "0.5", "--prediction", "under_50", "--json", ...auth);
    expect(["win", "loss"]).toContain(JSON.parse(bet.stdout).outcome);
    const balance = await purpleflea("wallet", "balance", ...auth);
    expect(balance.stdout).toContain(`balance        ${JSON.parse(bet.stdout).new_balance_str}`);
    expect(balance.stdout).toMatch(/balances:\nasset\s+balance/);
    const bets = await purpleflea("casino", "bets", "--limit", "5", ...auth);
    expect(bets.stdout).toContain(JSON.parse(bet.stdout).bet_id);
    // The flags' defaults, as the help says: $PURPLE_FLEA_API_KEY and $PURPLE_FLEA_BASE_URL.
    const fromEnv = await runCli(["balance", "--json"], { PURPLE_FLEA_API_KEY: key, PURPLE_FLEA_BASE_URL: server.url });
    expect(JSON.parse(fromEnv.stdout).balance_str).toBe(JSON.parse(bet.stdout).new_balance_str);
  });

  it("order, positions and an escrow through the real binary", async () => {
    const base = ["--base-url", server.url];
    const keyOf = async (username: string) =>
      JSON.parse((await purpleflea("register", "--username", username, "--json", ...base)).stdout).api_key as string;
    const auth = [...base, "--api-key", await keyOf("cli-trader")];
    await purpleflea("faucet", ...auth);
    const order = await purpleflea(
      "order",
      "--symbol",
      "BTC",
      "--side",
      "buy",
      "--amount",
      "0.01",
      "--mode",
      "paper",
      "--json",
      ...auth,
    );
    expect(JSON.parse(order.stdout)).toMatchObject({ status: "filled", filled_amount_str: "0.01000000" });
    expect((await purpleflea("positions", ...auth)).stdout).toMatch(/BTC-USD\s+0\.01/);
    await keyOf("cli-seller");
    const created = await purpleflea(
      "escrow",
      "create",
      "--counterparty",
      "cli-seller",
      "--amount",
      "0.5",
      "--condition",
      "x",
      "--json",
      ...auth,
    );
    const { escrow_id: escrowId } = JSON.parse(created.stdout);
    const released = await purpleflea("escrow", "release", "--escrow-id", escrowId, "--json", ...auth);
    expect(JSON.parse(released.stdout)).toMatchObject({ status: "released", net_amount_str: "0.495000" });
  });

  it("prints the API error and exits 1", async () => {
    const run = await purpleflea("balance", "--base-url", server.url, "--api-key", "pf_live_wrong");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/code\s+invalid_api_key/);
  });

  it("each API command's help lists the flags of its schema", async () => {
    const help = await purpleflea("bet", "--help");
    for (const flag of ["--game", "--amount", "--prediction", "--client-seed"]) expect(help.stdout).toContain(flag);
    expect((await purpleflea("wallet", "transactions", "--help")).stdout).toContain("--cursor");
    const top = await purpleflea("help");
    expect(top.stdout).toContain("purpleflea casino bet");
    expect(top.stdout).toContain("purpleflea wallet transfer");
  });
});
