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

beforeAll(async () => {
  // The README's start command, on a free port instead of 8080.
  server = await spawnServer("npm", ["start", "--", "--port", "0"], { LOG_LEVEL: "warn", ...database.settings });
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

/** Runs a README block as a reader would, from the repository, against the server's database. */
async function runBlock(name: string): Promise<unknown[]> {
  const { stdout } = await run("bash", ["-euo", "pipefail", "-c", readmeBlock(name)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...database.settings },
  });
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

  it("the curl walk-through works verbatim (port aside)", async () => {
    const [claim, balance] = await runBlock("walkthrough");
    expect(claim).toMatchObject({ amount: 1, amount_str: "1.000000", new_balance: 1 });
    expect(balance).toMatchObject({ balance: 1, balance_str: "1.000000", currency: "USDC", paper_balance: 10000 });
  });

  it("the risk-gate walk-through works verbatim: operator funds, the $250 transfer is held, approved, executed", async () => {
    const [deposit, inbox, approved] = (await runBlock("risk-gate")) as Array<Record<string, unknown>>;
    expect(deposit).toMatchObject({ username: "team-owner", amount_str: "1000.000000", agent_available_str: "1000.000000" });
    expect(inbox).toMatchObject({
      approvals: [expect.objectContaining({ status: "pending", amount_str: "250.000000", rule: "approval_threshold" })],
    });
    expect(approved).toMatchObject({
      status: "executed",
      note: "vendor invoice 42",
      result: { status: 200, body: expect.objectContaining({ amount_str: "250.000000" }) },
    });
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
