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

function readmeWalkthrough(): string {
  const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
  const block = /<!-- walkthrough:start -->\s*```bash\n([\s\S]*?)```\s*<!-- walkthrough:end -->/.exec(readme);
  if (!block?.[1]) throw new Error("README has no walk-through block");
  return block[1];
}

describe("README", () => {
  it("the start command serves /healthz", async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("the curl walk-through works verbatim (port aside)", async () => {
    const port = new URL(server.url).port;
    const script = readmeWalkthrough().replaceAll("127.0.0.1:8080", `127.0.0.1:${port}`);
    const { stdout } = await run("bash", ["-euo", "pipefail", "-c", script]);
    const [claim, balance] = stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(claim).toMatchObject({ amount: 1, amount_str: "1.000000", new_balance: 1 });
    expect(balance).toMatchObject({ balance: 1, balance_str: "1.000000", currency: "USDC", paper_balance: 10000 });
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
