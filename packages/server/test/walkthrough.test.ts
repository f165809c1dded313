import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../src/testing.ts";
import { type ChildServer, REPO_ROOT, spawnServer } from "./child-server.ts";

const run = promisify(execFile);
let server: ChildServer;
const database = await createTestDatabase();

/** Two walk-throughs get the faucet; the third run's claim is refused, to see that refusal reach the reader. */
const FAUCET_CLAIMS_PER_DAY = 2;

beforeAll(async () => {
  // The README's start command, on a free port instead of 8080.
  server = await spawnServer("npm", ["start", "--", "--port", "0"], {
    LOG_LEVEL: "warn",
    FAUCET_MAX_CLAIMS_PER_IP_PER_DAY: String(FAUCET_CLAIMS_PER_DAY),
    ...database.settings,
  });
});
afterAll(async () => {
  server.kill("SIGTERM");
  await server.exited;
  await database.drop();
});

/** The bash block between `<!-- name:start -->` and `<!-- name:end -->`, pointed at this test's server. */
function readmeBlock(name: string): string {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const block = new RegExp(`<!-- ${name}:start -->\\s*\`\`\`bash\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${name}:end -->`).exec(readme);
  if (!block?.[1]) throw new Error(`README has no ${name} block`);
  return block[1].replaceAll("127.0.0.1:8080", `127.0.0.1:${new URL(server.url).port}`);
}

/** Runs a README block from the repository against the server's database; `strict` stops at the first failing command. */
function runBlock(name: string, strict = true): Promise<{ stdout: string; stderr: string }> {
  const options = strict ? ["-euo", "pipefail"] : [];
  return run("bash", [...options, "-c", readmeBlock(name)], { cwd: REPO_ROOT, env: { ...process.env, ...database.settings } });
}

/** The answers a block printed, one JSON document a line; anything on stderr (an error, a warning) fails the test. */
async function runStrict(name: string): Promise<unknown[]> {
  const { stdout, stderr } = await runBlock(name);
  expect(stderr, `${name} wrote to stderr`).toBe("");
  return stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}

describe("README", () => {
  it("the start command serves /healthz", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("the curl walk-through works verbatim (port aside) twice in a row, and a refusal on a third run is loud", async () => {
    for (let run = 1; run <= FAUCET_CLAIMS_PER_DAY; run++) {
      const [claim, balance] = await runStrict("walkthrough");
      expect(claim, `run ${run}`).toMatchObject({ amount: 1, amount_str: "1.000000", new_balance: 1 });
      expect(balance, `run ${run}`).toMatchObject({
        balance: 1,
        balance_str: "1.000000",
        currency: "USDC",
        paper_balance: 10000,
      });
    }
    // This address has used its faucet claims for the day, so this run's claim is refused; pasted as a
    // reader would (no `set -e`), the refusal still shows on stderr and the error answer on stdout.
    const { stdout, stderr } = await runBlock("walkthrough", false);
    expect(stderr).toContain("returned error: 429");
    expect(stdout).toContain('"code":"faucet_ip_limit_reached"');
  });

  it("the risk-gate walk-through works verbatim twice in a row: operator funds, the $250 transfer is held, approved, executed", async () => {
    for (let run = 1; run <= 2; run++) {
      const [deposit, inbox, approved] = (await runStrict("risk-gate")) as Array<Record<string, unknown>>;
      expect(deposit, `run ${run}`).toMatchObject({
        username: expect.stringMatching(/^team-owner-\d+$/),
        amount_str: "1000.000000",
        agent_available_str: "1000.000000",
      });
      expect(inbox, `run ${run}`).toMatchObject({
        approvals: [expect.objectContaining({ status: "pending", amount_str: "250.000000", rule: "approval_threshold" })],
      });
      expect(approved, `run ${run}`).toMatchObject({
        status: "executed",
        note: "vendor invoice 42",
        result: { status: 200, body: expect.objectContaining({ amount_str: "250.000000" }) },
      });
    }
  });

  it("serves the console at /", async () => {
    const page = await fetch(`${server.url}/`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
  });

  it("leaves no warning or error in the server's log", () => {
    const entries = server
      .output()
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(entries.filter((entry) => entry.level >= 40).map((entry) => entry.msg)).toEqual([]);
  });
});
